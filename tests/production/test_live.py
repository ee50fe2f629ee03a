"""Live pages in a web process wake at once for changes made by other
processes: the view announces each commit, and the web listens."""

from __future__ import annotations

import http.cookiejar
import json
import urllib.parse
import urllib.request
from collections.abc import Generator, Iterator
from uuid import UUID

import pytest

from pizza.accounts import Accounts
from pizza.kitchen import Kitchen
from pizza.orders import Orders
from pizza.status import OrderStatus
from tests.production.conftest import Launcher
from tests.support.processes import free_port, wait_for_json
from tests.system.scenario import order_request
from tests.web.pages import csrf_token

pytestmark = pytest.mark.postgres
PASSWORD = "correct horse"


def logged_in_browser(base: str, email: str) -> urllib.request.OpenerDirector:
    """An HTTP client that has logged in through the real form."""
    browser = urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
    )
    page = browser.open(f"{base}/login", timeout=10).read().decode()
    form = {"email": email, "password": PASSWORD, "csrf_token": csrf_token(page)}
    browser.open(
        f"{base}/login", data=urllib.parse.urlencode(form).encode(), timeout=10
    )
    return browser


def stream_lines(
    browser: urllib.request.OpenerDirector, url: str
) -> Generator[str, None, None]:
    with browser.open(url, timeout=30) as response:
        for raw in response:
            yield raw.decode().rstrip("\n")


def test_an_order_page_follows_a_move_made_in_another_process(
    launch: Launcher, production_env: dict[str, str]
) -> None:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    launch("worker", "validation", "kitchen", "status")
    launch("web", "--port", str(port), "--workers", "1")
    wait_for_json(f"{base}/health", timeout=60)
    with (
        Accounts(env=production_env) as accounts,
        Orders(env=production_env) as orders,
        Kitchen(env=production_env) as kitchen,
        OrderStatus(env=production_env) as view,
    ):
        customer = accounts.register(
            "Ann", "ann@example.com", PASSWORD, "1 Main St", "+44 20 7946 0000"
        )
        order_id = orders.place_order(**order_request(str(customer)))
        view.wait_for_order(order_id, ("validated",), timeout=30)
        browser = logged_in_browser(base, "ann@example.com")

        lines = stream_lines(browser, f"{base}/orders/{order_id}/events")
        try:
            events = data_events(lines)
            first = next(events)
            kitchen.advance(UUID(str(order_id)), "validated")
            second = next(events)
        finally:
            lines.close()  # the page is closed

    assert first["status"] == "validated"
    assert second["status"] == "assembling"


def data_events(lines: Iterator[str]) -> Iterator[dict[str, object]]:
    """The stream's events, failing on a keep-alive: a page that wakes at once
    gets the change long before the first keep-alive (10 s)."""
    for line in lines:
        assert line != ": keep-alive", "the page waited for a keep-alive"
        if line.startswith("data: "):
            event: dict[str, object] = json.loads(line.removeprefix("data: "))
            yield event
