"""What the TUI remembers and lets users change: the theme (remembered) and the keymap (config file).

Headless and cheap (tomllib and json only), so it runs before the first frame. The theme lives in
`<data dir>/preferences.json` (0600); the keymap is the config file's `[keymap]` table, binding id
to keys, as Posting does: `"table.filter" = "f"` or `"main.send" = "ctrl+s,f5"`.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from core.places import default_config_file as config_file
from core.places import default_data_dir as data_dir


def load_keymap(path: Path | None = None) -> tuple[dict[str, str], str | None]:
    """(binding id -> keys, problem): a broken file or entry is a notice, never a failed start."""
    import tomllib  # after the first frame (the app reads the keymap then)

    path = path or config_file()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}, None
    except tomllib.TOMLDecodeError:
        # The settings name a file that does not parse already: koretui stops, or with --sandbox
        # warns; a second notice about the same line would only crowd the screen.
        return {}, None
    except (OSError, UnicodeDecodeError) as exc:
        return {}, f"keymap not read: {path}: {exc}"
    table = data.get("keymap", {})
    if not isinstance(table, dict):
        return {}, f"keymap not read: [keymap] in {path} must be a table of binding id = \"keys\""
    keymap: dict[str, str] = {}
    bad: list[str] = []
    for key, value in table.items():
        if isinstance(value, str) and value.strip():
            keymap[str(key)] = value.strip()
        else:
            bad.append(str(key))
    if bad:
        return keymap, f"keymap entries ignored in {path} (keys are text, e.g. \"f5\"): {', '.join(bad)}"
    return keymap, None


def unknown_ids(keymap: dict[str, str], known: set[str]) -> list[str]:
    return sorted(set(keymap) - known)


def _preferences_file() -> Path:
    return data_dir() / "preferences.json"


def load_preferences() -> dict[str, Any]:
    try:
        data = json.loads(_preferences_file().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def save_preference(name: str, value: Any) -> None:
    """Remember one preference (the theme); a failure to write only loses the preference."""
    path = _preferences_file()
    data = load_preferences()
    data[name] = value
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(data, handle)
        os.replace(tmp, path)
    except OSError:
        pass
