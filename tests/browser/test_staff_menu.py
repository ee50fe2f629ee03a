"""A member of staff marks an item out of stock and changes a price on the menu
page; a customer's menu shows both, in real browsers."""

from __future__ import annotations

from playwright.sync_api import Browser, BrowserContext, expect

from tests.browser.conftest import LiveShop, new_page, sign_up, staff_at_the_board


def test_staff_change_the_menu_and_the_customers_menu_shows_it(
    live_shop: LiveShop, browser: Browser, context: BrowserContext
) -> None:
    with new_page(browser) as staff:
        staff_at_the_board(staff, live_shop, "sam@example.com")
        staff.get_by_role("link", name="Change the menu").click()
        onion = staff.locator('tr[data-name="Onion"]')
        onion.get_by_role("button", name="Mark out of stock").click()
        expect(staff.get_by_text("Onion is out of stock")).to_be_visible()
        pepperoni = staff.locator('tr[data-name="Pepperoni"]')
        pepperoni.get_by_label("Price of Pepperoni").fill("2.40")
        pepperoni.get_by_role("button", name="Save").click()
        expect(staff.get_by_text("Pepperoni now costs £2.40.")).to_be_visible()

    customer = context.new_page()
    sign_up(customer, live_shop, "Ann", "ann@example.com")
    onion_box = customer.get_by_role("checkbox", name="Onion")
    expect(onion_box).to_be_disabled()
    expect(customer.locator("label.option.is-out")).to_contain_text("out of stock")
    expect(customer.get_by_role("radio", name="Pepperoni")).to_be_visible()
    expect(customer.locator("label.option", has_text="Pepperoni")).to_contain_text(
        "+£2.40"
    )
    # Ticking five extras leaves the out-of-stock one disabled once unticked.
    for name in ("Basil", "Jalapeno", "Pineapple", "Black olives", "Fresh garlic"):
        customer.get_by_role("checkbox", name=name).check()
    customer.get_by_role("checkbox", name="Basil").uncheck()
    expect(onion_box).to_be_disabled()
    expect(customer.get_by_role("checkbox", name="Green pepper")).to_be_enabled()
