"""``GET /export/{format}``: the graph as a file for a front end, streamed as it is written.

:mod:`~schema.http.exports.parameters` reads the query parameters (the CLI's ``export`` reads
its flags with it too), :mod:`~schema.http.exports.routes` answers, and
:mod:`~schema.http.exports.streams` passes on a file a forked child writes.
"""

from __future__ import annotations

from schema.http.exports.parameters import PARAMETERS, parse_export_options, parse_format
from schema.http.exports.routes import export_routes

__all__ = ["PARAMETERS", "export_routes", "parse_export_options", "parse_format"]
