"""The README's Python example is the public contract: run it as written."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest

README = Path(__file__).parents[2] / "README.md"


def python_example(section: str) -> str:
    text = README.read_text(encoding="utf-8")
    after_heading = text.split(f"\n## {section}\n", 1)[1]
    match = re.search(r"```python\n(.*?)```", after_heading, re.DOTALL)
    assert match, f"no python example under '## {section}'"
    return match.group(1)


def test_readme_python_api_example_runs_in_memory(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.chdir(tmp_path)
    namespace: dict[str, object] = {}

    exec(python_example("Python API"), namespace)

    view = namespace["view"]
    assert isinstance(view, dict)
    assert view["status"] == "validated"
    assert view["total"] == Decimal("10.75")
    assert list(tmp_path.iterdir()) == [], "the library default stores nothing"
