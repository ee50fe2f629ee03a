"""The operator's page in a real browser: the chart drawn, the log browsed down
to one event, nothing past the screen on a phone, and no serious accessibility
problem (axe-core)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, expect

from pizza.accounts import Accounts
from pizza.orders import Orders
from pizza.status import OrderStatus
from tests.browser.conftest import WALK_IN, LiveShop, log_in, new_page
from tests.browser.test_accessibility import serious_violations
from tests.browser.test_phones import too_wide
from tests.web.conftest import PASSWORD


@pytest.mark.parametrize(("width", "height"), [(1280, 900), (390, 844)])
def test_an_operator_reads_the_chart_and_the_logs(
    live_shop: LiveShop, browser: Browser, width: int, height: int
) -> None:
    live_shop.gate.set()
    order_id = live_shop.runner.get(Orders).place_order("walk-in", "1 Elm", [WALK_IN])
    live_shop.runner.get(OrderStatus).wait_for_order(order_id, ("validated",))
    email = f"olga{width}@example.com"
    live_shop.runner.get(Accounts).register(
        "Olga", email, PASSWORD, "", "", operator=True
    )
    with new_page(browser, viewport={"width": width, "height": height}) as page:
        log_in(page, live_shop, email)
        page.get_by_role("link", name="Operator").click()

        expect(page.locator("#chart")).to_be_visible()
        page.wait_for_function(  # drawn by the server, then loaded
            "() => document.getElementById('chart').complete"
            " && document.getElementById('chart').naturalWidth > 0"
        )
        assert serious_violations(page) == []
        assert too_wide(page) == []

        page.get_by_role("link", name="Orders", exact=True).click()
        page.get_by_label("Order id").fill(str(order_id))
        page.get_by_role("button", name="Show").click()
        page.locator("table.log a").first.click()

        expect(page.locator("#topic")).to_have_text(
            "pizza.domain.order:Order.Requested"
        )
        assert serious_violations(page) == []
        assert too_wide(page) == []
