"""How an order reads on the shop's pages: labels, notes, rows and cards.

The order page, its event stream, My orders and the kitchen's board all build
their text here, from the read model's plain data, so every page says the same.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pizza.domain.eta import Estimate
from pizza.domain.ticket import CANCELLABLE
from pizza.status import FINAL_STATUSES
from webapp.formatting import describe_pizza, money, order_lines

STATUS_NOTES = {
    "requested": "We have your order and are checking it.",
    "validated": "Your order is confirmed. Thank you!",
    "rejected": "Sorry, we could not accept this order:",
    "assembling": "The kitchen is putting your pizzas together.",
    "baking": "Your pizzas are in the oven.",
    "out_for_delivery": "Your pizzas are on their way to you.",
    "delivered": "Your pizzas were delivered. Enjoy!",
    "cancelled": "You cancelled this order: nothing will be made.",
}
SHOP_CANCELLED = "Sorry, the shop had to cancel this order:"
"""The note of an order staff cancelled; their reason follows it."""
CANCEL_OFFERED = frozenset({"requested", *CANCELLABLE})
"""Statuses in which the order page offers to cancel (a requested order is
refused with "try again in a moment" until the kitchen has it)."""


def page_data(order: dict[str, Any]) -> dict[str, Any]:
    """What the order page shows, as text ready to display: the page renders it
    and the event stream sends it, so a page opened late shows the same as one
    that watched from the start."""
    status = order["status"]
    final = status in FINAL_STATUSES
    pending = "—" if final else "checking…"
    return {
        "id": order["id"],
        "status": status,
        "status_label": label(status),
        "status_note": status_note(order),
        "delayed": bool(order["delayed"]),
        "cancellable": status in CANCEL_OFFERED,
        "final": final,
        "address": address_of(order),
        "placed": when(order["requested_at"]),
        "placed_at": order["requested_at"].isoformat(),
        "pizzas": [
            {**line, "price": money(line["price"]) or pending}
            for line in pizza_lines(order["pizzas"])
        ],
        "total": money(order["total"]) or pending,
        "reasons": list(order["reasons"]),
        "eta": eta(order),
        "timeline": [timeline_step(step) for step in order["timeline"]],
    }


def eta(order: dict[str, Any]) -> dict[str, Any] | None:
    """When the order should be at the door, and from when it is late (the
    page turns late by itself then, with no new event); None without an
    estimate."""
    estimate: Estimate | None = order["estimate"]
    if estimate is None:
        return None
    return {
        "expected_at": estimate.expected_at.isoformat(),
        "time": f"{estimate.expected_at:%H:%M}",
        "late_after": estimate.late_after.isoformat(),
        "late": order["late"],
    }


def status_note(order: dict[str, Any]) -> str:
    """A line under the status; an order cancelled with reasons was cancelled
    by the shop (a customer gives none)."""
    if order["status"] == "cancelled" and order["reasons"]:
        return SHOP_CANCELLED
    return STATUS_NOTES.get(order["status"], "")


def pizza_lines(pizzas: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The order's lines in words: each with its quantity and the line's
    price (None until priced)."""
    return [
        {
            **describe_pizza(line["pizza"]),
            "quantity": line["quantity"],
            "price": line["price"],
        }
        for line in order_lines(pizzas)
    ]


BY = {"Orders": "by you", "Validation": "by the shop", "Kitchen": "by the kitchen"}
"""Who did each step, in the customer's words (the parts of the system that
record the events are not theirs to know)."""


def timeline_step(step: dict[str, Any]) -> dict[str, str]:
    at: datetime = step["at"]
    return {
        "at": at.isoformat(),
        "time": f"{at:%H:%M:%S}",
        "event": step["event"],
        "what": label(step["event"]),
        "by": BY.get(step["application"], ""),
        "detail": step["detail"],
    }


def order_row(order: dict[str, Any]) -> dict[str, Any]:
    """One line of My orders."""
    return {
        "id": order["id"],
        "short_id": short_id(order["id"]),
        "status": order["status"],
        "status_label": label(order["status"]),
        "delayed": bool(order["delayed"]),
        "placed": when(order["requested_at"]),
        "placed_at": order["requested_at"].isoformat(),
        "pizzas": len(order["pizzas"]),
        "total": money(order["total"]) or "—",
        "address": address_of(order),
    }


def staff_row(order: dict[str, Any]) -> dict[str, Any]:
    """One order found by staff: who placed it and how to reach them."""
    customer = order["customer"] or {}
    return {
        **order_row(order),
        "customer": customer.get("name", ""),
        "email": customer.get("email", ""),
        "phone": customer.get("phone", ""),
        "lines": [
            quantity_of(line) + line["title"] for line in pizza_lines(order["pizzas"])
        ],
    }


def board_card(
    order: dict[str, Any], now: datetime, contact: dict[str, str] | None
) -> dict[str, Any]:
    """One order on the kitchen's board, with who to call about it."""
    # A decision may reach the view before its request does (different logs).
    placed: datetime = order["requested_at"] or order["updated_at"]
    return {
        "id": order["id"],
        "short_id": short_id(order["id"]),
        "stage": order["status"],
        "delayed": bool(order["delayed"]),
        "placed": f"{placed:%H:%M} UTC",
        "placed_at": placed.isoformat(),
        "age": age(placed, now),
        "address": address_of(order),
        "customer": contact["name"] if contact else "",
        "phone": contact["phone"] if contact else "",
        "pizzas": [
            quantity_of(line) + "{title}: {details}".format(**line)
            for line in pizza_lines(order["pizzas"] or [])
        ],
    }


def quantity_of(line: dict[str, Any]) -> str:
    """The quantity before a line of several ("3 times"), nothing before one."""
    quantity = line["quantity"]
    return f"{quantity} \N{MULTIPLICATION SIGN} " if quantity > 1 else ""


def address_of(order: dict[str, Any]) -> str:
    """Where the order goes; a dash once its customer has been forgotten."""
    return order["address"] or "—"


def label(status: str) -> str:
    """``out_for_delivery`` as people read it: "Out for delivery"."""
    return status.replace("_", " ").capitalize()


def short_id(order_id: str) -> str:
    return order_id[:8]


def when(moment: datetime) -> str:
    return f"{moment.day} {moment:%b %Y, %H:%M} UTC"


def age(moment: datetime, now: datetime) -> str:
    """How long ago, to the minute: "just now", "12 min ago", "1 h 5 min ago"."""
    minutes = max(0, int((now - moment).total_seconds() // 60))
    if minutes == 0:
        return "just now"
    if minutes < 60:
        return f"{minutes} min ago"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes} min ago"
