"""The health check tells operators when the store or a follower is in trouble."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any
from uuid import UUID

import sqlalchemy as sa
from eventsourcing.system import (
    EventProcessingError,
    MultiThreadedRunner,
    SingleThreadedRunner,
)
from flask.testing import FlaskClient

from pizza.kitchen import Kitchen
from pizza.orders import Orders
from pizza.system import PizzaSystem
from pizza.validation import Validation
from tests.conftest import sqlite_backend
from tests.system.scenario import order_request
from tests.web.conftest import make_app

BROKEN_VIEW = (
    "CREATE TRIGGER broken BEFORE INSERT ON order_timeline "
    "BEGIN SELECT RAISE(ABORT, 'the disk is full'); END"
)


def test_health_is_ok_with_every_follower_caught_up(
    client: FlaskClient, runner: SingleThreadedRunner[UUID]
) -> None:
    orders = runner.get(Orders)
    orders.place_order(**order_request("c-1"))
    orders.place_order(**order_request("c-1", pizzas=[]))  # never reaches the kitchen

    response = client.get("/health")

    body = response.get_json()
    assert response.status_code == 200
    assert body["status"] == "ok"
    assert {f["follower"] for f in body["followers"]} == {
        "Validation",
        "Kitchen",
        "OrderStatus",
    }
    assert all(f["running"] and f["behind"] == 0 for f in body["followers"])
    assert body["orders"] == {"validated": 1, "rejected": 1}


def test_a_follower_stuck_at_an_event_is_reported_while_the_others_go_on(
    tmp_path: Path,
) -> None:
    backend = sqlite_backend(tmp_path)
    runner = MultiThreadedRunner[UUID](PizzaSystem(), env=backend.env)
    runner.start()
    try:
        break_the_view(backend.view_url)
        app = make_app(runner)
        order_id = runner.get(Orders).place_order(**order_request("c-1"))

        body = health_when(app.test_client(), lambda body: stuck_at(body) == 2)
        decided = runner.get(Validation).get_events(order_id)
        opened = runner.get(Kitchen).get_stage(order_id)
    finally:
        error = stopped_with(runner)

    assert body["status"] == "degraded"
    view_of_orders = follower(body, "OrderStatus", "Orders")
    assert view_of_orders["running"] is True
    assert view_of_orders["stuck"]["notification_id"] == 1
    assert "the disk is full" in view_of_orders["stuck"]["error"]
    assert [type(event).__name__ for event in decided] == ["Validated"]
    assert opened == "validated"
    assert follower(body, "Kitchen", "Validation")["stuck"] is None
    assert error is None


def health_when(
    client: FlaskClient, condition: Callable[[dict[str, Any]], bool]
) -> dict[str, Any]:
    """The health report once it meets the condition (within 10 s)."""
    deadline = time.monotonic() + 10
    while True:
        response = client.get("/health")
        assert response.status_code == 200, response.get_data(as_text=True)
        body: dict[str, Any] = response.get_json()
        if condition(body) or time.monotonic() > deadline:
            return body
        time.sleep(0.05)  # the followers work in their own threads


def stuck_at(body: dict[str, Any]) -> int:
    """How many of the followers' leaders they are stuck at."""
    return len([f for f in body["followers"] if f["stuck"]])


def follower(body: dict[str, Any], name: str, leader: str) -> dict[str, Any]:
    found: list[dict[str, Any]] = [
        f for f in body["followers"] if (f["follower"], f["leader"]) == (name, leader)
    ]
    assert len(found) == 1
    return found[0]


def break_the_view(view_url: str) -> None:
    """Makes every write to the order status view fail, as a full disk would."""
    engine = sa.create_engine(view_url)
    try:
        with engine.begin() as connection:
            connection.execute(sa.text(BROKEN_VIEW))
    finally:
        engine.dispose()


def stopped_with(runner: MultiThreadedRunner[UUID]) -> EventProcessingError | None:
    """Stops the runner's threads; the error a follower stopped with, if any
    (``stop`` raises it once every thread is stopped)."""
    try:
        runner.stop()
    except EventProcessingError as error:
        return error
    return None
