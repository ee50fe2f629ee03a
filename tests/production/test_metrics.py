"""``/metrics`` across the production set's processes: what the validation
worker measures, and what each web process measures, is added up whichever
web process answers the scrape (``prometheus_client``'s multiprocess mode)."""

from __future__ import annotations

import json
import urllib.request
from pathlib import Path

import pytest

from pizza.status import OrderStatus
from tests.production.conftest import Launcher
from tests.production.test_outage import token_for
from tests.support.metrics import Samples, samples_of
from tests.support.processes import free_port, wait_for_json, wait_until

pytestmark = pytest.mark.postgres

TOKEN = "production-metrics-token"
PIZZA = {"sauce": "Tomato", "cheese": "Mozzarella", "main_topping": "Ham"}
ORDERS = 12


def place(base: str, token: str) -> str:
    request = urllib.request.Request(
        f"{base}/api/orders",
        data=json.dumps({"pizzas": [PIZZA]}).encode(),
        headers={
            "Content-Type": "application/json",
            "Authorization": f"Bearer {token}",
        },
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        order_id: str = json.load(response)["id"]
        return order_id


def scrape(base: str) -> Samples:
    request = urllib.request.Request(
        f"{base}/metrics", headers={"Authorization": f"Bearer {TOKEN}"}
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        return samples_of(response.read().decode())


def test_every_scrape_adds_up_every_process(
    production_env: dict[str, str], tmp_path: Path
) -> None:
    env = {**production_env, "PIZZA_METRICS_TOKEN": TOKEN}
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    up = Launcher(env, tmp_path)("up", "--port", str(port), "--workers", "2")
    try:
        wait_for_json(f"{base}/health", timeout=60)
        token = token_for(base, env)
        placed = [place(base, token) for _ in range(ORDERS)]
        with OrderStatus(env=env) as view:
            wait_until(
                lambda: view.count_by_status().get("validated") == ORDERS,
                30,
                "every order validated",
            )
        scrapes = [scrape(base) for _ in range(6)]  # whichever worker answers
    finally:
        up.stop()

    assert len(placed) == ORDERS
    decided = ("pizza_order_decided_seconds_count", (("outcome", "validated"),))
    posted = (
        "pizza_http_request_seconds_count",
        (("method", "POST"), ("route", "/api/orders"), ("status", "201")),
    )
    for scraped in scrapes:
        assert scraped[decided] == ORDERS  # measured by the validation process
        assert scraped[posted] == ORDERS  # by either web process
        assert scraped[("pizza_orders", (("status", "validated"),))] == ORDERS
