"""The API's interactive documentation in a real browser: Swagger UI, served
from its package, renders the generated document under the shop's strict
Content-Security-Policy with nothing on the console, and tries an operation
against the live shop."""

from __future__ import annotations

from playwright.sync_api import Browser, expect

from tests.browser.conftest import LiveShop, new_page


def test_the_api_docs_show_every_operation_and_try_one(
    live_shop: LiveShop, browser: Browser
) -> None:
    with new_page(browser) as page:
        problems: list[str] = []
        page.on(
            "console",
            lambda message: (
                problems.append(message.text)
                if message.type in {"error", "warning"}
                else None
            ),
        )
        page.on("pageerror", lambda error: problems.append(str(error)))
        page.goto(f"{live_shop.url}/api/docs")

        expect(page.get_by_role("heading", name="Pizza shop API")).to_be_visible()
        operations = page.locator(".opblock-summary-path")
        expect(operations).to_have_count(9)
        menu = page.locator("#operations-menu-getMenu")
        menu.locator(".opblock-summary").click()
        menu.get_by_role("button", name="Try it out").click()
        menu.get_by_role("button", name="Execute").click()

        answer = menu.locator(".live-responses-table td.response-col_status")
        expect(answer.filter(has_not_text="Code")).to_have_text("200")
        expect(menu.locator(".live-responses-table")).to_contain_text("Pepperoni")
        assert problems == []
