"""What anyone may read without a token: the menu."""

from __future__ import annotations

from flask import Response

from webapp.api.answers import json_of, menu_answer
from webapp.services import shop


def menu() -> Response:
    """The menu as it is now.

    Sauces, cheeses, main and extra toppings with their prices and whether
    each can be had, the base price, and how many pizzas and extras an order
    may have."""
    return json_of(menu_answer(shop().orders.menu()))
