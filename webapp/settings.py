"""Settings the web app derives from the environment."""

from __future__ import annotations

import os
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
        write_new_key(path)
    key = path.read_text(encoding="utf-8").strip()
    if not key:
        raise RuntimeError(f"{path} is empty: delete it, or set {SECRET_KEY_VARIABLE}")
    return key


def write_new_key(path: Path) -> None:
    """Writes a new key whole, then links it into place: a process starting at
    the same moment sees either no key or all of it, and the first one wins."""
    path.parent.mkdir(parents=True, exist_ok=True)
    draft = path.with_name(f".{path.name}.{os.getpid()}")
    draft.touch(mode=0o600)
    draft.write_text(secrets.token_hex(32), encoding="utf-8")
    try:
        os.link(draft, path)
    except FileExistsError:
        pass  # another process was first; use its key
    finally:
        draft.unlink()
