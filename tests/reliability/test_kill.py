"""A shop process killed (SIGKILL) while it works through a backlog loses and
repeats nothing: after a restart the view equals one rebuilt from scratch."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from uuid import UUID

from eventsourcing.system import SingleThreadedRunner

from pizza.orders import Orders
from pizza.status import OrderStatus
from pizza.system import PizzaSystem
from tests.conftest import Backend, sqlite_backend
from tests.reliability.views import rebuilt_from_scratch, snapshot, statuses
from tests.system.scenario import order_request

BACKLOG = 3000
QUARTER, THREE_QUARTERS = BACKLOG // 4, BACKLOG * 3 // 4


def place_backlog(backend: Backend) -> list[UUID]:
    with SingleThreadedRunner[UUID](PizzaSystem(), env=backend.env):
        pass  # makes the view's tables, so they can be watched from outside
    orders = Orders(env=backend.env)
    try:
        return [orders.place_order(**order_request("c-1")) for _ in range(BACKLOG)]
    finally:
        orders.close()


def kill_when_half_way(process: subprocess.Popen[bytes], view_url: str) -> int:
    """Kills the process (SIGKILL) once the view shows between a quarter and
    three quarters of the backlog decided; returns how many the view shows
    decided once the process is gone. The process never outlives this call."""
    deadline = time.monotonic() + 60
    try:
        while time.monotonic() < deadline:
            decided = validated(view_url)
            assert decided <= THREE_QUARTERS, (
                f"the view went past three quarters between two looks: {decided}"
            )
            if decided >= QUARTER:
                os.kill(process.pid, signal.SIGKILL)
                process.wait(timeout=10)
                return validated(view_url)
            # Watching another process's progress in its own database: there is
            # nothing of ours to wait on, so look again shortly.
            time.sleep(0.005)
        raise AssertionError("the shop decided no quarter of the backlog within 60 s")
    finally:
        process.kill()  # does nothing once the process is gone
        process.wait(timeout=10)


def validated(view_url: str) -> int:
    """How many orders the view shows validated (all of the backlog is valid)."""
    return statuses(view_url).get("validated", 0)


def test_killed_process_resumes_without_loss_or_repeats(tmp_path: Path) -> None:
    backend = sqlite_backend(tmp_path)
    placed = place_backlog(backend)
    shop = subprocess.Popen(
        [sys.executable, "-m", "pizza", "serve", "--port", "0"],
        env={**os.environ, **backend.env},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )

    decided_at_kill = kill_when_half_way(shop, backend.view_url)

    assert QUARTER <= decided_at_kill < BACKLOG, "killed with some, not all, decided"
    with SingleThreadedRunner[UUID](PizzaSystem(), env=backend.env) as runner:
        assert runner.get(OrderStatus).count_by_status() == {"validated": BACKLOG}
    assert snapshot(backend.env, placed) == rebuilt_from_scratch(
        backend.env, placed, tmp_path
    )
