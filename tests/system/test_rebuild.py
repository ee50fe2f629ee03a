"""Rebuilding the view from the log gives the view the running shop kept,
order by order, on the backends that outlive a process."""

from __future__ import annotations

import threading
from contextlib import suppress
from uuid import UUID

import pytest
from eventsourcing.system import MultiThreadedRunner, SingleThreadedRunner

from pizza.domain.ticket import WAITING_STAGES, KitchenError
from pizza.infrastructure.health import follower_lags
from pizza.kitchen import Kitchen
from pizza.orders import Orders
from pizza.rebuild import rebuild_view
from pizza.status import OrderStatus
from pizza.system import PizzaSystem
from tests.conftest import Backend
from tests.reliability.views import execute
from tests.support.processes import wait_until
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


def wait_until_caught_up(runner: MultiThreadedRunner[UUID]) -> None:
    """Until the live view has read everything its leaders recorded."""
    view = runner.get(OrderStatus)

    def caught_up() -> bool:
        return all(
            lag.behind == 0
            for lag in follower_lags(runner.system, runner.apps)
            if lag.follower == view.name
        )

    wait_until(caught_up, 30, "the live view caught up")


DELIVERED = 500


def deliver(runner: MultiThreadedRunner[UUID], count: int) -> list[UUID]:
    """Orders taken through their whole lifecycle, a hundred moves at a time."""
    orders, kitchen = runner.get(Orders), runner.get(Kitchen)
    placed = [orders.place_order(**order_request("c-1")) for _ in range(count)]
    view = runner.get(OrderStatus)
    view.wait_for_order(placed[-1], ("validated",), timeout=60)
    wait_until(lambda: kitchen.get_stage(placed[-1]) is not None, 30, "tickets")
    for stage in WAITING_STAGES:
        for first in range(0, count, 100):
            kitchen.advance_all([(o, stage) for o in placed[first : first + 100]])
    view.wait_for_order(placed[-1], ("delivered",), timeout=60)
    return placed


def test_a_rebuild_while_orders_arrive_swaps_in_an_equal_view(
    durable_backend: Backend,
) -> None:
    env = durable_backend.env
    runner = MultiThreadedRunner[UUID](PizzaSystem(), env=env)
    runner.start()
    try:
        orders, kitchen = runner.get(Orders), runner.get(Kitchen)
        before = deliver(runner, DELIVERED)  # a few thousand events
        stop = threading.Event()

        def keep_ordering() -> None:
            while not stop.is_set():
                order_id = orders.place_order(**order_request("c-2"))
                with suppress(KitchenError):
                    kitchen.advance(order_id, "validated")

        ordering = threading.Thread(target=keep_ordering)
        ordering.start()
        try:
            rebuilt = rebuild_view(env)
        finally:
            stop.set()
            ordering.join()
        after = orders.place_order(**order_request("c-3"))
        runner.get(OrderStatus).wait_for_order(after, ("validated",), timeout=30)
        wait_until_caught_up(runner)
        checked = rebuild_view(env, verify=True)
    finally:
        runner.stop()

    assert rebuilt.events >= (2 + len(WAITING_STAGES)) * len(before)
    assert checked.differences == []
    assert checked.counts["delivered"] == DELIVERED


def test_an_interrupted_rebuild_goes_on_from_where_it_stopped(
    durable_backend: Backend,
) -> None:
    env = durable_backend.env
    with SingleThreadedRunner[UUID](PizzaSystem(), env=env) as runner:
        for _ in range(30):
            runner.get(Orders).place_order(**order_request("c-1"))

    def interrupt(_: int) -> None:
        raise KeyboardInterrupt  # as Ctrl-C would, after the first section

    totals: list[int] = []
    with pytest.raises(KeyboardInterrupt):
        rebuild_view(env, section=10, total=totals.append, progress=interrupt)
    rebuilt = rebuild_view(env, section=10, total=totals.append)

    assert totals[0] == 60  # 30 requests and 30 decisions, by position
    assert 0 < totals[1] < totals[0]  # the first section was kept
    assert rebuilt.counts == {"validated": 30}
    assert rebuild_view(env, verify=True).differences == []


def test_verify_finds_a_planted_difference(durable_backend: Backend) -> None:
    env = durable_backend.env
    with SingleThreadedRunner[UUID](PizzaSystem(), env=env) as runner:
        order_id = runner.get(Orders).place_order(**order_request("c-1"))
    execute(
        durable_backend.view_url,
        [f"UPDATE order_status SET total_cents = 1 WHERE order_id = '{order_id}'"],
    )

    found = rebuild_view(env, verify=True)
    rebuild_view(env)
    again = rebuild_view(env, verify=True)

    assert found.differences == [
        f"order_status order_id={order_id}: total_cents live 1, rebuilt 1075"
    ]
    assert again.differences == []
