"""core is headless: importing any of its modules (the sandbox included) loads no front-end library."""

from __future__ import annotations

import json
import subprocess
import sys

FRONT_END_PACKAGES = ("textual", "slack_bolt", "slack_sdk", "aiohttp", "koretui", "slackbot")

# Runs in a fresh interpreter: walks the core package (so a new module is covered without a
# change here), imports every module, and reports what it imported and which forbidden
# top-level packages got loaded.
WALK = """
import importlib, json, pkgutil, sys
import core
names = ["core"] + [m.name for m in pkgutil.walk_packages(core.__path__, "core.")]
for name in names:
    importlib.import_module(name)
forbidden = set(sys.argv[1].split(","))
loaded = sorted({m.split(".")[0] for m in sys.modules} & forbidden)
print(json.dumps({"modules": names, "loaded": loaded}))
"""


def test_every_core_module_imports_without_textual_slack_or_aiohttp() -> None:
    done = subprocess.run(
        [sys.executable, "-c", WALK, ",".join(FRONT_END_PACKAGES)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["loaded"] == [], f"core loaded front-end packages: {report['loaded']}"
    modules = set(report["modules"])
    assert {"core.operations", "core.presentation", "core.sandbox.app", "core.sandbox.store"} <= modules
