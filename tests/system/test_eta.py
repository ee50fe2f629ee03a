"""Arrival estimates come from how long each step took the latest orders, as
their events tell it, on every backend."""

from __future__ import annotations

from datetime import timedelta
from uuid import UUID

from eventsourcing.system import SingleThreadedRunner

from pizza.domain.eta import STEPS, step_time
from pizza.domain.ticket import WAITING_STAGES
from pizza.history import order_history
from pizza.kitchen import Kitchen
from pizza.orders import Orders
from pizza.status import OrderStatus
from pizza.system import PizzaSystem
from pizza.validation import Validation
from tests.conftest import Backend
from tests.support.processes import wait_until
from tests.system.scenario import order_request


def deliver(runner: SingleThreadedRunner[UUID]) -> UUID:
    order_id = runner.get(Orders).place_order(**order_request("c-1"))
    for stage in WAITING_STAGES:
        runner.get(Kitchen).advance(order_id, stage)
    return order_id


def step_durations_in_the_logs(
    runner: SingleThreadedRunner[UUID], order_id: UUID
) -> dict[str, timedelta]:
    """How long the order spent in each step it finished, from its events."""
    apps = (runner.get(Orders), runner.get(Validation), runner.get(Kitchen))
    at = {entry.what: entry.at for entry in order_history(apps, order_id)}
    ends = (*STEPS[1:], "delivered")
    return {
        step: at[end] - at[step]
        for step, end in zip(STEPS, ends, strict=True)
        if end in at
    }


def test_the_estimate_adds_up_the_steps_as_the_events_timed_them(
    backend: Backend,
) -> None:
    with SingleThreadedRunner[UUID](PizzaSystem(), env=backend.env) as runner:
        view = runner.get(OrderStatus)
        waiting = runner.get(Orders).place_order(**order_request("c-1"))
        before = view.get_order(waiting)
        delivered = [deliver(runner) for _ in range(3)]

        logs = [
            step_durations_in_the_logs(runner, order) for order in [waiting, *delivered]
        ]
        from_logs = {
            step: step_time([log[step] for log in logs if step in log])
            for step in STEPS
        }

        assert before is not None
        assert (before["estimate"], before["late"]) == (None, False)
        # The view re-reads step times at most once a second while learning.
        wait_until(
            lambda: view.estimates.step_times() == from_logs, 5, "the step times"
        )
        order = view.get_order(waiting)
        assert order is not None
        assert order["estimate"] is not None
        assert order["status"] == "validated"
        ahead = [from_logs[step] for step in STEPS[1:]]
        usual = sum((time.usual for time in ahead if time), timedelta())
        assert order["estimate"].expected_at == order["updated_at"] + usual
        delivered_order = view.get_order(delivered[0])
        assert delivered_order is not None
        assert delivered_order["estimate"] is None
