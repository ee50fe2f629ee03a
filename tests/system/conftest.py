"""What the system tests share."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Points the shop's embedded default at a fresh folder."""
    for name in ("PERSISTENCE_MODULE", "SQLALCHEMY_URL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("PIZZA_DATA_DIR", str(tmp_path / "data"))
    return tmp_path / "data"
