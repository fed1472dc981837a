"""``python -m schema.cli``: the same as the ``alliance-graph`` command."""

from __future__ import annotations

import sys

from schema.cli.main import main

sys.exit(main())
