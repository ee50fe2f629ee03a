"""A view made for another shape of its tables is rebuilt from the log."""

from __future__ import annotations

from uuid import UUID

import sqlalchemy as sa
from eventsourcing.system import SingleThreadedRunner

from pizza.orders import Orders
from pizza.status import OrderStatus
from pizza.system import PizzaSystem
from tests.conftest import Backend
from tests.system.scenario import order_request


def test_a_view_of_an_older_schema_is_rebuilt_on_start(
    durable_backend: Backend,
) -> None:
    with SingleThreadedRunner[UUID](PizzaSystem(), env=durable_backend.env) as runner:
        order_id = runner.get(Orders).place_order(**order_request("c-1"))
    engine = sa.create_engine(durable_backend.view_url)
    with (
        engine.begin() as connection
    ):  # an older shop's view: other version, a row short
        connection.execute(sa.text("UPDATE order_view_meta SET value = '1'"))
        connection.execute(sa.text("DELETE FROM order_status"))
    engine.dispose()

    with SingleThreadedRunner[UUID](PizzaSystem(), env=durable_backend.env) as runner:
        view = runner.get(OrderStatus).get_order(order_id)

    assert view is not None
    assert view["status"] == "validated"
    assert len(view["timeline"]) == 2
