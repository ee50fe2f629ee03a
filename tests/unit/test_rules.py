"""The shop's business rules: pricing a request, or saying what is wrong with it."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

import pytest

from pizza.domain.menu import (
    MAX_ADDRESS_LENGTH,
    MAX_EXTRA_TOPPINGS,
    MAX_PIZZAS_PER_ORDER,
    MENU,
)
from pizza.domain.request import check_pizzas
from pizza.domain.rules import Verdict, check_order
from tests.unit.helpers import margherita, price_of

ADDRESS = "1 Main St"


def check(*pizzas: dict[str, Any], address: str = ADDRESS) -> Verdict:
    return check_order(address, check_pizzas(pizzas))


def test_a_valid_order_is_priced_from_the_menu() -> None:
    pizzas = [
        margherita(),
        margherita(sauce="Pesto", cheese="Gruyere", main_topping="Chicken"),
        margherita(extra_toppings=[]),
    ]
    verdict = check(*pizzas)
    assert verdict.is_valid
    assert verdict.reasons == ()
    assert verdict.line_prices == tuple(price_of(pizza) for pizza in pizzas)
    assert verdict.total == sum(verdict.line_prices, Decimal())
    assert all(isinstance(price, Decimal) for price in verdict.line_prices)
    assert isinstance(verdict.total, Decimal)


def test_pricing_by_hand() -> None:
    """Base 8.00; Tomato, Mozzarella free; Pepperoni 2.00; Onion 0.75: 10.75.
    Pesto 1.00, Gruyere 1.00, Chicken 2.50, Basil 0.50, Pineapple 1.00: 14.00."""
    verdict = check(
        margherita(main_topping="Pepperoni", extra_toppings=["Onion"]),
        margherita(
            sauce="Pesto",
            cheese="Gruyere",
            main_topping="Chicken",
            extra_toppings=["Basil", "Pineapple"],
        ),
    )
    assert verdict.line_prices == (Decimal("10.75"), Decimal("14.00"))
    assert verdict.total == Decimal("24.75")
    assert str(verdict.total) == "24.75"


@pytest.mark.parametrize(
    ("field", "names"),
    [
        ("sauce", MENU.sauces),
        ("cheese", MENU.cheeses),
        ("main_topping", MENU.main_toppings),
    ],
)
def test_every_menu_item_is_accepted_at_its_price(
    field: str, names: Mapping[str, Decimal]
) -> None:
    pizzas = [margherita(**{field: name}) for name in names]
    verdict = check(*pizzas)
    assert verdict.line_prices == tuple(price_of(p) for p in pizzas)


def test_every_extra_topping_is_accepted_at_its_price() -> None:
    pizzas = [margherita(extra_toppings=[name]) for name in MENU.extra_toppings]
    verdict = check(*pizzas)
    assert verdict.line_prices == tuple(price_of(p) for p in pizzas)


@pytest.mark.parametrize(
    ("field", "kind"),
    [
        ("sauce", "sauce"),
        ("cheese", "cheese"),
        ("main_topping", "main topping"),
    ],
)
def test_an_unknown_item_is_named_in_quotes(field: str, kind: str) -> None:
    verdict = check(margherita(**{field: "X"}))
    assert not verdict.is_valid
    assert verdict.reasons == (f'Pizza 1: unknown {kind} "X".',)


def test_an_unknown_extra_topping_is_named_in_quotes() -> None:
    verdict = check(margherita(extra_toppings=["Onion", "Anchovy"]))
    assert verdict.reasons == ('Pizza 1: unknown extra topping "Anchovy".',)


def test_names_must_match_the_menu_exactly() -> None:
    verdict = check(margherita(sauce="tomato"))
    assert verdict.reasons == ('Pizza 1: unknown sauce "tomato".',)


def test_an_order_without_pizzas_is_rejected() -> None:
    assert check().reasons == ("The order has no pizzas.",)


def test_an_order_of_more_pizzas_than_the_limit_is_rejected() -> None:
    assert check(*[margherita()] * MAX_PIZZAS_PER_ORDER).is_valid
    verdict = check(*[margherita()] * (MAX_PIZZAS_PER_ORDER + 1))
    assert verdict.reasons == ("Too many pizzas: 11 (one order takes at most 10).",)


@pytest.mark.parametrize("address", ["", "   ", "\t\n"])
def test_an_empty_address_is_rejected(address: str) -> None:
    verdict = check(margherita(), address=address)
    assert verdict.reasons == ("The delivery address is empty.",)


def test_an_address_longer_than_the_limit_is_rejected() -> None:
    assert check(margherita(), address="x" * MAX_ADDRESS_LENGTH).is_valid
    verdict = check(margherita(), address="x" * (MAX_ADDRESS_LENGTH + 1))
    assert verdict.reasons == ("The delivery address is longer than 200 characters.",)


def test_more_extra_toppings_than_the_limit_are_rejected() -> None:
    extras = list(MENU.extra_toppings)
    assert check(margherita(extra_toppings=extras[:MAX_EXTRA_TOPPINGS])).is_valid
    verdict = check(margherita(extra_toppings=extras[: MAX_EXTRA_TOPPINGS + 1]))
    assert verdict.reasons == ("Pizza 1: too many extra toppings: 6 (at most 5).",)


def test_a_repeated_extra_topping_is_rejected() -> None:
    verdict = check(margherita(extra_toppings=["Onion", "Basil", "Onion"]))
    assert verdict.reasons == ('Pizza 1: extra topping "Onion" is listed twice.',)


def test_an_extra_topping_listed_three_times_is_not_said_to_be_listed_twice() -> None:
    (reason,) = check(margherita(extra_toppings=["Onion"] * 3)).reasons
    assert '"Onion"' in reason
    assert "twice" not in reason


def test_several_problems_give_several_reasons_numbered_by_pizza() -> None:
    verdict = check(
        margherita(),
        margherita(sauce="Ketchup", cheese="Brie"),
        margherita(extra_toppings=["Onion", "Onion"]),
        address=" ",
    )
    assert verdict.reasons == (
        "The delivery address is empty.",
        'Pizza 2: unknown sauce "Ketchup".',
        'Pizza 2: unknown cheese "Brie".',
        'Pizza 3: extra topping "Onion" is listed twice.',
    )
    assert all(
        reason[0].isupper() and reason.endswith(".") for reason in verdict.reasons
    )


def test_a_rejected_order_has_no_prices() -> None:
    verdict = check(margherita(), margherita(sauce="X"))
    assert verdict.line_prices == ()
    assert verdict.total == Decimal("0.00")
