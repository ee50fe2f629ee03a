"""The README's Python example is the public contract: run it as written."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from tests.support.readme import readme_example


def test_readme_python_api_example_runs_in_memory(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.chdir(tmp_path)
    namespace: dict[str, object] = {}

    exec(readme_example("## Python API"), namespace)

    view = namespace["view"]
    assert isinstance(view, dict)
    assert view["status"] == "validated"
    assert view["total"] == Decimal("10.75")
    assert list(tmp_path.iterdir()) == [], "the library default stores nothing"
