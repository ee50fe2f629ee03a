"""The cart: the pizzas a visitor has built, kept in the session until they
place the order (it survives logging in)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from secrets import token_hex
from typing import Any

from flask import session

from pizza.domain.errors import MalformedRequestError
from pizza.domain.menu import MAX_PIZZAS_PER_ORDER, Menu
from pizza.domain.request import check_pizza
from pizza.domain.rules import price_pizza
from webapp.formatting import describe_pizza

CART = "cart"
CART_FULL = f"Your order is full: it takes at most {MAX_PIZZAS_PER_ORDER} pizzas."
PIZZA_FIELDS = ("sauce", "cheese", "main_topping", "extra_toppings")


def cart() -> list[dict[str, Any]]:
    """The pizzas in the cart, as the builder made them (each with an ``id``)."""
    lines = session.get(CART)
    if not isinstance(lines, list):
        return []
    return [line for line in lines if isinstance(line, dict)]


def save_cart(lines: list[dict[str, Any]]) -> None:
    session[CART] = lines


def add_to_cart(pizzas: Sequence[Mapping[str, Any]]) -> bool:
    """Adds the pizzas to the cart, each its own line; False, adding none, if
    the cart cannot take them all."""
    lines = cart()
    if len(lines) + len(pizzas) > MAX_PIZZAS_PER_ORDER:
        return False
    save_cart([*lines, *({"id": token_hex(4), **only_pizza(p)} for p in pizzas)])
    return True


def cart_lines(lines: list[dict[str, Any]], menu: Menu) -> list[dict[str, Any]]:
    """The cart as the menu page shows it, priced by ``menu``: the same pizza
    chosen several times is one line, with its quantity, words and the line's
    price (None if the shop could not make it now); ``more`` and ``less``
    name the pizza that one more copies and one less takes off. Lines keep the
    order pizzas came in."""
    shown: dict[tuple[Any, ...], dict[str, Any]] = {}
    for line in lines:
        pizza = only_pizza(line)
        key = tuple((name, str(value)) for name, value in sorted(pizza.items()))
        if key not in shown:
            shown[key] = {
                **describe_pizza(pizza),
                "quantity": 0,
                "unit": price_of(pizza, menu),
            }
            shown[key]["more"] = line.get("id")
        shown[key]["quantity"] += 1
        shown[key]["less"] = line.get("id")
    return [
        {
            **line,
            "price": None if line["unit"] is None else line["unit"] * line["quantity"],
        }
        for line in shown.values()
    ]


def price_of(pizza: Mapping[str, Any], menu: Menu) -> Decimal | None:
    """The pizza's price, priced as validation will price it; None if the shop
    could not make it as it is (a name not on the menu, or out of stock)."""
    try:
        request = check_pizza("pizza", only_pizza(pizza))
    except MalformedRequestError:
        return None
    price, problems = price_pizza(request, menu)
    return None if problems else price


def only_pizza(line: Mapping[str, Any]) -> dict[str, Any]:
    """A cart line without what only the cart needs (its id)."""
    return {name: line[name] for name in PIZZA_FIELDS if name in line}
