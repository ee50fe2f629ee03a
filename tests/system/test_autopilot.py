"""The autopilot moves orders on by itself; the watchdog flags stuck ones."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from uuid import UUID

from eventsourcing.system import SingleThreadedRunner

from pizza.autopilot import Autopilot
from pizza.domain.ticket import STAGES
from pizza.kitchen import Kitchen
from pizza.orders import Orders
from pizza.settings import Settings
from pizza.status import OrderStatus
from pizza.system import PizzaSystem, ShopRunner
from pizza.watchdog import Watchdog
from tests.conftest import Backend
from tests.system.scenario import order_request

NO_DELAYS = {"AUTOPILOT_DELAYS": "0,0,0,0"}
LONG_DELAYS = {"AUTOPILOT_DELAYS": "3600,3600,3600,3600"}


def test_autopilot_takes_an_order_to_delivered(backend: Backend) -> None:
    env = {**backend.env, **NO_DELAYS}
    with SingleThreadedRunner[UUID](PizzaSystem(autopilot=True), env=env) as runner:
        runner.get(Autopilot).engage(runner.get(Kitchen))
        order_id = runner.get(Orders).place_order(**order_request("c-1"))

        view = runner.get(OrderStatus).wait_for_order(
            order_id, statuses=("delivered",), timeout=10
        )

    assert [step["event"] for step in view["timeline"]] == ["requested", *STAGES]


def test_autopilot_resumes_waiting_orders_after_a_restart(
    durable_backend: Backend,
) -> None:
    env = {**durable_backend.env, "PIZZA_AUTOPILOT": "on"}
    runner = ShopRunner(Settings.from_environ({**env, **LONG_DELAYS}))
    runner.start()
    try:
        order_id = runner.get(Orders).place_order(**order_request("c-1"))
        runner.get(OrderStatus).wait_for_order(order_id, statuses=("validated",))
    finally:
        runner.stop()

    runner = ShopRunner(Settings.from_environ({**env, **NO_DELAYS}))
    runner.start()
    try:
        view = runner.get(OrderStatus).wait_for_order(
            order_id, statuses=("delivered",), timeout=10
        )
    finally:
        runner.stop()
    assert view["status"] == "delivered"


def test_watchdog_flags_an_order_that_stopped_moving_until_it_moves(
    backend: Backend,
) -> None:
    with SingleThreadedRunner[UUID](PizzaSystem(), env=backend.env) as runner:
        kitchen, status = runner.get(Kitchen), runner.get(OrderStatus)
        watchdog = Watchdog(kitchen, status, timedelta(minutes=10), interval=60)
        order_id = runner.get(Orders).place_order(**order_request("c-1"))
        kitchen.advance(order_id, "validated")
        soon, later = (datetime.now(tz=UTC) + timedelta(minutes=m) for m in (1, 11))

        assert watchdog.check(now=soon) == 0
        assert watchdog.check(now=later) == 1
        assert watchdog.check(now=later) == 0  # flagged once only
        flagged = status.get_order(order_id)
        kitchen.advance(order_id, "assembling")
        moved = status.get_order(order_id)

    assert flagged is not None
    assert moved is not None
    assert (flagged["status"], flagged["delayed"]) == ("assembling", True)
    assert flagged["timeline"][-1]["event"] == "delayed"
    assert (moved["status"], moved["delayed"]) == ("baking", False)


def test_watchdog_leaves_finished_orders_alone(backend: Backend) -> None:
    with SingleThreadedRunner[UUID](PizzaSystem(), env=backend.env) as runner:
        kitchen, status = runner.get(Kitchen), runner.get(OrderStatus)
        order_id = runner.get(Orders).place_order(**order_request("c-1"))
        for stage in STAGES[:-1]:
            kitchen.advance(order_id, stage)
        kitchen_cancelled = runner.get(Orders).place_order(**order_request("c-1"))
        kitchen.cancel(kitchen_cancelled)

        flagged = Watchdog(kitchen, status, timedelta(0), interval=60).check()

    assert flagged == 0
