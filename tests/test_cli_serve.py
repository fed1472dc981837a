"""``alliance-graph serve`` start-up: it says where the explorer is, and a taken port is a
clear error that names the flag to change, before the graph is loaded."""

from __future__ import annotations

import re
import socket
import subprocess
import sys
import time

import httpx2

SERVE = [sys.executable, "-m", "schema.cli", "serve", "--host", "127.0.0.1"]


def test_start_up_prints_the_explorer_and_graphql_urls_of_the_port_it_really_took() -> None:
    process = subprocess.Popen(
        [*SERVE, "--port", "0"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    try:
        assert process.stderr is not None
        deadline = time.monotonic() + 30
        said = ""
        while "explorer at" not in said and time.monotonic() < deadline:
            said += process.stderr.readline()
        found = re.search(r"explorer at (http://127\.0\.0\.1:(\d+))/ and GraphQL at (\S+)", said)
        assert found, said
        base, port, graphql = found.group(1), int(found.group(2)), found.group(3)
        assert port > 0
        assert graphql == f"{base}/graphql"
        for _ in range(100):
            try:
                page = httpx2.get(f"{base}/", timeout=1)
                break
            except httpx2.TransportError:
                time.sleep(0.1)
        assert page.status_code == 200
        assert "text/html" in page.headers["content-type"]
    finally:
        process.terminate()
        process.wait(timeout=10)
        if process.stderr is not None:
            process.stderr.close()


def test_a_taken_port_is_a_clear_error_naming_the_port_flag() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        done = subprocess.run(
            [*SERVE, "--port", str(port)], capture_output=True, text=True, timeout=60
        )
    assert done.returncode == 1
    assert f"cannot listen on 127.0.0.1:{port}" in done.stderr
    assert "--port N" in done.stderr
    assert "ALLIANCE_GRAPH_PORT" in done.stderr
    assert "Traceback" not in done.stderr
    assert "actors" not in done.stderr  # refused before loading the graph


def test_an_unknown_host_is_a_clear_error() -> None:
    done = subprocess.run(
        [*SERVE[:-2], "--host", "no-such-host.invalid", "--port", "0"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 1
    assert "cannot listen on no-such-host.invalid" in done.stderr
    assert "Traceback" not in done.stderr
