"""``serve``'s write tokens: from a private file (``--token-file``, the recommended way), or
from ``--token`` and the environment.

A token file holds one ``NAME=SECRET`` a line; blank lines and lines starting with ``#`` are
left out. It must be readable by its owner only (``chmod 600``): a file that the group or other
users may read or write is refused, as is a line that is not ``NAME=SECRET``, and no message
ever shows a secret. ``--token NAME=SECRET`` stays for tests and local use: a command line is
shown by ``ps`` to every user of the machine.
"""

from __future__ import annotations

import argparse
import os
import stat
from pathlib import Path

from schema.http.auth import Tokens

__all__ = ["ENV_TOKENS", "ENV_TOKEN_FILE", "add_token_options", "read_token_file", "tokens_of"]

ENV_TOKENS = "ALLIANCE_GRAPH_TOKENS"
ENV_TOKEN_FILE = "ALLIANCE_GRAPH_TOKEN_FILE"
_SHARED = stat.S_IRGRP | stat.S_IWGRP | stat.S_IROTH | stat.S_IWOTH


def add_token_options(serve: argparse.ArgumentParser) -> None:
    """``--token-file`` and ``--token``, with their environment fallbacks."""
    serve.add_argument(
        "--token-file",
        type=Path,
        default=os.environ.get(ENV_TOKEN_FILE),
        metavar="FILE",
        help=f"allow writes with the tokens in FILE, one NAME=SECRET a line (blank lines and "
        f"# comments allowed); 'Authorization: Bearer SECRET' is recorded as NAME. FILE must "
        f"be readable by its owner only (chmod 600). The recommended way (env "
        f"{ENV_TOKEN_FILE})",
    )
    serve.add_argument(
        "--token",
        action="append",
        metavar="NAME=SECRET",
        help=f"a write token on the command line, for tests and local use only: `ps` shows it "
        f"to every user of the machine (use --token-file); repeatable (env {ENV_TOKENS}: "
        "NAME=SECRET,NAME=SECRET). Without any token, the API is read-only",
    )


def read_token_file(path: Path) -> list[str]:
    """The ``NAME=SECRET`` lines of the token file at ``path``.

    Raises ``ValueError`` naming the file (and the line) when it cannot be read, when the group
    or other users may read or write it, when a line is not ``NAME=SECRET`` or when it holds
    no token; the message never holds a secret.
    """
    try:
        # Not blocking on a FIFO; the mode checked is that of the file read.
        with open(os.open(path, os.O_RDONLY | os.O_NONBLOCK), "rb") as handle:
            mode = os.fstat(handle.fileno()).st_mode
            if not stat.S_ISREG(mode):
                raise ValueError(f"--token-file {path}: is not a regular file")
            if mode & _SHARED:
                raise ValueError(
                    f"--token-file {path}: other users may read or write it (mode "
                    f"{stat.S_IMODE(mode):04o}); make it private with: chmod 600 {path}"
                )
            data = handle.read()
    except OSError as err:
        raise ValueError(f"--token-file {path}: cannot read: {err.strerror or err}") from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise ValueError(f"--token-file {path}: is not UTF-8 text") from None
    specs = []
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        name, sep, secret = line.partition("=")
        if not sep or not name.strip() or not secret.strip():
            raise ValueError(
                f"--token-file {path} line {number}: must be NAME=SECRET, both non-empty"
            )
        specs.append(f"{name.strip()}={secret.strip()}")
    if not specs:
        raise ValueError(f"--token-file {path}: holds no NAME=SECRET line")
    return specs


def tokens_of(args: argparse.Namespace) -> Tokens:
    """The tokens of ``--token-file`` and ``--token`` together (``ALLIANCE_GRAPH_TOKENS`` when
    no ``--token`` is given); ``ValueError`` for a bad file, a bad token or a name given twice.
    """
    specs = list(args.token or [])
    if not specs:
        specs = [part for part in os.getenv(ENV_TOKENS, "").split(",") if part.strip()]
    if args.token_file is not None:
        specs += read_token_file(args.token_file)
    return Tokens.parse(specs)
