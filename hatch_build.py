"""A hatchling build hook: a wheel built from a checkout carries GraphiQL's files.

GraphiQL, React and the explorer plugin come from npm, pinned by web/graphiql/package-lock.json,
and are copied into schema/http/static/vendor/ (git-ignored, so pyproject.toml names it as a
build artifact). Without npm, or if npm fails (no registry), the wheel is built without them
and says so: the server then answers GET /graphql from a browser with a page saying how to
build them, and everything else works.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

WHY = "GET /graphql in a browser will say how to build them (docs/api.md, GraphiQL)"


def up_to_date(built: Path, lock: Path) -> bool:
    """Whether ``built`` (written last by web/graphiql/build.mjs) was built from ``lock``."""
    if not built.is_file():
        return False
    recorded = json.loads(built.read_text(encoding="utf-8")).get("lock_sha256")
    return bool(recorded == hashlib.sha256(lock.read_bytes()).hexdigest())


class GraphiQLAssets(BuildHookInterface):  # type: ignore[type-arg]
    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if self.target_name != "wheel":
            return  # an sdist ships web/graphiql and whatever was built; its wheel builds
        root = Path(self.root)
        web = root / "web" / "graphiql"
        lock = web / "package-lock.json"
        if not lock.is_file() or up_to_date(root / "schema/http/static/vendor/built.json", lock):
            return
        npm = shutil.which("npm")
        if npm is None:
            self.app.display_warning(f"npm was not found: GraphiQL's files are not built; {WHY}")
            return
        self.app.display_info("Building GraphiQL's files from web/graphiql/package-lock.json")
        try:
            subprocess.run(
                [npm, "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=web, check=True
            )
            subprocess.run([npm, "run", "--silent", "build"], cwd=web, check=True)
        except subprocess.CalledProcessError as error:
            self.app.display_warning(f"GraphiQL's files could not be built ({error}); {WHY}")
