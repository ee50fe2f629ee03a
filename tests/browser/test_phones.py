"""Every page at phone sizes, in a real browser: nothing wider than the
screen, so nothing to scroll sideways; the kitchen's board in one column."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page

from tests.browser.conftest import (
    LiveShop,
    customer_with_an_order,
    new_page,
    place_an_order,
    sign_up,
    staff_at_the_board,
)

PHONES = [(360, 740), (390, 844), (430, 932)]

TOO_WIDE = """() => [...document.querySelectorAll('body *')]
  .filter(e => {
    const box = e.getBoundingClientRect();
    return box.width > 1 && (box.right > innerWidth + 0.5 || box.left < -0.5);
  })
  .map(e => `${e.tagName.toLowerCase()}.${e.className} (${Math.round(
    e.getBoundingClientRect().width)} px)`)"""


def too_wide(page: Page) -> list[str]:
    """The elements reaching past either side of the screen."""
    found: list[str] = page.evaluate(TOO_WIDE)
    return found


@pytest.mark.parametrize(("width", "height"), PHONES)
def test_customer_pages_fit_a_phone(
    live_shop: LiveShop, browser: Browser, width: int, height: int
) -> None:
    with new_page(browser, viewport={"width": width, "height": height}) as page:
        sign_up(page, live_shop, "Ann", f"ann{width}@example.com")
        order_url = place_an_order(page, live_shop)
        for path in (
            "/menu",
            "/orders",
            order_url.removeprefix(live_shop.url),
            "/account",
        ):
            page.goto(live_shop.url + path)
            assert too_wide(page) == [], path


@pytest.mark.parametrize(("width", "height"), PHONES)
def test_the_kitchens_board_is_one_column_on_a_phone(
    live_shop: LiveShop, browser: Browser, width: int, height: int
) -> None:
    with new_page(browser, viewport={"width": width, "height": height}) as page:
        staff_at_the_board(page, live_shop, f"sam{width}@example.com")
        columns = page.evaluate(
            "getComputedStyle(document.querySelector('.board'))"
            ".gridTemplateColumns.split(' ').length"
        )
        assert columns == 1
        assert too_wide(page) == []
        customer_with_an_order(
            live_shop,
            "Alexandra Featherstonehaugh",
            f"alexandra.featherstonehaugh.{width}@example.com",
        )
        page.goto(f"{live_shop.url}/kitchen/orders?q=featherstonehaugh")
        assert page.locator("table.found tbody tr").count() == 1
        assert too_wide(page) == []
        page.goto(f"{live_shop.url}/kitchen/menu")
        assert too_wide(page) == []
