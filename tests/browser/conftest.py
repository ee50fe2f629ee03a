"""The shop served for real (waitress, threaded runner, SQLite file) and driven
by a real headless Chromium (Debian's package) through Playwright."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast
from uuid import UUID

import pytest
from eventsourcing.system import MultiThreadedRunner, ProcessingJob, System
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright
from waitress import wasyncore
from waitress.server import TcpWSGIServer, create_server

from pizza.accounts import Accounts
from pizza.kitchen import Kitchen
from pizza.orders import Orders
from pizza.settings import Settings
from pizza.status import OrderStatus
from pizza.system import PizzaSystem
from pizza.validation import Validation
from tests.support.processes import wait_until
from tests.web.conftest import PASSWORD
from webapp import create_app

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
README_SCREENSHOTS = Path(__file__).parents[2] / "docs" / "screenshots"
PEPPERONI = ("Tomato", "Mozzarella", "Pepperoni", ("Onion",))


@pytest.fixture
def screenshots(tmp_path: Path) -> Path:
    """Where the tests save their screenshots: the README's folder when
    ``PIZZA_SCREENSHOTS=readme`` (``make screenshots``), else a temporary one."""
    if os.environ.get("PIZZA_SCREENSHOTS") == "readme":
        return README_SCREENSHOTS
    return tmp_path


class GatedValidation(Validation):
    """The real Validation, which waits for the test to open its gate before it
    decides, so a test can watch a page that is open before the order moves."""

    name = "Validation"  # the same log and tables as the real one
    gate = threading.Event()

    def process_batch(self, jobs: Sequence[ProcessingJob[Any]]) -> None:
        assert self.gate.wait(timeout=30), "the test never opened the gate"
        super().process_batch(jobs)


WALK_IN = {"sauce": "Pesto", "cheese": "Gouda", "main_topping": "Mushroom"}
"""A pizza for orders placed without the pages, as a phone order would be."""


@dataclass
class LiveShop:
    url: str
    gate: threading.Event
    runner: MultiThreadedRunner[UUID]  # for what no page does, e.g. adding staff


@pytest.fixture
def live_shop(tmp_path: Path) -> Iterator[LiveShop]:
    env = {
        "PERSISTENCE_MODULE": "eventsourcing_sqlalchemy",
        "SQLALCHEMY_URL": f"sqlite:///{tmp_path / 'pizza.sqlite'}",
        "PASSWORD_HASHING": "CHEAPEST",
    }
    GatedValidation.gate = threading.Event()
    system = System(
        pipes=[
            [GatedValidation if app is Validation else app for app in pipe]
            for pipe in PizzaSystem.pipes()
        ]
    )
    runner = MultiThreadedRunner[UUID](system, env=env)
    runner.start()
    try:
        settings = Settings.from_environ(env)
        # Short keep-alives: a stream notices its page has gone within a
        # second, so the server can stop without waiting for it.
        config = {
            "SECRET_KEY": "browser-tests",
            "ORDER_EVENTS_KEEPALIVE_SECONDS": 1.0,
            "KITCHEN_EVENTS_KEEPALIVE_SECONDS": 1.0,
        }
        app = create_app(config, settings=settings, runner=runner)
        server = create_server(app, host="127.0.0.1", port=0, threads=16)
        assert isinstance(server, TcpWSGIServer)
        assert server.socket is not None
        port = server.socket.getsockname()[1]
        serving = threading.Thread(target=server.run, daemon=True)
        serving.start()
        try:
            yield LiveShop(f"http://127.0.0.1:{port}", GatedValidation.gate, runner)
        finally:
            GatedValidation.gate.set()
            # Closed from its own loop: closed from here, the loop's select()
            # would fail on a descriptor closed under it.
            loop = cast(Any, server)  # waitress's stubs leave these two out
            loop.trigger.pull_trigger(lambda: wasyncore.close_all(loop._map))
            serving.join(timeout=10)
            server.task_dispatcher.shutdown()
            assert not serving.is_alive(), "the server did not stop"
    finally:
        runner.stop()


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_FLAGS, headless=True
        )
        yield browser
        browser.close()


DESKTOP = {"width": 1280, "height": 900}


@contextmanager
def browser_context(browser: Browser, **options: Any) -> Iterator[BrowserContext]:
    """A fresh browser profile (no cookies, no session; a desktop screen
    unless ``options`` say otherwise). Fails the test if any page it showed
    broke the Content-Security-Policy (the browser reports each refusal on the
    console)."""
    context = browser.new_context(**{"viewport": DESKTOP, **options})
    context.set_default_timeout(10_000)
    console: list[str] = []
    context.on("console", lambda message: console.append(message.text))
    try:
        yield context
    finally:
        context.close()
    refused = [text for text in console if "Content Security Policy" in text]
    assert refused == [], refused


@contextmanager
def new_page(browser: Browser, **options: Any) -> Iterator[Page]:
    """A page in a fresh profile (see ``browser_context``)."""
    with browser_context(browser, **options) as context:
        yield context.new_page()


@pytest.fixture
def context(browser: Browser) -> Iterator[BrowserContext]:
    with browser_context(browser) as context:
        yield context


def staff_at_the_board(page: Page, shop: LiveShop, email: str) -> None:
    """A member of staff, added as the CLI adds one, logged in at the board."""
    shop.runner.get(Accounts).register("Sam", email, PASSWORD, "", "", staff=True)
    log_in(page, shop, email)
    page.get_by_role("link", name="Kitchen").click()
    page.wait_for_url(f"{shop.url}/kitchen")


def kitchen_has_caught_up(shop: LiveShop) -> None:
    """Waits until the kitchen has a ticket for every order validated so far
    (the board shows an order once the view has it, which may be a moment
    before the kitchen does)."""
    validated = shop.runner.get(Validation).recorder.max_notification_id()
    shop.runner.get(Kitchen).recorder.wait("Validation", validated, timeout=10)


def customer_with_an_order(shop: LiveShop, name: str, email: str) -> UUID:
    """A customer with an order placed by phone (no page), once staff can find
    it by the customer's surname (the view may lag the command)."""
    customer = shop.runner.get(Accounts).register(
        name, email, PASSWORD, "1 Long Street", "+44 20 7946 0000"
    )
    order_id = shop.runner.get(Orders).place_order(
        str(customer), "1 Long Street", [WALK_IN]
    )
    view = shop.runner.get(OrderStatus)
    surname = name.split()[-1]
    wait_until(lambda: view.find_orders([surname]) != [], 10, f"{name}'s order")
    return order_id


def log_in(page: Page, shop: LiveShop, email: str) -> None:
    page.goto(f"{shop.url}/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{shop.url}/menu")


def sign_up(page: Page, shop: LiveShop, name: str, email: str) -> None:
    page.goto(f"{shop.url}/signup")
    page.get_by_label("Name").fill(name)
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Repeat password").fill(PASSWORD)
    page.get_by_label("Delivery address").fill("1 Main St")
    page.get_by_label("Phone").fill("+44 20 7946 0000")
    page.get_by_role("button", name="Create my account").click()
    page.wait_for_url(f"{shop.url}/menu")


def add_pizza(
    page: Page, sauce: str, cheese: str, main: str, extras: tuple[str, ...]
) -> None:
    for name in (sauce, cheese, main, *extras):
        page.get_by_label(name).check()
    page.get_by_role("button", name="Add to order").click()


def place_an_order(page: Page, shop: LiveShop) -> str:
    add_pizza(page, *PEPPERONI)
    page.get_by_role("button", name="Place order").click()
    page.wait_for_url(f"{shop.url}/orders/*")
    return page.url
