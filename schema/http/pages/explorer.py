"""The explorer's page at ``/``: its HTML from the package, or GraphiQL when it is missing."""

from __future__ import annotations

from importlib.resources import files

from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response

__all__ = ["home"]


async def home(request: Request) -> Response:
    """The explorer's ``index.html``; a redirect to ``/graphql`` if the package lacks it."""
    page = files("schema.http") / "static" / "index.html"
    if not page.is_file():
        return RedirectResponse("/graphql")
    return HTMLResponse(page.read_text(encoding="utf-8"))
