"""The shop's settings: one typed object, and a clear refusal of a wrong value."""

from __future__ import annotations

import email
from pathlib import Path

import pytest

from pizza.accounts import Accounts
from pizza.mail import mailer, message
from pizza.orders import Orders
from pizza.settings import Settings, SettingsError, load_settings
from tests.unit.helpers import POPO_ENV, margherita


def test_with_no_storage_set_the_shop_runs_embedded_with_the_autopilot() -> None:
    settings = Settings.from_environ({"PIZZA_DATA_DIR": "/srv/pizza"})

    assert settings.embedded
    assert settings.env["PERSISTENCE_MODULE"] == "eventsourcing_sqlalchemy"
    assert settings.env["SQLALCHEMY_URL"] == "sqlite:////srv/pizza/pizza.sqlite"
    assert settings.autopilot
    assert settings.autopilot_delays == (3.0, 6.0, 8.0, 10.0)
    assert settings.view_wait == 5.0


def test_other_storage_passes_through_to_the_library_and_the_autopilot_is_off() -> None:
    environ = {**POPO_ENV, "ORDERS_PERSISTENCE_MODULE": "eventsourcing.popo"}

    settings = Settings.from_environ(environ)

    assert not settings.embedded
    assert not settings.autopilot
    assert {**settings.env} == {**environ, "PIZZA_AUTOPILOT": "off"}


def test_values_are_typed() -> None:
    settings = Settings.from_environ(
        {
            **POPO_ENV,
            "PIZZA_AUTOPILOT": "on",
            "AUTOPILOT_DELAYS": "0, 1.5,2,3",
            "WATCHDOG_STUCK_AFTER": "0",
            "PASSWORD_HASHING": "CHEAPEST",
            "PIZZA_VIEW_WAIT": "0.5",
        }
    )

    assert settings.autopilot
    assert settings.autopilot_delays == (0.0, 1.5, 2.0, 3.0)
    assert settings.watchdog_stuck_after == 0.0
    assert settings.password_hashing == "CHEAPEST"
    assert settings.view_wait == 0.5


@pytest.mark.parametrize(
    ("variable", "value", "accepted"),
    [
        ("AUTOPILOT_DELAYS", "3,6", "four numbers of seconds, comma-separated"),
        ("AUTOPILOT_DELAYS", "3,6,8,soon", "four numbers of seconds"),
        ("AUTOPILOT_DELAYS", "1,2,3,-4", "four numbers of seconds"),
        ("PASSWORD_HASHING", "FAST", "RFC_9106_LOW_MEMORY (the default), or CHEAPEST"),
        ("PIZZA_AUTOPILOT", "yes", "on or off"),
        ("WATCHDOG_STUCK_AFTER", "nan", "seconds without a move"),
        ("WATCHDOG_INTERVAL", "0", "more than 0"),
        ("PIZZA_VIEW_WAIT", "-1", "seconds a command waits"),
    ],
)
def test_a_wrong_value_is_refused_naming_the_variable_and_what_it_takes(
    variable: str, value: str, accepted: str
) -> None:
    with pytest.raises(SettingsError) as refusal:
        Settings.from_environ({**POPO_ENV, variable: value})

    message = str(refusal.value)
    assert message.startswith(f"{variable}={value!r} is not accepted: it takes ")
    assert accepted in message


def test_a_refused_secret_key_is_not_repeated() -> None:
    with pytest.raises(SettingsError) as refusal:
        Settings.from_environ({**POPO_ENV, "PIZZA_SECRET_KEY": "hunter2"})

    assert "hunter2" not in str(refusal.value)
    assert "PIZZA_SECRET_KEY=(hidden) is not accepted" in str(refusal.value)
    assert "hunter2" not in repr(Settings.from_environ({"PIZZA_SECRET_KEY": "x" * 40}))


def test_an_application_built_with_a_wrong_setting_refuses_to_start() -> None:
    with pytest.raises(SettingsError, match="PASSWORD_HASHING='FAST'"):
        Accounts(env={**POPO_ENV, "PASSWORD_HASHING": "FAST"})


def test_the_example_env_file_is_accepted_as_it_stands() -> None:
    lines = (Path(__file__).parents[2] / ".env.example").read_text().splitlines()
    pairs = [line.split("=", 1) for line in lines if line and line[0] != "#"]
    environ = {name: value for name, value in pairs}
    environ["PIZZA_SECRET_KEY"] = "a-secret-of-at-least-16-characters"

    settings = Settings.from_environ(environ)

    assert settings.env["PERSISTENCE_MODULE"] == "eventsourcing.postgres"
    assert not settings.https
    assert settings.env["APPLICATION_RECORDER_TOPIC"].startswith("pizza.")


def test_postgres_gets_short_timeouts_unless_told_otherwise() -> None:
    settings = Settings.from_environ(
        {"PERSISTENCE_MODULE": "eventsourcing.postgres", "POSTGRES_LOCK_TIMEOUT": "9"}
    )

    assert settings.env["POSTGRES_CONNECT_TIMEOUT"] == "1"
    assert settings.env["POSTGRES_LOCK_TIMEOUT"] == "9"


def test_the_embedded_data_folder_and_its_files_are_private(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"

    settings = load_settings({"PIZZA_DATA_DIR": str(data_dir)})
    with Orders(env=dict(settings.env)) as orders:
        orders.place_order("c-1", "1 Main St", [margherita()])

    assert data_dir.stat().st_mode & 0o777 == 0o700
    files = list(data_dir.iterdir())
    assert {f.name for f in files} >= {"pizza.sqlite"}
    assert {f.name: f.stat().st_mode & 0o777 for f in files} == dict.fromkeys(
        (f.name for f in files), 0o600
    )


def test_without_an_smtp_server_emails_go_to_the_outbox(tmp_path: Path) -> None:
    settings = Settings.from_environ({"PIZZA_DATA_DIR": str(tmp_path)})

    mailer(settings).send(message(settings, "ann@example.com", "Hello", "Hi Ann"))

    [sent] = (tmp_path / "outbox").iterdir()
    mail = email.message_from_bytes(sent.read_bytes())
    assert (mail["To"], mail["Subject"]) == ("ann@example.com", "Hello")
    assert sent.suffix == ".eml"
    assert sent.stat().st_mode & 0o777 == 0o600
