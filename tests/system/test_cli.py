"""The ``pizza`` command line, on the embedded default (a SQLite file)."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import urllib.request
from pathlib import Path
from uuid import UUID

import pytest
from click.testing import CliRunner

from pizza.cli import main
from pizza.orders import Orders
from pizza.settings import load_settings
from pizza.status import OrderStatus
from pizza.system import start_threaded
from tests.support.processes import free_port, wait_for_json
from tests.system.scenario import UNKNOWN_SAUCE_PIZZA, order_request


@pytest.fixture
def placed(data_dir: Path) -> tuple[UUID, UUID]:
    """A validated and a rejected order, processed by the running system."""
    runner = start_threaded(load_settings())
    orders, status = runner.get(Orders), runner.get(OrderStatus)
    good = orders.place_order(**order_request("c-1"))
    bad = orders.place_order(**order_request("c-1", pizzas=[UNKNOWN_SAUCE_PIZZA]))
    status.wait_for_order(bad, statuses=("rejected",))
    status.wait_for_order(good, statuses=("validated",))
    runner.stop()
    return good, bad


def test_help_lists_the_commands() -> None:
    result = CliRunner().invoke(main, ["--help"])

    assert result.exit_code == 0
    for command in ("history", "rebuild", "serve", "bench"):
        assert command in result.output


def test_history_prints_the_timeline_from_the_log(placed: tuple[UUID, UUID]) -> None:
    good, bad = placed

    accepted = CliRunner().invoke(main, ["history", str(good)])
    refused = CliRunner().invoke(main, ["history", str(bad)])

    assert accepted.exit_code == 0, accepted.output
    lines = accepted.output.splitlines()
    assert lines[0].split()[0] == "1"
    assert lines[0].split()[4:6] == ["Orders", "requested"]
    assert lines[1].split()[4:] == ["Validation", "validated", "priced", "at", "£10.75"]
    assert 'unknown sauce "Ketchup"' in refused.output


def test_history_at_a_step_or_a_moment_shows_the_order_as_it_was(
    placed: tuple[UUID, UUID],
) -> None:
    good, _ = placed
    listed = CliRunner().invoke(main, ["history", str(good)]).output.splitlines()
    requested_at = " ".join(listed[0].split()[1:3])  # date and time, UTC

    first = CliRunner().invoke(main, ["history", str(good), "--at", "1"])
    second = CliRunner().invoke(main, ["history", str(good), "--at", "2"])
    moment = CliRunner().invoke(
        main, ["history", str(good), "--at", requested_at.replace(" ", "T")]
    )
    before = CliRunner().invoke(
        main, ["history", str(good), "--at", "2000-01-01T00:00:00Z"]
    )
    bad = CliRunner().invoke(main, ["history", str(good), "--at", "yesterday"])

    assert first.exit_code == 0, first.output
    assert f"Order {good} as of step 1 of 2:" in first.output
    assert "status   requested" in first.output
    assert "total    -" in first.output
    assert "status   validated" in second.output
    assert "total    £10.75" in second.output
    assert "as of step 1 of 2" in moment.output
    assert before.exit_code == 1
    assert "There was no order" in before.output
    assert bad.exit_code == 2
    assert "takes a step number (1, 2, ...) or an ISO 8601 time" in bad.output


def test_history_of_an_unknown_order_fails_clearly(data_dir: Path) -> None:
    missing = CliRunner().invoke(main, ["history", str(UUID(int=1))])
    malformed = CliRunner().invoke(main, ["history", "not-an-id"])

    assert missing.exit_code == 1
    assert f"There is no order {UUID(int=1)}" in missing.output
    assert malformed.exit_code == 2
    assert "not a valid UUID" in malformed.output


def test_rebuild_makes_the_same_view_again(placed: tuple[UUID, UUID]) -> None:
    result = CliRunner().invoke(main, ["rebuild"])
    named = CliRunner().invoke(main, ["rebuild", "status"])
    unknown = CliRunner().invoke(main, ["rebuild", "orders"])

    assert result.exit_code == 0, result.output
    assert "1 rejected, 1 validated" in result.output
    assert named.exit_code == 0, named.output
    assert unknown.exit_code == 2
    assert "'orders' is not 'status'" in unknown.output


def test_rebuild_verify_says_whether_the_views_differ(
    placed: tuple[UUID, UUID], data_dir: Path
) -> None:
    good, _ = placed
    same = CliRunner().invoke(main, ["rebuild", "--verify"])
    with sqlite3.connect(data_dir / "pizza.sqlite") as database:
        database.execute(
            "UPDATE order_status SET status = 'baking' WHERE order_id = ?", (str(good),)
        )
    differ = CliRunner().invoke(main, ["rebuild", "--verify"])

    assert same.exit_code == 0, same.output
    assert (
        "The live view equals the rebuilt one: 1 rejected, 1 validated." in same.output
    )
    assert differ.exit_code == 1
    assert (
        f"order_status order_id={good}: status live 'baking', rebuilt 'validated'"
        in differ.output
    )


def test_serve_catches_up_then_serves(data_dir: Path) -> None:
    orders = Orders(env=load_settings().env)
    for _ in range(3):
        orders.place_order(**order_request("c-1"))
    orders.close()
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "pizza", "serve", "--port", str(port)],
        env=os.environ.copy(),
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        health = wait_for_json(f"http://127.0.0.1:{port}/health", timeout=30)
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/signup") as page:
            signup_status = page.status
    finally:
        server.terminate()
        output, _ = server.communicate(timeout=10)

    assert health["status"] == "ok"
    assert health["orders"] == {"validated": 3}
    assert {lag["behind"] for lag in health["followers"]} == {0}
    assert f"http://127.0.0.1:{port}/" in output
    assert signup_status == 200  # sessions and CSRF tokens work: there is a key


def test_a_wrong_setting_stops_the_shop_at_once_saying_what_it_takes(
    data_dir: Path,
) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "pizza", "serve", "--port", "0"],
        env={**os.environ, "AUTOPILOT_DELAYS": "3,6"},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )

    assert result.returncode == 1
    assert result.stderr.strip() == (
        "Error: AUTOPILOT_DELAYS='3,6' is not accepted: it takes four numbers of "
        "seconds, comma-separated, before the autopilot moves a validated, "
        "assembling, baking and out-for-delivery order on (default 3,6,8,10)."
    )
    assert not data_dir.exists()


@pytest.mark.parametrize(
    ("command", "environ", "refusal"),
    [
        (["worker", "all"], {}, "The production mode runs on PostgreSQL"),
        (
            ["web"],
            {"PERSISTENCE_MODULE": "eventsourcing.postgres"},
            "PIZZA_SECRET_KEY is required in production",
        ),
        (
            ["up"],
            {"PERSISTENCE_MODULE": "eventsourcing.postgres"},
            "PIZZA_SECRET_KEY is required in production",
        ),
    ],
)
def test_production_refuses_to_start_without_what_it_needs(
    data_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
    command: list[str],
    environ: dict[str, str],
    refusal: str,
) -> None:
    monkeypatch.delenv("PIZZA_SECRET_KEY", raising=False)
    for name, value in environ.items():
        monkeypatch.setenv(name, value)

    result = CliRunner().invoke(main, command)

    assert result.exit_code == 1
    assert refusal in result.output


def test_status_shows_each_parts_place_in_each_log(placed: tuple[UUID, UUID]) -> None:
    result = CliRunner().invoke(main, ["status"])

    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert "validation: unknown (embedded)" in lines
    assert "  Orders: at 2 of 2 (0 events, 0.0 s behind)" in lines
    assert "  Validation: at 2 of 2 (0 events, 0.0 s behind)" in lines


def test_events_show_prints_an_event_as_the_log_holds_it(
    placed: tuple[UUID, UUID],
) -> None:
    good, _ = placed

    shown = CliRunner().invoke(main, ["events", "show", "Orders", "1"])
    missing = CliRunner().invoke(main, ["events", "show", "Orders", "99"])

    assert shown.exit_code == 0, shown.output
    assert shown.output.startswith(
        "Orders notification 1: pizza.domain.order:Order.Requested\n"
    )
    assert f"  originator_id: UUID('{good}')" in shown.output
    assert "  address: '1 Main St'" in shown.output
    assert missing.exit_code == 1
    assert "Orders has no notification 99." in missing.output
