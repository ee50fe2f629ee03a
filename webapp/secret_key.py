"""The key that signs sessions, CSRF tokens and API tokens."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from pizza.settings import Settings

SECRET_KEY_FILE = "secret_key"  # noqa: S105 - a file name, not a secret


def secret_key(settings: Settings) -> str:
    """``PIZZA_SECRET_KEY``, or a random key kept in the data folder so that
    sessions and API tokens survive a restart of the embedded shop."""
    if settings.secret_key is not None:
        return settings.secret_key.get_secret_value()
    path = settings.data_dir / SECRET_KEY_FILE
    if not path.exists():
        write_new_key(path)
    key = path.read_text(encoding="utf-8").strip()
    if not key:
        raise RuntimeError(f"{path} is empty: delete it, or set PIZZA_SECRET_KEY")
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
