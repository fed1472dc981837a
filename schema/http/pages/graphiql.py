"""GraphiQL for ``GET /graphql`` from a browser, with every file from the app's own origin.

The page (``graphiql.html`` beside this module) loads GraphiQL, React and the explorer plugin
from ``/static/vendor/``, which ``web/graphiql`` builds from npm (see docs/api.md, "GraphiQL");
an installation built without them answers a page saying how to build them instead of a blank
one. Either way the Content-Security-Policy lets the page load nothing from another origin.
"""

from __future__ import annotations

import html
import re
from importlib.resources import files
from importlib.resources.abc import Traversable

from starlette.responses import HTMLResponse

__all__ = ["GRAPHIQL_POLICY", "MISSING_POLICY", "graphiql_page", "missing_assets"]

# GraphiQL and its editors add <style> elements, hence 'unsafe-inline' for styles alone; its
# fonts are data: URLs in its stylesheet. 'self' covers the WebSocket to this host too.
GRAPHIQL_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; "
    "base-uri 'none'; form-action 'none'; frame-ancestors 'self'"
)
MISSING_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'"

_VENDOR_FILE = re.compile(r'"/static/(vendor/[^"]+)"')


def _static() -> Traversable:
    return files("schema.http") / "static"


def _page(name: str) -> str:
    return (files("schema.http.pages") / name).read_text(encoding="utf-8")


def missing_assets(page: str, static: Traversable) -> list[str]:
    """The files under ``/static/vendor/`` that ``page`` loads and ``static`` lacks.

    >>> missing_assets('<script src="/static/vendor/none.js"></script>', _static())
    ['vendor/none.js']
    """
    return [name for name in _VENDOR_FILE.findall(page) if not (static / name).is_file()]


def graphiql_page() -> HTMLResponse:
    """GraphiQL, or when the files it loads are not in the package (it was installed or
    checked out without building them), a page naming them and saying how to build them."""
    page = _page("graphiql.html")
    missing = missing_assets(page, _static())
    if not missing:
        return HTMLResponse(page, headers={"content-security-policy": GRAPHIQL_POLICY})
    names = html.escape(", ".join(missing))
    return HTMLResponse(
        _page("graphiql-missing.html").replace("{missing}", names),
        headers={"content-security-policy": MISSING_POLICY},
    )
