"""The health check tells operators when the store or a follower is in trouble."""

from __future__ import annotations

from pathlib import Path
from uuid import UUID

import pytest
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
    engine = sa.create_engine(backend.view_url)
    with engine.begin() as connection:
        connection.execute(sa.text(BROKEN_VIEW))
    engine.dispose()
    app = make_app(runner)

    runner.get(Orders).place_order(**order_request("c-1"))
    assert runner.has_errored.wait(timeout=30)
    response = app.test_client().get("/health")

    body = response.get_json()
    assert response.status_code == 503
    assert body["status"] == "error"
    stopped = {f["follower"] for f in body["followers"] if not f["running"]}
    assert stopped == {"OrderStatus"}
    with pytest.raises(EventProcessingError, match="the disk is full"):
        runner.stop()
