"""Building blocks of the system tests: the shop's customers and their pizzas."""

from __future__ import annotations

from typing import Any

VALID_PIZZA = {
    "sauce": "Tomato",
    "cheese": "Mozzarella",
    "main_topping": "Pepperoni",
    "extra_toppings": ["Onion"],
}
UNKNOWN_SAUCE_PIZZA = {**VALID_PIZZA, "sauce": "Ketchup"}


def order_request(customer_id: str, **changes: Any) -> dict[str, Any]:
    request: dict[str, Any] = {
        "customer_id": customer_id,
        "address": "1 Main St",
        "pizzas": [VALID_PIZZA],
    }
    request.update(changes)
    return request
