"""Words for each event in an order's life, shared by the view and the CLI."""

from __future__ import annotations

from dataclasses import dataclass
from functools import singledispatch
from typing import Any

from pizza.domain.menu import CURRENCY
from pizza.domain.order import Order
from pizza.domain.order_check import OrderCheck
from pizza.domain.ticket import KitchenTicket


@dataclass(frozen=True)
class Step:
    """What happened (a status word) and the details a person wants to read."""

    what: str
    detail: str


@singledispatch
def describe(event: Any) -> Step | None:
    """Events that are not part of an order's timeline are not described."""
    return None


@describe.register
def _(event: Order.Requested) -> Step:
    """No address: the timeline is kept for the books, personal data is not."""
    count = len(event.pizzas)
    return Step("requested", f"{count} pizza{'s' if count != 1 else ''}")


@describe.register
def _(event: OrderCheck.Validated) -> Step:
    return Step("validated", f"priced at {CURRENCY}{event.total}")


@describe.register
def _(event: OrderCheck.Rejected) -> Step:
    return Step("rejected", " ".join(event.reasons))


STAGE_DETAILS = {
    "assembling": "the kitchen is putting the pizzas together",
    "baking": "in the oven",
    "out_for_delivery": "on its way",
    "delivered": "delivered: enjoy!",
}


@describe.register
def _(event: KitchenTicket.Moved) -> Step:
    return Step(event.stage, STAGE_DETAILS[event.stage])


@describe.register
def _(event: KitchenTicket.Cancelled) -> Step:
    return Step("cancelled", "cancelled at the customer's request")


@describe.register
def _(event: KitchenTicket.CancelledByShop) -> Step:
    if event.stage == "validated":
        return Step("cancelled", f"refused: {event.reason}")
    stage = event.stage.replace("_", " ")
    return Step("cancelled", f"stopped while {stage}: {event.reason}")


@describe.register
def _(event: KitchenTicket.Delayed) -> Step:
    since = event.still_since.strftime("%H:%M UTC")
    return Step(
        "delayed", f"flagged: still {event.stage.replace('_', ' ')} since {since}"
    )
