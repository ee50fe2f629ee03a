"""``pizza up`` under load, its processes killed (SIGKILL) at random moments:
every order answered 2xx is stored exactly once, ends delivered as its moves
say, appears once in the view, and the view equals one rebuilt from the log."""

from __future__ import annotations

import os
import random
import signal
import time
from collections.abc import Sequence
from pathlib import Path
from uuid import UUID

import pytest

from pizza.domain.order import Order
from pizza.domain.order_check import OrderCheck
from pizza.domain.ticket import STAGES, KitchenTicket
from pizza.kitchen import Kitchen
from pizza.orders import Orders
from pizza.status import OrderStatus
from pizza.validation import Validation
from tests.production.conftest import Launcher
from tests.production.test_outage import Load, token_for
from tests.reliability.views import rebuilt_from_scratch, snapshot
from tests.support.processes import free_port, wait_for_json, wait_until

pytestmark = pytest.mark.postgres
KILLS = 20
ORDERS = 1000  # answered 2xx, at the least


def descendants(pid: int) -> list[int]:
    """The processes below ``pid`` (children, grandchildren, ...), from /proc."""
    parents: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue  # it ended meanwhile
            parents.setdefault(int(fields[1]), []).append(int(entry.name))
    found, todo = [], [pid]
    while todo:
        children = parents.get(todo.pop(), [])
        found += children
        todo += children
    return found


def test_killed_processes_lose_and_repeat_nothing(
    production_env: dict[str, str], tmp_path: Path
) -> None:
    env = {**production_env, "PIZZA_AUTOPILOT": "on", "AUTOPILOT_DELAYS": "0,0,0,0"}
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    up = Launcher(env, tmp_path)("up", "--port", str(port), "--workers", "2")
    chance = random.Random(os.environ.get("PIZZA_TEST_SEED", time.time_ns()))
    try:
        wait_for_json(f"{base}/health", timeout=60)
        with Load(base, token_for(base, env)) as load:
            for _ in range(KILLS):
                time.sleep(chance.uniform(0.5, 2.5))  # a random moment under load
                victims = descendants(up.process.pid)
                if victims:
                    os.kill(chance.choice(victims), signal.SIGKILL)
            answered = f"{ORDERS} orders answered 201"
            wait_until(lambda: load.count(201) >= ORDERS, 300, answered)
        placed = [UUID(a.order_id) for a in load.answers if a.order_id]
        with OrderStatus(env=env) as view:
            wait_until(lambda: all_delivered(view, placed), 120, "all delivered")
    finally:
        up.stop()

    assert events_per_order(env, placed) == {(1, 1, 1 + len(STAGES) - 1)}
    assert snapshot(env, placed) == rebuilt_from_scratch(env, placed, tmp_path)


def all_delivered(view: OrderStatus, order_ids: list[UUID]) -> bool:
    orders = [view.get_order(order_id) for order_id in order_ids]
    return all(o is not None and o["status"] == "delivered" for o in orders)


def events_per_order(
    env: dict[str, str], order_ids: list[UUID]
) -> set[tuple[int, int, int]]:
    """How many requests, decisions and kitchen events each order has."""
    with (
        Orders(env=env) as orders,
        Validation(env=env) as validation,
        Kitchen(env=env) as kitchen,
    ):
        return {
            (
                count(orders.get_events(i), Order.Requested),
                count(validation.get_events(i), OrderCheck.Validated),
                count(kitchen.get_events(i), KitchenTicket.Event),
            )
            for i in order_ids
        }


def count(events: Sequence[object], kind: type) -> int:
    return sum(isinstance(event, kind) for event in events)
