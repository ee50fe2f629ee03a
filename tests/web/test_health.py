"""The health check tells operators when the store or a follower is in trouble."""

from __future__ import annotations

from pathlib import Path
from uuid import UUID

import sqlalchemy as sa
from eventsourcing.system import (
    EventProcessingError,
    MultiThreadedRunner,
    SingleThreadedRunner,
)
from flask.testing import FlaskClient

from pizza.orders import Orders
from pizza.system import PizzaSystem
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


def test_a_stopped_follower_makes_the_shop_unhealthy(tmp_path: Path) -> None:
    backend = sqlite_backend(tmp_path)
    runner = MultiThreadedRunner[UUID](PizzaSystem(), env=backend.env)
    runner.start()
    try:
        break_the_view(backend.view_url)
        app = make_app(runner)

        runner.get(Orders).place_order(**order_request("c-1"))
        assert runner.has_errored.wait(timeout=30)
        response = app.test_client().get("/health")
    finally:
        error = stopped_with(runner)

    body = response.get_json()
    assert response.status_code == 503
    assert body["status"] == "error"
    stopped = {f["follower"] for f in body["followers"] if not f["running"]}
    assert stopped == {"OrderStatus"}
    assert isinstance(error, EventProcessingError)
    assert "the disk is full" in str(error)


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
