"""Time travel: each version of an order, rebuilt from the event logs, matches
the events up to it, on every backend."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from uuid import UUID

from eventsourcing.system import SingleThreadedRunner

from pizza.as_of import AsOf, order_as_of
from pizza.kitchen import Kitchen
from pizza.orders import Orders
from pizza.status import OrderStatus
from pizza.system import PizzaSystem
from pizza.validation import Validation
from tests.conftest import Backend
from tests.system.scenario import order_request


def test_each_step_of_an_order_shows_the_order_as_it_was(backend: Backend) -> None:
    with SingleThreadedRunner[UUID](PizzaSystem(), env=backend.env) as runner:
        orders, kitchen = runner.get(Orders), runner.get(Kitchen)
        logs = (orders, runner.get(Validation), kitchen)
        order_id = orders.place_order(**order_request("c-1"))
        kitchen.advance(order_id, "validated")
        kitchen.flag_delayed(order_id, "assembling", datetime.now(tz=UTC))
        kitchen.advance(order_id, "assembling")
        kitchen.cancel_by_shop(order_id, "baking", "The oven broke.")
        now = order_as_of(logs, order_id, AsOf(step=99))
        view = runner.get(OrderStatus).get_order(order_id)

        versions = [order_as_of(logs, order_id, AsOf(step=n)) for n in range(1, 7)]
        at_moments = [
            order_as_of(logs, order_id, AsOf(moment=step["at"]))
            for step in (view or {})["timeline"]
        ]
        before = order_as_of(
            logs,
            order_id,
            AsOf(moment=versions[0]["requested_at"] - timedelta(1)),  # type: ignore[index]
        )

    assert view is not None
    assert now is not None
    total = view["total"]
    assert total == Decimal("10.75")
    shown = [
        (v["status"], v["delayed"], v["total"], v["reasons"], len(v["timeline"]))
        for v in versions
        if v is not None
    ]
    assert shown == [
        ("requested", False, None, [], 1),
        ("validated", False, total, [], 2),
        ("assembling", False, total, [], 3),
        ("assembling", True, total, [], 4),
        ("baking", False, total, [], 5),
        ("cancelled", False, total, ["The oven broke."], 6),
    ]
    assert [v["timeline"] for v in at_moments if v] == [
        v["timeline"] for v in versions if v
    ]
    assert now["timeline"] == [
        {key: step[key] for key in ("at", "event", "application", "detail")}
        for step in view["timeline"]
    ]
    assert (now["step"], now["steps"], now["address"]) == (6, 6, view["address"])
    assert before is None
