"""Settings the web app derives from the environment."""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from pathlib import Path

from pizza.config import DATA_DIR_VARIABLE, DEFAULT_DATA_DIR

SECRET_KEY_VARIABLE = "PIZZA_SECRET_KEY"  # noqa: S105 - a name, not a secret
SECRET_KEY_FILE = "secret_key"  # noqa: S105


def secret_key(env: Mapping[str, str]) -> str:
    """``PIZZA_SECRET_KEY``, or a random key kept in the data folder so that
    sessions and API tokens survive a restart of the embedded shop."""
    if env.get(SECRET_KEY_VARIABLE):
        return env[SECRET_KEY_VARIABLE]
    path = Path(env.get(DATA_DIR_VARIABLE, DEFAULT_DATA_DIR)) / SECRET_KEY_FILE
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.touch(mode=0o600)
        path.write_text(secrets.token_hex(32), encoding="utf-8")
    return path.read_text(encoding="utf-8").strip()
