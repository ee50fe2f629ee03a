"""PostgreSQL stops (as in a crash) for a few seconds under load, and starts
again: every request meanwhile gets a success or a quick 503, nothing answered
2xx is lost, and every part resumes by itself."""

from __future__ import annotations

import json
import shutil
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from pizza.accounts import Accounts
from pizza.status import OrderStatus
from tests.production.conftest import Launcher
from tests.support.postgres import Outage, PostgresServer, start_postgres
from tests.support.processes import free_port, get_json, wait_for_json, wait_until
from tests.system.scenario import VALID_PIZZA

pytestmark = pytest.mark.postgres
CLIENTS = 4
CLIENT_TIMEOUT = 10.0  # seconds; a request that takes this long has hung


@dataclass(frozen=True)
class Answer:
    status: int  # 0: no answer at all
    seconds: float
    order_id: str | None


@pytest.fixture
def own_server() -> Iterator[tuple[PostgresServer, Outage]]:
    """A PostgreSQL server of this test's own, which it may stop."""
    base_dir = Path(tempfile.mkdtemp(prefix="pizza-pg-outage-"))
    base_dir.chmod(0o755)
    try:
        with start_postgres(base_dir, durable=True) as server:
            yield server, Outage(base_dir, server.port)
    finally:
        shutil.rmtree(base_dir, ignore_errors=True)


def post_order(base: str, token: str) -> Answer:
    body = json.dumps({"pizzas": [VALID_PIZZA]}).encode()
    request = urllib.request.Request(
        f"{base}/api/orders",
        data=body,
        headers={
            "Content-Type": "application/json",
            "Authorization": f"Bearer {token}",
        },
    )
    started = time.monotonic()
    try:
        with urllib.request.urlopen(request, timeout=CLIENT_TIMEOUT) as response:
            order_id = json.load(response)["id"]
            return Answer(response.status, time.monotonic() - started, order_id)
    except urllib.error.HTTPError as error:
        return Answer(error.code, time.monotonic() - started, None)
    except OSError:
        return Answer(0, time.monotonic() - started, None)


def token_for(base: str, env: dict[str, str]) -> str:
    with Accounts(env=env) as accounts:
        accounts.register(
            "Ann", "ann@example.com", "correct horse", "1 Main St", "+44 20 7946 0000"
        )
    request = urllib.request.Request(
        f"{base}/api/tokens",
        data=json.dumps(
            {"email": "ann@example.com", "password": "correct horse"}
        ).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        token: str = json.load(response)["token"]
        return token


def test_a_database_outage_under_load_fails_fast_and_loses_nothing(
    own_server: tuple[PostgresServer, Outage],
    production_env: dict[str, str],
    tmp_path: Path,
) -> None:
    server, outage = own_server
    env = {**production_env, **server.env()}
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    up = Launcher(env, tmp_path)("up", "--port", str(port), "--workers", "2")
    try:
        wait_for_json(f"{base}/health", timeout=60)
        with Load(base, token_for(base, env)) as load:
            load.wait_for(lambda: load.count(201) >= 20, "orders before the outage")
            outage.stop()
            load.wait_for(lambda: load.count(503) >= 20, "quick 503s in the outage")
            outage.start()
            restarted_at = time.monotonic()
            wait_until(lambda: healthy(base), 30, "/health 200 after the outage")
            back_in = time.monotonic() - restarted_at
            served = load.count(201)
            load.wait_for(lambda: load.count(201) >= served + 20, "orders after it")
        placed = [a.order_id for a in load.answers if a.order_id]
        with OrderStatus(env=env) as view:
            wait_until(lambda: all_validated(view, placed), 60, "2xx orders validated")
    finally:
        code = up.stop()

    assert {a.status for a in load.answers} <= {201, 202, 503}
    assert {201, 503} <= {a.status for a in load.answers}
    assert max(a.seconds for a in load.answers) < CLIENT_TIMEOUT
    assert back_in < 10
    assert code == 0


class Load:
    """Clients that place orders over HTTP, one after another, until the end
    of the ``with`` block; ``answers`` holds what each got."""

    def __init__(self, base: str, token: str) -> None:
        self.base, self.token = base, token
        self.answers: list[Answer] = []
        self.running = threading.Event()
        self.pool = ThreadPoolExecutor(CLIENTS)

    def __enter__(self) -> Load:
        self.running.set()
        for _ in range(CLIENTS):
            self.pool.submit(self.client)
        return self

    def __exit__(self, *exc: object) -> None:
        self.running.clear()
        self.pool.shutdown()

    def client(self) -> None:
        while self.running.is_set():
            self.answers.append(post_order(self.base, self.token))

    def count(self, status: int) -> int:
        return sum(answer.status == status for answer in self.answers)

    def wait_for(self, condition: Callable[[], bool], what: str) -> None:
        wait_until(condition, 60, what)


def healthy(base: str) -> bool:
    try:
        status, _ = get_json(f"{base}/health")
    except (OSError, ValueError):
        return False
    return status == 200


def all_validated(view: OrderStatus, order_ids: list[Any]) -> bool:
    orders = [view.get_order(order_id) for order_id in order_ids]
    return all(o is not None and o["status"] == "validated" for o in orders)
