"""The order page in the customer's words, time and pace, in a real browser:
local times, a question before cancelling, a notice that goes once the order
moves on, and the shop's icon."""

from __future__ import annotations

from datetime import datetime, timedelta

from playwright.sync_api import Browser, Dialog, expect

from tests.browser.conftest import (
    LiveShop,
    new_page,
    place_an_order,
    sign_up,
)

KATHMANDU = timedelta(hours=5, minutes=45)  # an offset no rounding can fake


def test_times_are_shown_in_the_readers_time_zone(
    live_shop: LiveShop, browser: Browser
) -> None:
    live_shop.gate.set()
    with new_page(browser, timezone_id="Asia/Kathmandu", locale="en-GB") as page:
        sign_up(page, live_shop, "Ann", "ann-tz@example.com")
        place_an_order(page, live_shop)
        expect(page.locator("#timeline li")).to_have_count(2)

        placed = page.locator("time[data-format=datetime]")
        moment = datetime.fromisoformat(placed.get_attribute("datetime") or "")
        expect(placed).to_contain_text(f"{moment + KATHMANDU:%H:%M}")
        step = page.locator("#timeline li time").last  # added by a live update
        moment = datetime.fromisoformat(step.get_attribute("datetime") or "")
        expect(step).to_have_text(f"{moment + KATHMANDU:%H:%M:%S}")
        expect(page.locator("#timeline .by")).to_have_text(["by you", "by the shop"])


def test_cancelling_asks_first(live_shop: LiveShop, browser: Browser) -> None:
    live_shop.gate.set()
    with new_page(browser) as page:
        sign_up(page, live_shop, "Bo", "bo-cancel@example.com")
        place_an_order(page, live_shop)
        status = page.locator("#order-status")
        expect(status).to_have_attribute("data-status", "validated")
        asked: list[str] = []

        def answer(dialog: Dialog, *, yes: bool) -> None:
            asked.append(dialog.message)
            dialog.accept() if yes else dialog.dismiss()

        page.once("dialog", lambda dialog: answer(dialog, yes=False))
        page.get_by_role("button", name="Cancel order").click()
        expect(status).to_have_attribute("data-status", "validated")
        page.once("dialog", lambda dialog: answer(dialog, yes=True))
        page.get_by_role("button", name="Cancel order").click()
        expect(status).to_have_attribute("data-status", "cancelled")
        assert asked == ["Cancel this order? This cannot be undone."] * 2


def test_the_placed_notice_goes_once_the_order_moves_on(
    live_shop: LiveShop, browser: Browser
) -> None:
    with new_page(browser) as page:
        sign_up(page, live_shop, "Cy", "cy-notice@example.com")
        place_an_order(page, live_shop)
        notice = page.get_by_text("Order placed.")
        expect(notice).to_be_visible()

        live_shop.gate.set()

        expect(page.locator("#order-status")).to_have_attribute(
            "data-status", "validated"
        )
        expect(notice).to_be_hidden()


def test_a_step_of_the_timeline_opens_the_order_as_it_stood_then(
    live_shop: LiveShop, browser: Browser
) -> None:
    with new_page(browser) as page:
        sign_up(page, live_shop, "Di", "di-asof@example.com")
        place_an_order(page, live_shop)
        live_shop.gate.set()
        expect(page.locator("#timeline li")).to_have_count(2)  # a live update

        page.get_by_role("link", name="As of this step (1)").click()

        expect(page.locator("#as-of")).to_contain_text("after step 1 of 2")
        expect(page.locator("#order-status")).to_have_attribute(
            "data-status", "requested"
        )
        page.get_by_role("link", name="See it now").click()
        expect(page.locator("#order-status")).to_have_attribute(
            "data-status", "validated"
        )


def test_the_shop_has_an_icon(live_shop: LiveShop, browser: Browser) -> None:
    with new_page(browser) as page:
        page.goto(f"{live_shop.url}/login")
        href = page.locator("link[rel=icon]").get_attribute("href")
        response = page.request.get(f"{live_shop.url}{href}")
        assert response.status == 200
        assert response.headers["content-type"].startswith("image/svg+xml")
