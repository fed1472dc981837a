"""Write tokens: ``NAME=SECRET`` pairs; a request bearing SECRET writes as NAME.

Secrets are compared in constant time (against every configured token, so the time does not
depend on which one matches) and are never logged or echoed.

>>> tokens = Tokens.parse(["ann=s3cret", "bob=hunter2"])
>>> tokens.author("Bearer hunter2"), tokens.author("Bearer nope"), tokens.author(None)
('bob', None, None)
"""

from __future__ import annotations

import hmac
from collections.abc import Iterable
from dataclasses import dataclass

__all__ = ["Tokens"]


@dataclass(frozen=True, repr=False)
class Tokens:
    """The configured write tokens; empty means the API is read-only."""

    pairs: tuple[tuple[str, bytes], ...] = ()

    @classmethod
    def parse(cls, specs: Iterable[str]) -> Tokens:
        """Tokens from ``NAME=SECRET`` strings; raises ``ValueError`` naming a bad one by NAME."""
        pairs: list[tuple[str, bytes]] = []
        for spec in specs:
            name, sep, secret = spec.partition("=")
            name = name.strip()
            if not sep or not name or not secret:
                shown = name or "(no name)"
                raise ValueError(f"token {shown!r} must be given as NAME=SECRET, both non-empty")
            if any(name == known for known, _ in pairs):
                raise ValueError(f"token name {name!r} is given twice")
            pairs.append((name, secret.encode()))
        return cls(tuple(pairs))

    @classmethod
    def from_env(cls, value: str | None) -> Tokens:
        """Tokens from a comma-separated ``NAME=SECRET,NAME=SECRET`` list."""
        if not value:
            return cls()
        return cls.parse(part for part in value.split(",") if part.strip())

    def __repr__(self) -> str:
        names = ", ".join(name for name, _ in self.pairs)
        return f"Tokens(names=[{names}], secrets hidden)"

    def __bool__(self) -> bool:
        return bool(self.pairs)

    def author(self, authorization: str | None) -> str | None:
        """The NAME whose SECRET the ``Authorization: Bearer`` header carries, else ``None``."""
        if not authorization:
            return None
        scheme, _, presented = authorization.partition(" ")
        if scheme.lower() != "bearer" or not presented.strip():
            return None
        offered = presented.strip().encode()
        found = None
        for name, secret in self.pairs:
            if hmac.compare_digest(offered, secret):
                found = name
        return found
