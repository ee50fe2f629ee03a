"""The README's typed client example, run as a user would: a client generated
by openapi-python-client from the document a real ``pizza serve`` serves, the
example type-checked against it (mypy, strict), then run against that server."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from pizza.accounts import Accounts
from pizza.settings import load_settings
from tests.support.processes import free_port, wait_for_json
from tests.support.readme import readme_example

EMAIL, PASSWORD = "ann@example.com", "correct horse"
BIN = Path(sys.executable).parent  # the generator runs ruff from its PATH
# The example's types, not the generated code's own nits.
MYPY = [sys.executable, "-m", "mypy", "--strict", "--follow-imports=silent"]


def test_the_readme_client_example_places_an_order(
    data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    accounts = Accounts(env=load_settings().env)
    accounts.register("Ann", EMAIL, PASSWORD, "1 Main St", "+44 20 7946 0000")
    accounts.close()
    port = free_port()
    shop = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [sys.executable, "-m", "pizza", "serve", "--port", str(port)],
        env=os.environ.copy(),
        stdout=subprocess.DEVNULL,
    )
    try:
        wait_for_json(f"{shop}/health", timeout=30)
        generate = readme_example("### A typed Python client", "sh").splitlines()[-1]
        subprocess.run(
            generate.replace("http://localhost:5000", shop).split(),
            cwd=tmp_path,
            env={**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}"},
            check=True,
            capture_output=True,
        )
        monkeypatch.syspath_prepend(str(tmp_path))
        example = readme_example("### A typed Python client")
        (tmp_path / "example.py").write_text(example, encoding="utf-8")
        typed = subprocess.run(
            [*MYPY, "example.py"],
            cwd=tmp_path,
            capture_output=True,
            text=True,
        )
        assert typed.returncode == 0, typed.stdout
        namespace: dict[str, object] = {}

        exec(example.replace("http://localhost:5000", shop), namespace)
    finally:
        server.terminate()
        server.wait(timeout=10)

    order = namespace["order"]
    assert str(order.status) in {"requested", "validated"}  # type: ignore[attr-defined]
    lines = order.lines  # type: ignore[attr-defined]
    assert [(line.quantity, line.main_topping) for line in lines] == [(2, "Ham")]
