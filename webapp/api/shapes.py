"""What the API's JSON looks like: one function per kind of thing, used everywhere.

Money is a string with two decimals (``"10.75"``), never a float; times are
ISO 8601 with their timezone.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from decimal import Decimal
from typing import Any

from pizza.domain.menu import MAX_EXTRA_TOPPINGS, MAX_PIZZAS_PER_ORDER, Menu
from pizza.history import HistoryEntry
from webapp.formatting import order_lines

CENTS = Decimal("0.01")


def order_json(order: Mapping[str, Any]) -> dict[str, Any]:
    """An order of the read model. Lists of orders come without their
    timelines, and so does their JSON."""
    estimate = order["estimate"]
    body = {
        "id": str(order["id"]),
        "status": order["status"],
        "address": order["address"],
        "pizzas": [pizza_json(pizza) for pizza in order["pizzas"]],
        "lines": [
            {
                **pizza_json({**line["pizza"], "price": line["price"]}),
                "quantity": line["quantity"],
            }
            for line in order_lines(order["pizzas"])
        ],
        "total": money(order["total"]),
        "reasons": list(order["reasons"]),
        "delayed": bool(order["delayed"]),
        "expected_at": moment(estimate.expected_at) if estimate else None,
        "late": order["late"],
        "requested_at": moment(order["requested_at"]),
        "updated_at": moment(order["updated_at"]),
    }
    if "timeline" in order:
        body["timeline"] = [step_json(step) for step in order["timeline"]]
    return body


def pizza_json(pizza: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "sauce": pizza["sauce"],
        "cheese": pizza["cheese"],
        "main_topping": pizza["main_topping"],
        "extra_toppings": list(pizza["extra_toppings"]),
        "price": money(pizza["price"]),
    }


def step_json(step: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "at": moment(step["at"]),
        "event": step["event"],
        "application": step["application"],
        "detail": step["detail"],
    }


def history_json(order_id: str, entries: Iterable[HistoryEntry]) -> dict[str, Any]:
    """An order's events as the event logs hold them, oldest first."""
    events = [
        {
            "at": moment(entry.at),
            "application": entry.application,
            "what": entry.what,
            "detail": entry.detail,
        }
        for entry in entries
    ]
    return {"order_id": order_id, "events": events}


def menu_json(menu: Menu) -> dict[str, Any]:
    return {
        "base_price": money(menu.base_price),
        "sauces": priced(menu, "sauce"),
        "cheeses": priced(menu, "cheese"),
        "main_toppings": priced(menu, "main_topping"),
        "extra_toppings": priced(menu, "extra_topping"),
        "limits": {
            "max_pizzas": MAX_PIZZAS_PER_ORDER,
            "max_extra_toppings": MAX_EXTRA_TOPPINGS,
        },
    }


def priced(menu: Menu, kind: str) -> list[dict[str, Any]]:
    return [
        {
            "name": name,
            "price": money(price),
            "available": menu.is_available(kind, name),
        }
        for name, price in menu.prices(kind).items()
    ]


def money(amount: Decimal | None) -> str | None:
    return None if amount is None else str(amount.quantize(CENTS))


def moment(at: datetime | None) -> str | None:
    return None if at is None else at.isoformat()
