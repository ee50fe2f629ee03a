"""An order's whole life, on every backend, under SingleThreadedRunner."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from uuid import UUID

import pytest
from eventsourcing.system import SingleThreadedRunner

from pizza.domain.ticket import (
    STAGES,
    AlreadyMovedError,
    CancellationRefusedError,
    KitchenError,
)
from pizza.history import order_history
from pizza.kitchen import Kitchen, NoTicketError
from pizza.orders import Orders
from pizza.status import FINAL_STATUSES, OrderStatus
from pizza.system import PizzaSystem
from pizza.validation import Validation
from tests.conftest import Backend
from tests.system.scenario import UNKNOWN_SAUCE_PIZZA, order_request


@pytest.fixture
def runner(backend: Backend) -> Iterator[SingleThreadedRunner[UUID]]:
    with SingleThreadedRunner[UUID](PizzaSystem(), env=backend.env) as runner:
        yield runner


def place(runner: SingleThreadedRunner[UUID], **changes: object) -> UUID:
    return runner.get(Orders).place_order(**order_request("c-1", **changes))


def status_of(runner: SingleThreadedRunner[UUID], order_id: UUID) -> str:
    view = runner.get(OrderStatus).get_order(order_id)
    assert view is not None
    return str(view["status"])


def test_an_order_goes_from_requested_to_delivered(
    runner: SingleThreadedRunner[UUID],
) -> None:
    order_id = place(runner)
    kitchen = runner.get(Kitchen)

    seen = [status_of(runner, order_id)]
    for stage in STAGES[:-1]:
        kitchen.advance(order_id, stage)
        seen.append(status_of(runner, order_id))

    assert seen == list(STAGES)
    view = runner.get(OrderStatus).get_order(order_id)
    assert view is not None
    assert [step["event"] for step in view["timeline"]] == ["requested", *STAGES]
    assert [step["application"] for step in view["timeline"]][-1] == "Kitchen"
    assert "delivered" in FINAL_STATUSES


def test_the_history_from_the_log_shows_every_stage(
    runner: SingleThreadedRunner[UUID],
) -> None:
    order_id = place(runner)
    kitchen = runner.get(Kitchen)
    for stage in STAGES[:-1]:
        kitchen.advance(order_id, stage)

    logs = (runner.get(Orders), runner.get(Validation), kitchen)
    history = order_history(logs, order_id)

    assert [entry.what for entry in history] == ["requested", *STAGES]


def test_a_move_from_a_stage_the_order_has_left_is_refused(
    runner: SingleThreadedRunner[UUID],
) -> None:
    order_id = place(runner)
    kitchen = runner.get(Kitchen)
    kitchen.advance(order_id, "validated")

    with pytest.raises(AlreadyMovedError, match="the order is assembling now"):
        kitchen.advance(order_id, "validated")
    assert status_of(runner, order_id) == "assembling"


def test_a_delivered_order_stays_delivered(runner: SingleThreadedRunner[UUID]) -> None:
    order_id = place(runner)
    kitchen = runner.get(Kitchen)
    for stage in STAGES[:-1]:
        kitchen.advance(order_id, stage)

    with pytest.raises(KitchenError, match="delivered stays so"):
        kitchen.advance(order_id, "delivered")


@pytest.mark.parametrize("moves", [0, 1])
def test_customer_cancels_before_baking(
    runner: SingleThreadedRunner[UUID], moves: int
) -> None:
    order_id = place(runner)
    kitchen = runner.get(Kitchen)
    for stage in STAGES[:moves]:
        kitchen.advance(order_id, stage)

    kitchen.cancel(order_id)
    kitchen.cancel(order_id)  # harmless

    assert status_of(runner, order_id) == "cancelled"
    cancellations = [
        e for e in kitchen.get_events(order_id) if "Cancelled" in str(type(e))
    ]
    assert len(cancellations) == 1


@pytest.mark.parametrize(("moves", "stage"), [(2, "baking"), (4, "delivered")])
def test_cancelling_once_baking_has_started_is_refused(
    runner: SingleThreadedRunner[UUID], moves: int, stage: str
) -> None:
    order_id = place(runner)
    kitchen = runner.get(Kitchen)
    for from_stage in STAGES[:moves]:
        kitchen.advance(order_id, from_stage)

    with pytest.raises(
        CancellationRefusedError, match=f"Too late to cancel: .*{stage}"
    ):
        kitchen.cancel(order_id)
    assert status_of(runner, order_id) == stage


def test_a_rejected_order_never_reaches_the_kitchen(
    runner: SingleThreadedRunner[UUID],
) -> None:
    order_id = place(runner, pizzas=[UNKNOWN_SAUCE_PIZZA])

    with pytest.raises(NoTicketError):
        runner.get(Kitchen).cancel(order_id)
    assert runner.get(Kitchen).get_stage(order_id) is None
    assert status_of(runner, order_id) == "rejected"


def test_moves_made_together_skip_an_order_cancelled_meanwhile(
    runner: SingleThreadedRunner[UUID],
) -> None:
    kitchen = runner.get(Kitchen)
    waiting, cancelled, moved_by_staff = (place(runner) for _ in range(3))
    kitchen.cancel(cancelled)
    kitchen.advance(moved_by_staff, "validated")

    kitchen.advance_all(
        [
            (waiting, "validated"),
            (cancelled, "validated"),
            (moved_by_staff, "validated"),
        ]
    )

    assert status_of(runner, waiting) == "assembling"
    assert status_of(runner, cancelled) == "cancelled"
    assert status_of(runner, moved_by_staff) == "assembling"
    assert len(kitchen.get_events(moved_by_staff)) == 2  # opened, moved once


def test_an_order_read_while_it_moves_is_never_torn(
    runner: SingleThreadedRunner[UUID],
) -> None:
    """A reader sees each order's status and timeline of one moment: never a
    status its timeline does not have yet."""
    placed = [place(runner) for _ in range(10)]
    kitchen, view = runner.get(Kitchen), runner.get(OrderStatus)
    moved = threading.Event()
    torn: list[tuple[str, list[str]]] = []

    def read() -> None:
        # A breath between rounds: on in-memory storage reader and writer
        # share one lock, which a reader reading non-stop would keep.
        while not moved.wait(0.001):
            for order_id in placed:
                order = view.get_order(order_id)
                assert order is not None
                events = [step["event"] for step in order["timeline"]]
                if order["status"] not in events:
                    torn.append((order["status"], events))

    reader = threading.Thread(target=read)
    reader.start()
    try:
        for stage in STAGES[:-1]:
            for order_id in placed:
                kitchen.advance(order_id, stage)
    finally:
        moved.set()
        reader.join(timeout=30)

    assert torn == []
