"""How the shop writes money and pizzas, on every page, stream and board."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from pizza.domain.menu import CURRENCY


def money(amount: Decimal | None) -> str:
    """A price as the shop shows it everywhere, like £10.75 (the ``money``
    template filter)."""
    return "" if amount is None else f"{CURRENCY}{amount:.2f}"


def describe_pizza(pizza: Mapping[str, Any]) -> dict[str, str]:
    """A title (the main topping) and the rest of the pizza in words."""
    details = f"{pizza.get('sauce')} sauce, {pizza.get('cheese')}"
    extras = pizza.get("extra_toppings") or []
    if extras:
        details += ", with " + ", ".join(str(name) for name in extras)
    return {"title": str(pizza.get("main_topping")), "details": details}


def order_lines(pizzas: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """An order's pizzas (each with its ``price``, None until priced) as
    lines: the same pizza ordered several times is one line with its
    ``quantity`` and the line's ``price``; lines come in the order their first
    pizza was chosen."""
    lines: dict[tuple[Any, ...], dict[str, Any]] = {}
    for pizza in pizzas:
        made_of = {key: value for key, value in pizza.items() if key != "price"}
        key = tuple((name, str(value)) for name, value in sorted(made_of.items()))
        line = lines.setdefault(
            key, {"pizza": made_of, "quantity": 0, "price": Decimal("0.00")}
        )
        line["quantity"] += 1
        line["price"] = (
            None
            if pizza["price"] is None or line["price"] is None
            else line["price"] + pizza["price"]
        )
    return list(lines.values())


def first_upper(text: str) -> str:
    """A problem the domain names ("is required") as a form shows it ("Is
    required"): only the first letter changes, so "U+001B" stays as it is."""
    return text[:1].upper() + text[1:]
