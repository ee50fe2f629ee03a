"""Followers catch up, when the system starts, on what was recorded while they
were down; the threaded runner runs the same system with no change of code."""

from __future__ import annotations

from typing import Any
from uuid import UUID

import pytest
from eventsourcing.system import MultiThreadedRunner, Runner, SingleThreadedRunner

from pizza.orders import Orders
from pizza.status import OrderStatus
from pizza.system import PizzaSystem
from tests.conftest import Backend
from tests.system.scenario import UNKNOWN_SAUCE_PIZZA, order_request

RUNNERS = (SingleThreadedRunner, MultiThreadedRunner)


def place_while_followers_are_down(backend: Backend, count: int) -> list[Any]:
    orders = Orders(env=backend.env)
    try:
        return [orders.place_order(**order_request("c-1")) for _ in range(count)]
    finally:
        orders.close()


@pytest.mark.parametrize("runner_class", RUNNERS)
def test_backlog_is_processed_when_the_system_starts(
    durable_backend: Backend, runner_class: type[Runner[UUID]]
) -> None:
    placed = place_while_followers_are_down(durable_backend, 25)

    with runner_class(PizzaSystem(), env=durable_backend.env) as runner:
        status = runner.get(OrderStatus)
        # Nothing new is placed: the backlog alone must be enough.
        views = [status.get_order(order_id) for order_id in placed]

    assert [view and view["status"] for view in views] == ["validated"] * 25


def test_system_picks_up_where_it_stopped(durable_backend: Backend) -> None:
    with SingleThreadedRunner[UUID](PizzaSystem(), env=durable_backend.env) as runner:
        before = runner.get(Orders).place_order(**order_request("c-1"))
    during = place_while_followers_are_down(durable_backend, 1)[0]

    with SingleThreadedRunner[UUID](PizzaSystem(), env=durable_backend.env) as runner:
        after = runner.get(Orders).place_order(
            **order_request("c-1", pizzas=[UNKNOWN_SAUCE_PIZZA])
        )
        status = runner.get(OrderStatus)
        listed = status.list_orders("c-1")
        counts = status.count_by_status()

    assert [o["id"] for o in listed] == [str(after), str(during), str(before)]
    assert counts == {"validated": 2, "rejected": 1}


def test_threaded_runner_shows_orders_to_a_waiting_caller(backend: Backend) -> None:
    with MultiThreadedRunner[UUID](PizzaSystem(), env=backend.env) as runner:
        orders, status = runner.get(Orders), runner.get(OrderStatus)
        placed = [orders.place_order(**order_request("c-1")) for _ in range(20)]
        rejected = orders.place_order(**order_request("c-1", pizzas=[]))

        views = [
            status.wait_for_order(order_id, statuses=("validated",), timeout=10)
            for order_id in placed
        ]
        refusal = status.wait_for_order(rejected, statuses=("rejected",), timeout=10)

    assert {view["id"] for view in views} == {str(order_id) for order_id in placed}
    assert refusal["reasons"] == ["The order has no pizzas."]


def test_waiting_for_an_order_that_never_comes_times_out(backend: Backend) -> None:
    with (
        MultiThreadedRunner[UUID](PizzaSystem(), env=backend.env) as runner,
        pytest.raises(TimeoutError, match="did not show up"),
    ):
        runner.get(OrderStatus).wait_for_order(
            "00000000-0000-0000-0000-000000000000", timeout=0.3
        )
