"""Each part in a process of its own on PostgreSQL: following its leaders
through the database's notifications, exactly one active copy at a time, and a
clean stop on SIGTERM."""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from typing import Any
from uuid import UUID

import pytest

from pizza.domain.order_check import OrderCheck
from pizza.orders import Orders
from pizza.status import OrderStatus
from pizza.validation import Validation
from tests.production.conftest import Launcher
from tests.support.processes import free_port, get_json, wait_for_json, wait_until
from tests.system.scenario import order_request

pytestmark = pytest.mark.postgres


def decisions(validation: Validation, order_ids: list[UUID]) -> list[int]:
    """How many decisions Validation's log holds for each order."""
    return [
        len([e for e in validation.get_events(i) if isinstance(e, OrderCheck.Event)])
        for i in order_ids
    ]


def validated(status: OrderStatus, order_ids: list[UUID]) -> Callable[[], bool]:
    def all_shown() -> bool:
        orders = [status.get_order(order_id) for order_id in order_ids]
        return all(o is not None and o["status"] == "validated" for o in orders)

    return all_shown


def test_parts_in_their_own_processes_take_orders_through_to_the_view(
    production_env: dict[str, str], launch: Launcher
) -> None:
    worker = launch("worker", "validation", "kitchen", "status")
    orders, status = Orders(env=production_env), OrderStatus(env=production_env)
    try:
        placed = [orders.place_order(**order_request("c-1")) for _ in range(20)]

        wait_until(validated(status, placed), 30, "all orders validated in the view")
    finally:
        orders.close()
        status.close()

    assert worker.stop() == 0


def test_of_two_copies_one_is_active_and_the_other_takes_over_when_it_dies(
    production_env: dict[str, str], launch: Launcher
) -> None:
    launch("worker", "status")
    first = launch("worker", "validation")
    first.wait_for_output("validation: active")
    second = launch("worker", "validation")
    orders = Orders(env=production_env)
    validation = Validation(env=production_env)
    status = OrderStatus(env=production_env)
    try:
        before = [orders.place_order(**order_request("c-1")) for _ in range(30)]
        wait_until(validated(status, before), 30, "orders validated by the first copy")
        assert "validation: active" not in second.output()

        first.kill()
        killed_at = time.monotonic()
        second.wait_for_output("validation: active", timeout=10)
        took_over_in = time.monotonic() - killed_at
        after = [orders.place_order(**order_request("c-1")) for _ in range(30)]
        wait_until(validated(status, after), 30, "orders validated by the second copy")

        counts = decisions(validation, before + after)
    finally:
        for app in (orders, validation, status):
            app.close()

    assert took_over_in < 5
    assert counts == [1] * 60


def test_a_part_stops_cleanly_on_sigterm(
    production_env: dict[str, str], launch: Launcher
) -> None:
    worker = launch("worker", "all")
    for part in ("validation", "kitchen", "status", "watchdog"):
        worker.wait_for_output(f"{part}: active")

    stopped_at = time.monotonic()
    code = worker.stop()

    assert code == 0
    assert time.monotonic() - stopped_at < 5
    assert "Traceback" not in worker.output()


def test_health_says_which_parts_no_process_runs(launch: Launcher) -> None:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    launch("web", "--port", str(port), "--workers", "1")
    launch("worker", "validation").wait_for_output("validation: active")
    body = wait_for_json(f"{base}/health", timeout=60)

    running_before = running(body)
    launch("worker", "kitchen", "status")
    wait_until(
        lambda: get_json(f"{base}/health")[1]["status"] == "ok", 30, "all running"
    )

    assert body["status"] == "degraded"
    assert running_before == {
        "Validation": True,
        "Kitchen": False,
        "OrderStatus": False,
    }


def running(body: dict[str, Any]) -> dict[str, bool]:
    return {f["follower"]: f["running"] for f in body["followers"]}


def test_rate_limits_hold_across_web_processes(launch: Launcher) -> None:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    launch("web", "--port", str(port), "--workers", "3")
    wait_for_json(f"{base}/health", timeout=60)
    body = json.dumps({"email": "ann@example.com", "password": "a guess"}).encode()

    statuses = [post_status(f"{base}/api/tokens", body) for _ in range(11)]

    assert statuses == [401] * 10 + [429]


def post_status(url: str, body: bytes) -> int:
    request = urllib.request.Request(
        url, data=body, headers={"Content-Type": "application/json"}
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            status: int = response.status
            return status
    except urllib.error.HTTPError as error:
        return error.code
