"""Stored events name their classes by topic. Renaming or moving an event class
would orphan every event already stored under the old name, so the topics are
pinned here: if this test fails, keep the old topic resolvable with
``eventsourcing.utils.register_topic(old_topic, NewClass)`` and update the list."""

from __future__ import annotations

from eventsourcing.utils import get_topic

from pizza.accounts import Accounts
from pizza.autopilot import Autopilot
from pizza.domain.customer import Customer
from pizza.domain.order import Order
from pizza.domain.order_check import OrderCheck
from pizza.domain.ticket import KitchenTicket
from pizza.kitchen import Kitchen
from pizza.orders import Orders
from pizza.status import OrderStatus
from pizza.validation import Validation

PINNED_TOPICS = {
    Order.Requested: "pizza.domain.order:Order.Requested",
    OrderCheck.Validated: "pizza.domain.order_check:OrderCheck.Validated",
    OrderCheck.Rejected: "pizza.domain.order_check:OrderCheck.Rejected",
    KitchenTicket.Opened: "pizza.domain.ticket:KitchenTicket.Opened",
    KitchenTicket.Moved: "pizza.domain.ticket:KitchenTicket.Moved",
    KitchenTicket.Cancelled: "pizza.domain.ticket:KitchenTicket.Cancelled",
    KitchenTicket.CancelledByShop: "pizza.domain.ticket:KitchenTicket.CancelledByShop",
    KitchenTicket.Delayed: "pizza.domain.ticket:KitchenTicket.Delayed",
    Customer.Registered: "pizza.domain.customer:Customer.Registered",
    Customer.MadeStaff: "pizza.domain.customer:Customer.MadeStaff",
    Customer.MadeOperator: "pizza.domain.customer:Customer.MadeOperator",
    Customer.SessionStarted: "pizza.domain.customer:Customer.SessionStarted",
    Customer.SessionEnded: "pizza.domain.customer:Customer.SessionEnded",
    Customer.SignedOutEverywhere: "pizza.domain.customer:Customer.SignedOutEverywhere",
    Customer.PasswordChanged: "pizza.domain.customer:Customer.PasswordChanged",
    Customer.DetailsChanged: "pizza.domain.customer:Customer.DetailsChanged",
    Customer.ResetRequested: "pizza.domain.customer:Customer.ResetRequested",
}

PINNED_NAMES = {
    Orders: "Orders",
    Validation: "Validation",
    Kitchen: "Kitchen",
    OrderStatus: "OrderStatus",
    Accounts: "Accounts",
    Autopilot: "Autopilot",
}


def test_event_topics_are_pinned() -> None:
    assert {cls: get_topic(cls) for cls in PINNED_TOPICS} == PINNED_TOPICS


def test_application_names_are_pinned() -> None:
    """Table names and tracking records derive from them."""
    assert {cls: cls.name for cls in PINNED_NAMES} == PINNED_NAMES
