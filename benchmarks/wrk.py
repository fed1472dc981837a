"""Drive wrk (the HTTP load generator from Debian's ``wrk`` package) and read its numbers.

Every run gets a Lua script that sets the method, headers and body, and prints one JSON line
of results from wrk's ``done`` hook. A write run builds a new body per request from a
template with ``%s`` (a per-thread, per-request unique id), and a run given a ``script``
builds them as that Lua says; both count answers that are not 200 or carry GraphQL
``errors``. Each result says how much CPU wrk itself used, since on a small machine the load
generator takes cores from the server it loads.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

__all__ = ["CHECK_ANSWERS", "WrkResult", "available", "lua_string", "run", "version"]

_DONE = r"""
local threads = {}
function setup(thread)
  thread:set("tid", #threads + 1)
  table.insert(threads, thread)
end
done = function(summary, latency, requests)
  local bad = 0
  for _, t in ipairs(threads) do bad = bad + (t:get("bad") or 0) end
  local e = summary.errors
  io.write(string.format(
    'WRKJSON {"requests":%d,"duration_us":%d,"bytes":%d,"connect":%d,"read":%d,' ..
    '"write":%d,"status":%d,"timeout":%d,"p50_us":%d,"p90_us":%d,"p99_us":%d,' ..
    '"max_us":%d,"bad":%d}\n',
    summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write, e.status,
    e.timeout, latency:percentile(50), latency:percentile(90), latency:percentile(99),
    latency.max, bad))
end
"""

CHECK_ANSWERS = r"""
bad = 0
function response(status, headers, body)
  if status ~= 200 or string.find(body, '"errors"', 1, true) then bad = bad + 1 end
end
"""
"""Lua counting answers that are not 200 or carry GraphQL ``errors`` (a run's ``errors``)."""

_WRITES = r"""
counter = 0
function init(args) prefix = RUN .. "-" .. tid .. "-" end
function request()
  counter = counter + 1
  return wrk.format(nil, nil, nil, string.format(TEMPLATE, prefix .. counter))
end
"""


@dataclass(frozen=True)
class WrkResult:
    requests: int
    seconds: float
    rps: float
    p50_ms: float
    p90_ms: float
    p99_ms: float
    max_ms: float
    errors: int
    """Socket errors, non-2xx answers and (for writes and scripts) answers with GraphQL errors."""
    cpu_s: float = 0.0
    """CPU time wrk itself used (user + system)."""


def available() -> bool:
    return shutil.which("wrk") is not None


def version() -> str:
    done = subprocess.run(["wrk", "--version"], capture_output=True, text=True, check=False)
    return (done.stdout or done.stderr).splitlines()[0].strip()


def lua_string(text: str) -> str:
    """``text`` as a Lua long-bracket string literal."""
    level = "=" * 4
    assert f"]{level}]" not in text
    return f"[{level}[{text}]{level}]"


def run(
    url: str,
    *,
    seconds: float,
    connections: int,
    method: str = "GET",
    body: str | None = None,
    headers: dict[str, str] | None = None,
    template: str | None = None,
    run_id: str = "run",
    script: str | None = None,
) -> WrkResult:
    """Load ``url`` for ``seconds`` with ``connections`` connections on one wrk thread.

    ``script`` is Lua that defines ``request()`` (and may define ``response`` counting ``bad``,
    as :data:`CHECK_ANSWERS` does); it runs after the method, headers and body are set.
    """
    lines = [f"wrk.method = {lua_string(method)}"]
    for name, value in (headers or {}).items():
        lines.append(f"wrk.headers[ {lua_string(name)} ] = {lua_string(value)}")
    if body is not None:
        lines.append(f"wrk.body = {lua_string(body)}")
    if template is not None:
        lines.append(f"TEMPLATE = {lua_string(template)}")
        lines.append(f"RUN = {lua_string(run_id)}")
        lines += [_WRITES, CHECK_ANSWERS]
    if script is not None:
        lines.append(script)
    lines.append(_DONE)
    with tempfile.TemporaryDirectory() as tmp:
        lua = Path(tmp) / "bench.lua"
        lua.write_text("\n".join(lines), encoding="utf-8")
        duration = f"-d{max(1, round(seconds))}s"
        command = ["wrk", "-t1", f"-c{connections}", duration, "--timeout=30s", "-s", str(lua)]
        out, err = Path(tmp) / "out", Path(tmp) / "err"
        with out.open("wb") as stdout, err.open("wb") as stderr:
            process = subprocess.Popen([*command, url], stdout=stdout, stderr=stderr)
            # wait4, not wait: this child's own CPU time, even with other wrk runs at once
            _, status, usage = os.wait4(process.pid, 0)
            process.returncode = os.waitstatus_to_exitcode(status)
        printed = out.read_text(encoding="utf-8", errors="replace")
        if process.returncode != 0:
            complaints = err.read_text(encoding="utf-8", errors="replace")
            raise subprocess.CalledProcessError(process.returncode, command, printed, complaints)
        complaints = err.read_text(encoding="utf-8", errors="replace")
    line = next((x for x in printed.splitlines() if x.startswith("WRKJSON ")), None)
    if line is None:
        raise RuntimeError(f"wrk printed no result:\n{printed}\n{complaints}")
    raw = json.loads(line.removeprefix("WRKJSON "))
    secs = raw["duration_us"] / 1e6
    errors = sum(raw[k] for k in ("connect", "read", "write", "status", "timeout")) + raw["bad"]
    return WrkResult(
        requests=raw["requests"],
        seconds=round(secs, 3),
        rps=round(raw["requests"] / secs, 1),
        p50_ms=raw["p50_us"] / 1000,
        p90_ms=raw["p90_us"] / 1000,
        p99_ms=raw["p99_us"] / 1000,
        max_ms=raw["max_us"] / 1000,
        errors=errors,
        cpu_s=round(usage.ru_utime + usage.ru_stime, 3),
    )
