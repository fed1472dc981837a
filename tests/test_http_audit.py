from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from tests.servers import running_server

AUDIT = Path(__file__).resolve().parent / "audit"


def test_graphql_over_http_audit_has_no_error_and_no_warning() -> None:
    node = shutil.which("node")
    if node is None or not (AUDIT / "node_modules" / "graphql-http").is_dir():
        pytest.skip("needs node and `npm ci --prefix tests/audit` (make test and CI do both)")
    with running_server() as base:
        done = subprocess.run(
            [node, str(AUDIT / "audit.mjs"), f"{base}/graphql"],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
    print(done.stdout)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "0 warnings, 0 errors" in done.stdout
