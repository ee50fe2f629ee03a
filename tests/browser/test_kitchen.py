"""Staff move an order through the kitchen on the live board, and the customer
watches it on their open order page, in real browsers."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from playwright.sync_api import Browser, BrowserContext, Locator, Page, expect

from pizza.kitchen import Kitchen
from pizza.orders import Orders
from pizza.status import OrderStatus
from tests.browser.conftest import (
    WALK_IN,
    LiveShop,
    kitchen_has_caught_up,
    new_page,
    place_an_order,
    sign_up,
    staff_at_the_board,
)

MOVES = [
    ("validated", "assembling", "Assembling"),
    ("assembling", "baking", "Baking"),
    ("baking", "out_for_delivery", "Out for delivery"),
    ("out_for_delivery", "delivered", "Delivered"),
]


def card(board: Page, stage: str, order_id: str) -> Locator:
    return board.locator(f'[data-stage="{stage}"] [data-order-id="{order_id}"]')


@contextmanager
def board_as_staff(shop: LiveShop, browser: Browser) -> Iterator[Page]:
    """The board, open in a browser of its own by a member of staff."""
    with new_page(browser) as board:
        staff_at_the_board(board, shop, "sam@example.com")
        yield board


def more_orders_for_the_screenshot(shop: LiveShop) -> None:
    """Two walk-in orders: one moved on, one stuck, so the board shows more."""
    orders, kitchen = shop.runner.get(Orders), shop.runner.get(Kitchen)
    moved = orders.place_order("walk-in", "22 Baker St", [WALK_IN])
    stuck = orders.place_order("walk-in", "7 Elm Rd", [WALK_IN, WALK_IN])
    for order_id in (moved, stuck):
        shop.runner.get(OrderStatus).wait_for_order(order_id, ("validated",))
    kitchen_has_caught_up(shop)
    kitchen.advance(moved, "validated")
    kitchen.flag_delayed(stuck, "validated", datetime.now(tz=UTC))


def test_staff_move_an_order_to_delivered_and_the_customer_page_follows(
    live_shop: LiveShop, browser: Browser, context: BrowserContext, screenshots: Path
) -> None:
    live_shop.gate.set()
    with board_as_staff(live_shop, browser) as board:
        board.evaluate("window.stillTheSameBoard = true")

        customer = context.new_page()
        sign_up(customer, live_shop, "Ann", "ann@example.com")
        order_id = place_an_order(customer, live_shop).rsplit("/", 1)[-1]
        status = customer.locator("#order-status")
        expect(status).to_have_attribute("data-status", "validated")
        customer.evaluate("window.stillTheSamePage = true")

        expect(card(board, "validated", order_id)).to_be_visible()
        assert board.evaluate("window.stillTheSameBoard") is True, "the board reloaded"
        kitchen_has_caught_up(live_shop)

        for from_stage, stage, label in MOVES:
            button = card(board, from_stage, order_id).get_by_role("button")
            expect(button).to_contain_text(f"Move to {label}")
            button.click()
            moved = f"Moved order #{order_id[:8]} to {label}."
            expect(board.get_by_text(moved)).to_be_visible()
            expect(status).to_have_attribute("data-status", stage)
            expect(status).to_have_text(label)
            if stage == "baking":
                more_orders_for_the_screenshot(live_shop)
                expect(board.locator(".ticket")).to_have_count(3)
                expect(board.locator(".ticket.is-delayed .delayed")).to_be_visible()
                board.screenshot(path=screenshots / "kitchen.png", full_page=True)

        expect(card(board, "out_for_delivery", order_id)).to_have_count(0)
        expect(customer.locator("#timeline li")).to_have_count(6)
        expect(customer.get_by_role("button", name="Cancel order")).to_be_hidden()
        assert customer.evaluate("window.stillTheSamePage") is True, "the page reloaded"


def test_the_board_prints_as_tickets_only(
    live_shop: LiveShop, browser: Browser
) -> None:
    live_shop.gate.set()
    orders = live_shop.runner.get(Orders)
    order_id = orders.place_order("walk-in", "22 Baker St", [WALK_IN])
    live_shop.runner.get(OrderStatus).wait_for_order(order_id, ("validated",))
    with board_as_staff(live_shop, browser) as board:
        board.emulate_media(media="print")
        ticket = card(board, "validated", str(order_id))

        expect(ticket).to_be_visible()
        expect(ticket).to_contain_text("22 Baker St")
        expect(ticket.get_by_role("button")).to_be_hidden()
        expect(board.locator(".site-header")).to_be_hidden()
        assert ticket.evaluate("t => getComputedStyle(t).breakInside") == "avoid"


def test_staff_refuse_an_order_with_a_reason_the_customer_reads_live(
    live_shop: LiveShop, browser: Browser, context: BrowserContext
) -> None:
    live_shop.gate.set()
    customer = context.new_page()
    sign_up(customer, live_shop, "Ann", "ann@example.com")
    order_id = place_an_order(customer, live_shop).rsplit("/", 1)[-1]
    expect(customer.locator("#order-status")).to_have_attribute(
        "data-status", "validated"
    )
    with board_as_staff(live_shop, browser) as board:
        kitchen_has_caught_up(live_shop)
        ticket = card(board, "validated", order_id)
        ticket.locator("summary").click()
        reason = ticket.get_by_label("Why? The customer reads this.")
        reason.fill("We cannot deliver to this address.")
        # A new order arriving while staff write keeps what they typed.
        other = live_shop.runner.get(Orders).place_order(
            "walk-in", "22 Baker St", [WALK_IN]
        )
        live_shop.runner.get(OrderStatus).wait_for_order(other, ("validated",))
        expect(reason).to_have_value("We cannot deliver to this address.")
        ticket.get_by_role("button", name=f"Refuse order #{order_id[:8]}").click()

        expect(board.get_by_text(f"Cancelled order #{order_id[:8]}")).to_be_visible()
        expect(card(board, "validated", order_id)).to_have_count(0)
        expect(card(board, "validated", str(other))).to_be_visible()
        expect(customer.locator("#order-status")).to_have_text("Cancelled")
        expect(customer.locator("#status-note")).to_have_text(
            "Sorry, the shop had to cancel this order:"
        )
        expect(customer.locator("#order-reasons")).to_have_text(
            "We cannot deliver to this address."
        )
        expect(customer.get_by_role("button", name="Cancel order")).to_be_hidden()
