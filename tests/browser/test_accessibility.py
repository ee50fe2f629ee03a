"""Every page checked by axe-core (packaged, not from a CDN) in a real
browser, at desktop and phone sizes: no serious or critical violation of the
WCAG 2.2 A and AA rules it knows."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page

from pizza.orders import Orders
from pizza.status import OrderStatus
from tests.browser.conftest import (
    LiveShop,
    customer_with_an_order,
    new_page,
    place_an_order,
    sign_up,
    staff_at_the_board,
)

SIZES = [(1280, 900), (390, 844)]
RULES = {
    "runOnly": {
        "type": "tag",
        "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"],
    },
    "resultTypes": ["violations"],
}
AXE = Axe()


def serious_violations(page: Page) -> list[str]:
    """Each serious or critical violation on the page: the rule, and where."""
    results = AXE.run(page, options=RULES).response
    return [
        f"{violation['id']} ({violation['impact']}): {node['target']}"
        for violation in results["violations"]
        if violation["impact"] in ("serious", "critical")
        for node in violation["nodes"]
    ]


@pytest.mark.parametrize(("width", "height"), SIZES)
def test_customer_pages_pass_axe(
    live_shop: LiveShop, browser: Browser, width: int, height: int
) -> None:
    with new_page(browser, viewport={"width": width, "height": height}) as page:
        for path in ("/login", "/signup", "/reset"):
            page.goto(live_shop.url + path)
            assert serious_violations(page) == [], path
        sign_up(page, live_shop, "Ann", f"ann{width}@example.com")
        order = place_an_order(page, live_shop).removeprefix(live_shop.url)
        live_shop.runner.get(Orders).change_menu(
            lambda menu: menu.mark_out_of_stock("extra_topping", "Onion")
        )
        for path in ("/menu", "/orders", "/orders?q=nothing", order, "/account"):
            page.goto(live_shop.url + path)
            assert serious_violations(page) == [], path


@pytest.mark.parametrize(("width", "height"), SIZES)
def test_the_kitchens_board_passes_axe(
    live_shop: LiveShop, browser: Browser, width: int, height: int
) -> None:
    live_shop.gate.set()
    order_id = customer_with_an_order(live_shop, "Ann Smith", f"ann{width}@example.com")
    live_shop.runner.get(OrderStatus).wait_for_order(order_id, ("validated",))
    with new_page(browser, viewport={"width": width, "height": height}) as page:
        staff_at_the_board(page, live_shop, f"sam{width}@example.com")
        page.locator(".ticket details.stop summary").first.click()
        assert serious_violations(page) == []
        page.goto(f"{live_shop.url}/kitchen/orders?q=smith")
        assert page.locator("table.found tbody tr").count() == 1
        assert serious_violations(page) == []
        page.goto(f"{live_shop.url}/kitchen/menu")
        assert serious_violations(page) == []


def contrast(first: str, second: str) -> float:
    """WCAG's contrast ratio of two CSS colours given as ``rgb(r, g, b)``."""

    def luminance(colour: str) -> float:
        channels = [
            int(c) / 255 for c in colour[colour.index("(") + 1 : -1].split(",")[:3]
        ]
        linear = [
            c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
            for c in channels
        ]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    lighter, darker = sorted((luminance(first), luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def style(page: Page, selector: str, prop: str) -> str:
    value: str = page.eval_on_selector(
        selector, f"e => getComputedStyle(e).getPropertyValue('{prop}')"
    )
    return value


def test_hover_focus_and_borders_keep_their_contrast(
    live_shop: LiveShop, browser: Browser
) -> None:
    with new_page(browser) as page:
        sign_up(page, live_shop, "Ann", "ann-contrast@example.com")
        page.goto(f"{live_shop.url}/menu")
        option_border = style(page, ".option", "border-top-color")
        page.keyboard.press("Tab")  # the first link, in the header
        header_ring = style(page, ".site-header :focus-visible", "outline-color")
        header = style(page, ".site-header", "background-color")
        place_an_order(page, live_shop)
        order_page = page.url
        page.goto(f"{live_shop.url}/orders")
        input_border = style(page, "#q", "border-top-color")
        page.goto(order_page)
        cancel = "#cancel-order button"
        page.hover(cancel)
        hovered = style(page, cancel, "color"), style(page, cancel, "background-color")
        page.focus(cancel)
        ring = style(page, cancel, "outline-color")

    white = "rgb(255, 255, 255)"
    assert contrast(*hovered) >= 4.5
    assert contrast(ring, white) >= 3
    assert contrast(header_ring, header) >= 3
    assert contrast(option_border, white) >= 3
    assert contrast(input_border, white) >= 3
