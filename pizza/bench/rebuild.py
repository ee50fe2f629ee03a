"""The rebuild's speed: view events per second rebuilt from a log of orders
taken through their whole lifecycle, and how long the swap locks the live view."""

from __future__ import annotations

from pizza.bench.measures import (
    WAIT_TIMEOUT,
    place_order,
    threaded_pipeline,
    wait_for_last,
)
from pizza.domain.ticket import WAITING_STAGES
from pizza.kitchen import Kitchen
from pizza.orders import Orders
from pizza.rebuild import Rebuilt, rebuild_view
from pizza.status import OrderStatus

MOVES_AT_ONCE = 100


def measure_rebuild(env: dict[str, str], count: int) -> Rebuilt:
    """Places ``count`` orders, delivers them all, stops the shop and times
    the rebuild of the view (built beside it, then swapped in)."""
    deliver_orders(env, count)
    return rebuild_view(env)


def deliver_orders(env: dict[str, str], count: int) -> None:
    with threaded_pipeline(env) as runner:
        orders, kitchen = runner.get(Orders), runner.get(Kitchen)
        status = runner.get(OrderStatus)
        order_ids = [place_order(orders, number) for number in range(count)]
        wait_for_last(status, order_ids)
        for stage in WAITING_STAGES:
            for first in range(0, count, MOVES_AT_ONCE):
                batch = order_ids[first : first + MOVES_AT_ONCE]
                kitchen.advance_all([(order_id, stage) for order_id in batch])
        status.wait_for_order(
            order_ids[-1], statuses=("delivered",), timeout=WAIT_TIMEOUT
        )
