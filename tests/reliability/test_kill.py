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


def place_backlog(backend: Backend) -> list[UUID]:
    with SingleThreadedRunner[UUID](PizzaSystem(), env=backend.env):
        pass  # makes the view's tables, so they can be watched from outside
    orders = Orders(env=backend.env)
    try:
        return [orders.place_order(**order_request("c-1")) for _ in range(BACKLOG)]
    finally:
        orders.close()


def kill_when_half_way(process: subprocess.Popen[bytes], view_url: str) -> int:
    """Kills the process once the view shows some, not all, orders decided;
    returns how many were decided by then."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        decided = statuses(view_url).get("validated", 0)
        if decided:
            os.kill(process.pid, signal.SIGKILL)
            process.wait(timeout=10)
            return decided
        time.sleep(0.005)  # watching another process's progress, not waiting on ours
    process.kill()
    raise AssertionError("the shop decided no order within 60 s")


def test_killed_process_resumes_without_loss_or_repeats(tmp_path: Path) -> None:
    backend = sqlite_backend(tmp_path)
    placed = place_backlog(backend)
    shop = subprocess.Popen(
        [sys.executable, "-m", "pizza", "serve", "--port", "0"],
        env={**os.environ, **backend.env},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )

    decided_before_kill = kill_when_half_way(shop, backend.view_url)

    assert 0 < decided_before_kill < BACKLOG
    with SingleThreadedRunner[UUID](PizzaSystem(), env=backend.env) as runner:
        assert runner.get(OrderStatus).count_by_status() == {"validated": BACKLOG}
    assert snapshot(backend, placed) == rebuilt_from_scratch(backend, placed, tmp_path)
