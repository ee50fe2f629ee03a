"""The shape of an order request, checked at the boundary.

These checks refuse input that is not an order request at all (wrong types, missing
keys, absurd sizes). Whether a well-formed request makes sense for the shop (known
toppings, a delivery address, not too many pizzas) is decided later, by validation,
after the request has been stored.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from pizza.domain.errors import MalformedRequestError
from pizza.domain.text import normal_text, text_problem

# Limits of shape: far above the shop's own limits (``pizza.domain.menu``), which
# validation enforces on a stored request with reasons a customer can read.
SHAPE_MAX_TEXT = 200
SHAPE_MAX_ADDRESS = 1000
SHAPE_MAX_PIZZAS = 100
SHAPE_MAX_EXTRAS = 50
REQUIRED_PIZZA_FIELDS = frozenset({"sauce", "cheese", "main_topping"})
PIZZA_FIELDS = REQUIRED_PIZZA_FIELDS | {"extra_toppings"}


@dataclass(frozen=True)
class PizzaRequest:
    """One pizza as the customer asked for it, names exactly as submitted."""

    sauce: str
    cheese: str
    main_topping: str
    extra_toppings: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        return {
            "sauce": self.sauce,
            "cheese": self.cheese,
            "main_topping": self.main_topping,
            "extra_toppings": list(self.extra_toppings),
        }


def check_text(
    field: str,
    value: object,
    *,
    max_length: int = SHAPE_MAX_TEXT,
    multiline: bool = False,
) -> str:
    """The text in its normal form; refused if it is not text, holds a
    character no one types (see ``pizza.domain.text``) or is too long."""
    if not isinstance(value, str):
        raise MalformedRequestError(field, f"must be text, not {type(value).__name__}")
    if problem := text_problem(value, multiline=multiline):
        raise MalformedRequestError(field, problem)
    text = normal_text(value)
    if len(text) > max_length:
        raise MalformedRequestError(field, f"is longer than {max_length} characters")
    return text


def check_customer_id(value: object) -> str:
    customer_id = check_text("customer_id", value)
    if not customer_id.strip():
        raise MalformedRequestError("customer_id", "is empty")
    return customer_id


def check_idempotency_key(value: object) -> str | None:
    if value is None:
        return None
    key = check_text("idempotency_key", value)
    if not key.strip():
        raise MalformedRequestError("idempotency_key", "is empty")
    return key


def check_pizzas(value: object) -> tuple[PizzaRequest, ...]:
    """Each pizza of the order; a line with a ``quantity`` is that many of
    the same pizza (an order holds each pizza it is made of, in order)."""
    if not isinstance(value, list | tuple):
        raise MalformedRequestError("pizzas", "must be a list of pizzas")
    pizzas: list[PizzaRequest] = []
    for i, item in enumerate(value):
        quantity = 1
        if isinstance(item, Mapping) and "quantity" in item:
            quantity = check_quantity(f"pizzas[{i}].quantity", item["quantity"])
            item = {key: part for key, part in item.items() if key != "quantity"}
        pizzas.extend([check_pizza(f"pizzas[{i}]", item)] * quantity)
        if len(pizzas) > SHAPE_MAX_PIZZAS:
            raise MalformedRequestError(
                "pizzas", f"has more than {SHAPE_MAX_PIZZAS} pizzas"
            )
    return tuple(pizzas)


def check_quantity(field: str, value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise MalformedRequestError(field, "must be a whole number")
    if not 1 <= value <= SHAPE_MAX_PIZZAS:
        raise MalformedRequestError(field, f"must be from 1 to {SHAPE_MAX_PIZZAS}")
    return value


def check_pizza(field: str, value: object) -> PizzaRequest:
    if isinstance(value, PizzaRequest):
        value = value.as_dict()
    if not isinstance(value, Mapping):
        raise MalformedRequestError(field, "must be a mapping of sauce, cheese, ...")
    if unexpected := value.keys() - PIZZA_FIELDS:
        names = sorted(str(key) for key in unexpected)
        raise MalformedRequestError(field, f"has unexpected fields {names}")
    if missing := REQUIRED_PIZZA_FIELDS - value.keys():
        raise MalformedRequestError(f"{field}.{min(missing)}", "is missing")
    return PizzaRequest(
        sauce=check_text(f"{field}.sauce", value["sauce"]),
        cheese=check_text(f"{field}.cheese", value["cheese"]),
        main_topping=check_text(f"{field}.main_topping", value["main_topping"]),
        extra_toppings=check_extras(
            f"{field}.extra_toppings", value.get("extra_toppings", ())
        ),
    )


def check_extras(field: str, value: object) -> tuple[str, ...]:
    if not isinstance(value, list | tuple):
        raise MalformedRequestError(field, "must be a list of topping names")
    if len(value) > SHAPE_MAX_EXTRAS:
        raise MalformedRequestError(field, f"has more than {SHAPE_MAX_EXTRAS} toppings")
    return tuple([check_text(f"{field}[{i}]", item) for i, item in enumerate(value)])
