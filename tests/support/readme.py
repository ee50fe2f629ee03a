"""The README's examples, as tests run them."""

from __future__ import annotations

import re
from pathlib import Path

README = Path(__file__).parents[2] / "README.md"


def readme_example(heading: str, language: str = "python") -> str:
    """The first ``language`` block under the README's line ``heading``
    (``## Python API``, ``### A typed Python client``)."""
    text = README.read_text(encoding="utf-8")
    after_heading = text.split(f"\n{heading}\n", 1)[1]
    match = re.search(rf"```{language}\n(.*?)```", after_heading, re.DOTALL)
    assert match, f"no {language} example under '{heading}'"
    return match.group(1)
