"""Decisions that cannot both happen, taken at the same moment from several
threads, end with exactly one of them, on every backend."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from functools import partial
from uuid import UUID

import pytest
from eventsourcing.system import SingleThreadedRunner

from pizza.domain.ticket import (
    AlreadyMovedError,
    CancellationRefusedError,
    KitchenTicket,
)
from pizza.kitchen import Kitchen
from pizza.orders import Orders
from pizza.status import OrderStatus
from pizza.system import PizzaSystem
from tests.conftest import Backend
from tests.system.scenario import order_request

THREADS = 8


@pytest.fixture
def runner(backend: Backend) -> Iterator[SingleThreadedRunner[UUID]]:
    with SingleThreadedRunner[UUID](PizzaSystem(), env=backend.env) as runner:
        yield runner


def race(calls: list[Callable[[], object]]) -> list[object]:
    """Runs the calls in threads released together; each one's result or error."""
    start = threading.Barrier(len(calls))
    results: list[object] = [None] * len(calls)

    def run(index: int) -> None:
        start.wait()
        try:
            results[index] = calls[index]()
        except Exception as error:
            results[index] = error

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(calls))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def kitchen_events(kitchen: Kitchen, order_id: UUID, kind: type) -> int:
    return sum(isinstance(event, kind) for event in kitchen.get_events(order_id))


def test_concurrent_moves_of_an_order_move_it_once(
    runner: SingleThreadedRunner[UUID],
) -> None:
    order_id = runner.get(Orders).place_order(**order_request("c-1"))
    kitchen = runner.get(Kitchen)

    results = race([lambda: kitchen.advance(order_id, "validated")] * THREADS)

    assert results.count("assembling") == 1
    refused = [r for r in results if isinstance(r, AlreadyMovedError)]
    assert len(refused) == THREADS - 1
    assert kitchen_events(kitchen, order_id, KitchenTicket.Moved) == 1
    view = runner.get(OrderStatus).get_order(order_id)
    assert view is not None
    assert view["status"] == "assembling"


def test_cancel_racing_baking_ends_in_exactly_one_outcome(
    runner: SingleThreadedRunner[UUID],
) -> None:
    kitchen, status = runner.get(Kitchen), runner.get(OrderStatus)
    for _ in range(10):
        order_id = runner.get(Orders).place_order(**order_request("c-1"))
        kitchen.advance(order_id, "validated")

        cancelled, baked = race(
            [
                partial(kitchen.cancel, order_id),
                partial(kitchen.advance, order_id, "assembling"),
            ]
        )

        if cancelled is None:
            assert isinstance(baked, AlreadyMovedError)
            outcome = "cancelled"
        else:
            assert isinstance(cancelled, CancellationRefusedError)
            assert baked == "baking"
            outcome = "baking"
        assert kitchen.get_stage(order_id) == outcome
        view = status.get_order(order_id)
        assert view is not None
        assert view["status"] == outcome
        decisions = kitchen_events(kitchen, order_id, KitchenTicket.Cancelled)
        decisions += kitchen_events(kitchen, order_id, KitchenTicket.Moved) - 1
        assert decisions == 1


def test_staff_cancelling_racing_a_move_ends_in_exactly_one_outcome(
    runner: SingleThreadedRunner[UUID],
) -> None:
    kitchen, status = runner.get(Kitchen), runner.get(OrderStatus)
    for _ in range(10):
        order_id = runner.get(Orders).place_order(**order_request("c-1"))

        stopped, moved = race(
            [
                partial(kitchen.cancel_by_shop, order_id, "validated", "No dough."),
                partial(kitchen.advance, order_id, "validated"),
            ]
        )

        if stopped is None:
            assert isinstance(moved, AlreadyMovedError)
            outcome, reasons = "cancelled", ["No dough."]
        else:
            assert isinstance(stopped, AlreadyMovedError)
            assert moved == "assembling"
            outcome, reasons = "assembling", []
        assert kitchen.get_stage(order_id) == outcome
        view = status.get_order(order_id)
        assert view is not None
        assert (view["status"], view["reasons"]) == (outcome, reasons)
        decisions = kitchen_events(kitchen, order_id, KitchenTicket.CancelledByShop)
        decisions += kitchen_events(kitchen, order_id, KitchenTicket.Moved)
        assert decisions == 1
