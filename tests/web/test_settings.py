"""The web app's secret key, without which there are no sessions or CSRF tokens."""

from __future__ import annotations

from pathlib import Path
from uuid import UUID

from eventsourcing.system import SingleThreadedRunner

from pizza.settings import Settings
from tests.web.conftest import MEMORY_ENV
from webapp import create_app


def test_without_a_configured_key_one_is_kept_in_the_data_folder(
    runner: SingleThreadedRunner[UUID], tmp_path: Path
) -> None:
    settings = Settings.from_environ({**MEMORY_ENV, "PIZZA_DATA_DIR": str(tmp_path)})

    first = create_app(settings=settings, runner=runner)
    again = create_app(settings=settings, runner=runner)

    assert first.secret_key
    assert first.secret_key == again.secret_key
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0
    assert first.test_client().get("/signup").status_code == 200


def test_the_key_can_come_from_the_environment(
    runner: SingleThreadedRunner[UUID],
) -> None:
    key = "from-the-environment"
    settings = Settings.from_environ({**MEMORY_ENV, "PIZZA_SECRET_KEY": key})

    app = create_app(settings=settings, runner=runner)

    assert app.secret_key == key
