"""A new customer signs up in a real browser."""

from __future__ import annotations

from playwright.sync_api import BrowserContext, expect

from tests.browser.conftest import LiveShop, log_in, sign_up


def test_new_customer_signs_up_and_lands_on_the_menu(
    live_shop: LiveShop, context: BrowserContext
) -> None:
    page = context.new_page()

    sign_up(page, live_shop, "Ann", "ann@example.com")

    expect(page.get_by_text("Welcome! Build your first pizza below.")).to_be_visible()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()


def test_my_orders_logging_out_and_in_break_no_policy(
    live_shop: LiveShop, context: BrowserContext
) -> None:
    page = context.new_page()
    sign_up(page, live_shop, "Bea", "bea@example.com")

    page.get_by_role("link", name="My orders").click()
    expect(page.get_by_role("heading", name="My orders")).to_be_visible()
    page.get_by_role("button", name="Log out").click()
    page.wait_for_url(f"{live_shop.url}/login")
    log_in(page, live_shop, "bea@example.com")

    expect(page.get_by_role("button", name="Log out")).to_be_visible()


def test_a_customer_changes_their_details_on_the_account_page(
    live_shop: LiveShop, context: BrowserContext
) -> None:
    page = context.new_page()
    sign_up(page, live_shop, "Cleo", "cleo@example.com")

    page.get_by_role("link", name="Cleo").click()
    page.get_by_label("Name").fill("Cleo B")
    page.get_by_label("Phone").fill("+44 20 7946 0002")
    page.get_by_role("button", name="Save details").click()

    expect(page.get_by_text("Your details are saved.")).to_be_visible()
    expect(page.get_by_role("link", name="Cleo B")).to_be_visible()
    expect(page.get_by_label("Phone")).to_have_value("+44 20 7946 0002")
