"""The order page says when the order should be at the door, moves that time
on as the kitchen moves the order, and turns to "running late" as the clock
passes it, with no reload and no event to say so."""

from __future__ import annotations

from uuid import UUID

from playwright.sync_api import BrowserContext, expect

from pizza.domain.eta import STEPS
from pizza.domain.ticket import WAITING_STAGES
from pizza.kitchen import Kitchen
from pizza.orders import Orders
from pizza.status import OrderStatus
from tests.browser.conftest import (
    WALK_IN,
    LiveShop,
    kitchen_has_caught_up,
    place_an_order,
    sign_up,
)
from tests.support.processes import wait_until


def delivered_walk_in(shop: LiveShop) -> UUID:
    order_id = shop.runner.get(Orders).place_order("walk-in", "7 Elm Rd", [WALK_IN])
    shop.runner.get(OrderStatus).wait_for_order(order_id, ("validated",))
    kitchen_has_caught_up(shop)
    kitchen = shop.runner.get(Kitchen)
    for stage in WAITING_STAGES:
        kitchen.advance(order_id, stage)
    return order_id


def test_the_expected_time_follows_the_order_and_turns_late(
    live_shop: LiveShop, context: BrowserContext
) -> None:
    live_shop.gate.set()
    for _ in range(3):
        delivered_walk_in(live_shop)
    estimates = live_shop.runner.get(OrderStatus).estimates
    wait_until(lambda: len(estimates.step_times()) == len(STEPS), 5, "step times")
    customer = context.new_page()
    customer.clock.install()
    sign_up(customer, live_shop, "Ann", "ann@example.com")
    order_id = UUID(place_an_order(customer, live_shop).rsplit("/", 1)[-1])
    eta = customer.locator("#order-eta")
    expect(eta).to_be_visible()
    expect(eta.locator(".eta-on-time")).to_have_text("At your door around")
    expect(eta.locator(".eta-late")).to_be_hidden()
    before = eta.locator("time").get_attribute("datetime")

    kitchen_has_caught_up(live_shop)
    live_shop.runner.get(Kitchen).advance(order_id, "validated")
    expect(customer.locator("#order-status")).to_have_text("Assembling")
    expect(eta.locator("time")).not_to_have_attribute("datetime", before or "")
    expect(eta.locator(".eta-on-time")).to_be_visible()

    customer.clock.fast_forward("05:00")

    expect(eta.locator(".eta-late")).to_be_visible()
    expect(eta.locator(".eta-on-time")).to_be_hidden()
    expect(eta).to_have_class("eta is-late")
