"""The menu's form in a real browser: the shop's own messages, not the
browser's, and the extras limit kept while choosing."""

from __future__ import annotations

from playwright.sync_api import BrowserContext, expect

from pizza.domain.menu import MAX_EXTRA_TOPPINGS, MENU
from tests.browser.conftest import LiveShop, sign_up


def test_no_more_extras_than_allowed_can_be_ticked(
    live_shop: LiveShop, context: BrowserContext
) -> None:
    page = context.new_page()
    sign_up(page, live_shop, "Ann", "ann-extras@example.com")
    extras = list(MENU.extra_toppings)
    chosen, others = extras[:MAX_EXTRA_TOPPINGS], extras[MAX_EXTRA_TOPPINGS:]

    for name in chosen:
        page.get_by_label(name).check()

    for name in others:
        expect(page.get_by_label(name)).to_be_disabled()
    expect(page.locator("#extras-note")).to_contain_text(
        f"That is {MAX_EXTRA_TOPPINGS}, the most extras"
    )
    page.get_by_label(chosen[0]).uncheck()
    for name in others:
        expect(page.get_by_label(name)).to_be_enabled()
    expect(page.locator("#extras-note")).to_have_text("")


def test_an_incomplete_pizza_gets_the_shops_own_errors(
    live_shop: LiveShop, context: BrowserContext
) -> None:
    page = context.new_page()
    sign_up(page, live_shop, "Bo", "bo-extras@example.com")

    page.get_by_role("button", name="Add to order").click()

    # Without ``novalidate`` the browser would stop the form with its own bubble
    # and the shop's page would never come back.
    expect(page.locator(".menu-section.has-error .errors")).not_to_have_count(0)
    expect(page.locator(".cart-line")).to_have_count(0)
