"""A view made for another shape of its tables is rebuilt from the log, beside
the old tables, which it then replaces."""

from __future__ import annotations

from uuid import UUID

import sqlalchemy as sa
from eventsourcing.system import SingleThreadedRunner

from pizza.orders import Orders
from pizza.status import OrderStatus
from pizza.status.tables import SCHEMA_VERSION
from pizza.system import PizzaSystem
from tests.conftest import Backend
from tests.system.scenario import order_request


def test_a_view_of_an_older_schema_is_rebuilt_on_start(
    durable_backend: Backend,
) -> None:
    with SingleThreadedRunner[UUID](PizzaSystem(), env=durable_backend.env) as runner:
        order_id = runner.get(Orders).place_order(**order_request("c-1"))
    engine = sa.create_engine(durable_backend.view_url)
    with engine.begin() as connection:  # an older shop's view: a table short
        connection.execute(sa.text("UPDATE order_view_meta SET value = '4'"))
        connection.execute(sa.text("DROP TABLE order_customers"))
        connection.execute(sa.text("DELETE FROM order_status"))

    with OrderStatus(env=dict(durable_backend.env)) as outdated:
        old_shape = outdated.recorder.outdated
    with SingleThreadedRunner[UUID](PizzaSystem(), env=durable_backend.env) as runner:
        view = runner.get(OrderStatus).get_order(order_id)
        found = runner.get(OrderStatus).find_orders([str(order_id)])
    with engine.connect() as connection:
        version = connection.execute(
            sa.text("SELECT value FROM order_view_meta")
        ).scalar_one()
    engine.dispose()

    assert old_shape == 4  # left as it was until rebuilt beside
    assert view is not None
    assert view["status"] == "validated"
    assert len(view["timeline"]) == 2
    assert [order["id"] for order in found] == [str(order_id)]
    assert version == str(SCHEMA_VERSION)
