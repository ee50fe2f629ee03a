"""Rebuilding the view from the log gives the view the running shop kept,
order by order, on the backends that outlive a process."""

from __future__ import annotations

from uuid import UUID

from eventsourcing.system import SingleThreadedRunner

from pizza.domain.ticket import WAITING_STAGES
from pizza.kitchen import Kitchen
from pizza.orders import Orders
from pizza.rebuild import rebuild_view
from pizza.status import OrderStatus
from pizza.system import PizzaSystem
from tests.conftest import Backend
from tests.system.scenario import UNKNOWN_SAUCE_PIZZA, order_request


def test_a_rebuilt_view_equals_the_live_one(durable_backend: Backend) -> None:
    env = durable_backend.env
    with SingleThreadedRunner[UUID](PizzaSystem(), env=env) as runner:
        orders, kitchen = runner.get(Orders), runner.get(Kitchen)
        placed = [orders.place_order(**order_request("c-1")) for _ in range(24)]
        rejected = orders.place_order(
            **order_request("c-2", pizzas=[UNKNOWN_SAUCE_PIZZA])
        )
        kitchen.cancel(placed[0])
        for number, order_id in enumerate(placed[1:]):  # each stage, in turn
            for stage in WAITING_STAGES[: number % (len(WAITING_STAGES) + 1)]:
                kitchen.advance(order_id, stage)
        view = runner.get(OrderStatus)
        live = {order_id: view.get_order(order_id) for order_id in [*placed, rejected]}
        live_counts = view.count_by_status()

    rebuilt = rebuild_view(env)

    with OrderStatus(env=dict(env)) as view:
        again = {order_id: view.get_order(order_id) for order_id in live}
    assert again == live
    assert rebuilt.counts == live_counts
    assert set(live_counts) == {"cancelled", "rejected", *WAITING_STAGES, "delivered"}
    steps = [len(order["timeline"]) for order in live.values() if order is not None]
    assert rebuilt.steps == sum(steps)
