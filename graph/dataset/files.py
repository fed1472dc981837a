"""Dataset files: JSON (``.json``) or YAML (anything else), read and validated whole, and
written as YAML that keeps its text as it is (:func:`yaml_text`).

A file that cannot be read as a dataset at all (not UTF-8, not JSON or YAML, not a mapping)
raises :class:`UnreadableDataset`; one that can raises
:class:`~graph.model.errors.InvalidDataset` naming every problem in its records. A value that
YAML or JSON reads as a date or number but cannot build (``2016-13-45``, an integer of 5,000
digits) is left as the text it is, so that the record and field it is in are named.

Examples
--------
>>> from graph.dataset.seed import seed_path
>>> len(load_dataset(seed_path()).relationships) > 0
True
>>> decode_dataset(Path("impossible.yaml"), b"relationships: [{date: 2016-13-45}]")
{'relationships': [{'date': '2016-13-45'}]}
>>> decode_dataset(Path("list.yaml"), b"[1, 2]")
Traceback (most recent call last):
...
graph.dataset.files.UnreadableDataset: list.yaml: must be a mapping of sources, actors and ...
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import yaml

from graph.dataset.fields import GivenTwice
from graph.dataset.parse import Dataset, parse_dataset
from graph.dataset.typed_json import typed_dataset
from graph.model.errors import DatasetProblem, InvalidDataset
from graph.store.bulk import collector_paused

__all__ = ["UnreadableDataset", "decode_dataset", "load_dataset", "read_dataset", "yaml_text"]


class UnreadableDataset(InvalidDataset):
    """A dataset file that cannot be read as a dataset at all: not UTF-8, not JSON or YAML,
    or not a mapping. Its one problem names the file; ``reason`` says what is wrong."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__([DatasetProblem(str(path), "-", reason)])
        self.path, self.reason = path, reason

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"


class _Loader(yaml.SafeLoader):
    """YAML's safe loader, except that a date or integer it cannot build stays text, and that
    a mapping that gives a key twice says so.

    PyYAML raises a bare ``ValueError`` (``month must be in 1..12``) for ``2016-13-45``, with
    no word of where; as text, the record reader names the record and field it is in. It
    keeps the last value of a key given twice, silently, though YAML wants keys unique: such a
    mapping is a :class:`~graph.dataset.fields.GivenTwice`, and the reader names the field.
    Everything else YAML can build is built exactly as :func:`yaml.safe_load` builds it.
    """


def _timestamp(loader: yaml.SafeLoader, node: yaml.Node) -> object:
    assert isinstance(node, yaml.ScalarNode)
    try:
        return loader.construct_yaml_timestamp(node)
    except (ValueError, OverflowError):
        return loader.construct_scalar(node)


def _int(loader: yaml.SafeLoader, node: yaml.Node) -> object:
    assert isinstance(node, yaml.ScalarNode)
    try:
        return loader.construct_yaml_int(node)
    except ValueError:  # longer than Python converts (sys.get_int_max_str_digits)
        return loader.construct_scalar(node)


def _twice(node: yaml.MappingNode) -> tuple[str, ...]:
    """The keys of ``node`` written more than once in it (merged ones, ``<<``, left out)."""
    seen: set[tuple[str, str]] = set()
    twice: list[str] = []
    for key, _ in node.value:
        if isinstance(key, yaml.ScalarNode) and key.tag != "tag:yaml.org,2002:merge":
            if (key.tag, key.value) in seen and key.value not in twice:
                twice.append(key.value)
            seen.add((key.tag, key.value))
    return tuple(twice)


def _mapping(loader: yaml.SafeLoader, node: yaml.Node) -> Iterator[object]:
    assert isinstance(node, yaml.MappingNode)
    twice = _twice(node)
    if not twice:
        yield from loader.construct_yaml_map(node)
        return
    data = GivenTwice({}, twice)
    yield data  # before its values, as PyYAML does, for mappings that refer to themselves
    data.update(loader.construct_mapping(node))


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp)
_Loader.add_constructor("tag:yaml.org,2002:int", _int)
_Loader.add_constructor("tag:yaml.org,2002:map", _mapping)


class _Dumper(yaml.SafeDumper):
    """YAML's safe dumper, writing a text that holds a line break other than ``\\n`` in double
    quotes, where it is escaped (``\\N``, ``\\L``, ``\\P``): written raw, as UTF-8 text is
    otherwise written, YAML would read it back as a line break and fold it into a space."""


_FOLDED = frozenset("\x85\u2028\u2029")


def _text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = '"' if not _FOLDED.isdisjoint(value) else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _text)


def yaml_text(data: object) -> str:
    """``data`` (plain data, such as :func:`~graph.dataset.parse.dump_dataset` gives) as YAML
    text: keys in their order, text as it is (UTF-8, no ``\\u`` escapes) except for the few
    characters YAML cannot carry raw, and read back identically.

    Examples
    --------
    >>> print(yaml_text({"quote": "Iran’s base", "note": "line\\u2028break"}), end="")
    quote: Iran’s base
    note: "line\\Lbreak"
    >>> yaml.safe_load(yaml_text({"note": "line\\u2028break"}))["note"] == "line\\u2028break"
    True
    """
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False)


def _json_int(text: str) -> int | str:
    try:
        return int(text)
    except ValueError:  # longer than Python converts: the reader names the field
        return text


def _decoded(path: Path, data: bytes) -> object:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        raise UnreadableDataset(path, f"is not UTF-8 text: {err}") from None
    try:
        if path.suffix.lower() == ".json":
            return json.loads(text, parse_int=_json_int)
        return yaml.load(text, Loader=_Loader)  # a safe loader: builds plain data only
    except (ValueError, yaml.YAMLError) as err:  # JSONDecodeError is a ValueError
        raise UnreadableDataset(path, f"cannot be parsed: {err}") from None
    except RecursionError:
        raise UnreadableDataset(path, "cannot be parsed: nested too deeply") from None


def decode_dataset(path: Path, data: bytes) -> Mapping[str, Any]:
    """The raw data of the dataset file at ``path`` whose bytes are ``data``.

    Parameters
    ----------
    path : Path
        The file's path: JSON when its suffix is ``.json``, else YAML; named in errors.
    data : bytes
        The file's contents.

    Returns
    -------
    Mapping
        The file's top-level mapping, for :func:`~graph.dataset.parse.parse_dataset`.

    Raises
    ------
    UnreadableDataset
        When ``data`` is not UTF-8, not JSON or YAML, or not a mapping.

    Examples
    --------
    >>> decode_dataset(Path("d.json"), b'{"actors": []}')
    {'actors': []}
    >>> decode_dataset(Path("d.json"), b"\\xff")
    Traceback (most recent call last):
    ...
    graph.dataset.files.UnreadableDataset: d.json: is not UTF-8 text: ...
    """
    raw = _decoded(path, data)
    if not isinstance(raw, Mapping):
        got = "nothing" if raw is None else type(raw).__name__
        reason = f"must be a mapping of sources, actors and relationships, got {got}"
        raise UnreadableDataset(path, reason)
    return raw


def read_dataset(path: str | Path) -> object:
    """Read the raw data of a JSON (``.json``) or YAML (anything else) dataset file.

    Raises :class:`UnreadableDataset` when it is not UTF-8 or not JSON or YAML, and
    :class:`OSError` when it cannot be read.
    """
    path = Path(path)
    return _decoded(path, path.read_bytes())


def load_dataset(path: str | Path) -> Dataset:
    """Read and validate a dataset file.

    A JSON file is first decoded straight into typed records (:mod:`graph.dataset.typed_json`); one
    that is not entirely right is then read by the full reader, which names every problem.
    Raises :class:`UnreadableDataset` for a file that is no dataset at all,
    :class:`~graph.model.errors.InvalidDataset` for one with problems, and :class:`OSError`
    when it cannot be read.
    """
    path = Path(path)
    with collector_paused():
        if path.suffix.lower() == ".json" and (typed := typed_dataset(path)) is not None:
            return typed
        return parse_dataset(decode_dataset(path, path.read_bytes()))
