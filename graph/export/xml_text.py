r"""XML text as ElementTree writes it when NetworkX's ``write_gexf`` and ``write_graphml``
pretty-print a tree: two spaces per level, an element with no children and no text closed
with `` />``, and ElementTree's escapes (in attributes, also quotes, tabs and line breaks).

>>> start_tag(1, "node", {"id": 'say "hi"'}) + empty_tag(2, "data", {}) + end_tag(1, "node")
'  <node id="say &quot;hi&quot;">\n    <data />\n  </node>\n'
>>> text_element(0, "data", {"key": "d0"}, "a & b"), text_element(0, "data", {}, "")
('<data key="d0">a &amp; b</data>\n', '<data />\n')
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

__all__ = ["block", "empty_tag", "end_tag", "start_tag", "text_element"]


def block(depth: int, tag: str, elements: Iterable[str]) -> Iterator[str]:
    """``<tag>`` around ``elements``, or ``<tag />`` when there are none."""
    opened = False
    for element in elements:
        if not opened:
            yield start_tag(depth, tag, {})
            opened = True
        yield element
    yield end_tag(depth, tag) if opened else empty_tag(depth, tag, {})


def start_tag(depth: int, tag: str, attributes: dict[str, str]) -> str:
    return f"{'  ' * depth}<{tag}{_attributes(attributes)}>\n"


def empty_tag(depth: int, tag: str, attributes: dict[str, str]) -> str:
    return f"{'  ' * depth}<{tag}{_attributes(attributes)} />\n"


def end_tag(depth: int, tag: str) -> str:
    return f"{'  ' * depth}</{tag}>\n"


def text_element(depth: int, tag: str, attributes: dict[str, str], text: str) -> str:
    if not text:
        return empty_tag(depth, tag, attributes)
    return f"{'  ' * depth}<{tag}{_attributes(attributes)}>{_escapetext_element(text)}</{tag}>\n"


def _attributes(attributes: dict[str, str]) -> str:
    return "".join(f' {name}="{_escape_attribute(value)}"' for name, value in attributes.items())


def _escapetext_element(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _escape_attribute(text: str) -> str:
    text = _escapetext_element(text).replace('"', "&quot;")
    return text.replace("\r", "&#13;").replace("\n", "&#10;").replace("\t", "&#09;")
