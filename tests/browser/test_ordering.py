"""Customers order in a real browser and watch their order move, live."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Browser, BrowserContext, expect

from pizza.domain.menu import MENU
from tests.browser.conftest import (
    PEPPERONI,
    LiveShop,
    add_pizza,
    place_an_order,
    sign_up,
)

MUSHROOM = ("Pesto", "Gouda", "Mushroom", ("Basil", "Black olives"))


def price(sauce: str, cheese: str, main: str, extras: tuple[str, ...]) -> str:
    amount = (
        MENU.base_price
        + MENU.sauces[sauce]
        + MENU.cheeses[cheese]
        + MENU.main_toppings[main]
        + sum(MENU.extra_toppings[name] for name in extras)
    )
    return f"£{amount:.2f}"


def test_customer_orders_two_pizzas_and_watches_the_order_validated(
    live_shop: LiveShop, context: BrowserContext, screenshots: Path
) -> None:
    page = context.new_page()
    sign_up(page, live_shop, "Ann", "ann@example.com")
    add_pizza(page, *PEPPERONI)
    add_pizza(page, *MUSHROOM)
    expect(page.locator(".cart-line")).to_have_count(2)
    page.screenshot(path=screenshots / "menu.png", full_page=True)

    page.get_by_role("button", name="Place order").click()
    status = page.locator("#order-status")
    expect(status).to_have_attribute("data-status", "requested")
    page.evaluate("window.stillTheSamePage = true")
    live_shop.gate.set()

    expect(status).to_have_attribute("data-status", "validated")
    assert page.evaluate("window.stillTheSamePage") is True, "the page reloaded"
    expect(page.locator("#timeline li")).to_have_count(2)
    expect(page.locator("#order-pizzas")).to_contain_text(price(*MUSHROOM))
    page.screenshot(path=screenshots / "order.png", full_page=True)


def test_another_customer_cannot_open_the_order(
    live_shop: LiveShop, browser: Browser, context: BrowserContext
) -> None:
    live_shop.gate.set()
    ann = context.new_page()
    sign_up(ann, live_shop, "Ann", "ann@example.com")
    order_url = place_an_order(ann, live_shop)
    expect(ann.locator("#order-status")).to_have_attribute("data-status", "validated")

    bob_context = browser.new_context()
    bob = bob_context.new_page()
    sign_up(bob, live_shop, "Bob", "bob@example.com")
    response = bob.goto(order_url)

    assert response is not None
    assert response.status == 404
    expect(bob.get_by_role("heading", name="404")).to_be_visible()
    expect(bob.locator("#order-status")).to_have_count(0)
    bob_context.close()
