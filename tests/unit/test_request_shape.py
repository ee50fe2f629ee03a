"""The shape checks that refuse an order request before anything is stored."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from typing import Any

import pytest

from pizza.domain.errors import MalformedRequestError
from pizza.domain.request import (
    SHAPE_MAX_ADDRESS,
    SHAPE_MAX_EXTRAS,
    SHAPE_MAX_PIZZAS,
    SHAPE_MAX_TEXT,
    PizzaRequest,
    check_customer_id,
    check_idempotency_key,
    check_pizzas,
    check_text,
)
from pizza.domain.text import (
    MULTILINE_PATTERN,
    NOT_BLANK_PATTERN,
    ONE_LINE_PATTERN,
    text_problem,
)
from tests.unit.helpers import margherita

TOO_LONG = "x" * (SHAPE_MAX_TEXT + 1)


def margherita_without(key: str) -> dict[str, Any]:
    return {name: value for name, value in margherita().items() if name != key}


def refused_field(check: Callable[[object], object], value: object) -> str:
    """Runs the check on ``value``; returns the field its error names."""
    with pytest.raises(MalformedRequestError) as caught:
        check(value)
    error = caught.value
    assert isinstance(error, ValueError)
    assert str(error).startswith(f"{error.field}: ")
    return error.field


@pytest.mark.parametrize(
    ("pizzas", "field"),
    [
        ("Tomato", "pizzas"),
        (b"Tomato", "pizzas"),
        (margherita(), "pizzas"),
        (None, "pizzas"),
        (42, "pizzas"),
        ([margherita()] * (SHAPE_MAX_PIZZAS + 1), "pizzas"),
        ([margherita(), "Tomato"], "pizzas[1]"),
        ([margherita(), [("sauce", "Tomato")]], "pizzas[1]"),
        ([margherita(), margherita_without("sauce")], "pizzas[1].sauce"),
        ([margherita_without("cheese")], "pizzas[0].cheese"),
        ([margherita_without("main_topping")], "pizzas[0].main_topping"),
        ([margherita(size="large")], "pizzas[0]"),
        ([margherita(sauce=1)], "pizzas[0].sauce"),
        ([margherita(cheese=None)], "pizzas[0].cheese"),
        ([margherita(main_topping=["Ham"])], "pizzas[0].main_topping"),
        ([margherita(sauce=TOO_LONG)], "pizzas[0].sauce"),
        ([margherita(extra_toppings="Onion")], "pizzas[0].extra_toppings"),
        ([margherita(extra_toppings={"Onion": 1})], "pizzas[0].extra_toppings"),
        ([margherita(extra_toppings=None)], "pizzas[0].extra_toppings"),
        (
            [margherita(extra_toppings=["Onion"] * (SHAPE_MAX_EXTRAS + 1))],
            "pizzas[0].extra_toppings",
        ),
        (
            [margherita(extra_toppings=["Onion", "Basil", 3])],
            "pizzas[0].extra_toppings[2]",
        ),
        (
            [margherita(), margherita(extra_toppings=[TOO_LONG])],
            "pizzas[1].extra_toppings[0]",
        ),
    ],
)
def test_malformed_pizzas_are_refused_naming_the_field(
    pizzas: object, field: str
) -> None:
    assert refused_field(check_pizzas, pizzas) == field


def test_an_unexpected_pizza_field_is_named_in_the_message() -> None:
    with pytest.raises(MalformedRequestError, match="size"):
        check_pizzas([margherita(size="large")])


@pytest.mark.parametrize("customer_id", ["", "   ", None, 7, TOO_LONG])
def test_a_missing_or_malformed_customer_id_is_refused(customer_id: object) -> None:
    assert refused_field(check_customer_id, customer_id) == "customer_id"


@pytest.mark.parametrize("key", ["", " \t ", 5, TOO_LONG])
def test_an_empty_or_malformed_idempotency_key_is_refused(key: object) -> None:
    assert refused_field(check_idempotency_key, key) == "idempotency_key"


def test_no_idempotency_key_is_allowed() -> None:
    assert check_idempotency_key(None) is None


def test_text_longer_than_its_limit_is_refused() -> None:
    assert check_text("address", "x" * SHAPE_MAX_ADDRESS, max_length=SHAPE_MAX_ADDRESS)
    with pytest.raises(MalformedRequestError) as caught:
        check_text(
            "address", "x" * (SHAPE_MAX_ADDRESS + 1), max_length=SHAPE_MAX_ADDRESS
        )
    assert caught.value.field == "address"


def test_requests_at_every_limit_are_accepted() -> None:
    longest = "x" * SHAPE_MAX_TEXT
    assert check_customer_id(longest) == longest
    assert check_idempotency_key(longest) == longest
    pizza = margherita(sauce=longest, extra_toppings=["Onion"] * SHAPE_MAX_EXTRAS)
    accepted = check_pizzas([pizza] * SHAPE_MAX_PIZZAS)
    assert len(accepted) == SHAPE_MAX_PIZZAS
    assert accepted[0].sauce == longest
    assert len(accepted[0].extra_toppings) == SHAPE_MAX_EXTRAS


def test_mappings_become_pizza_requests_with_names_as_submitted() -> None:
    pizzas = check_pizzas([margherita(sauce="tomato ", extra_toppings=["X", "Onion"])])
    assert pizzas == (
        PizzaRequest("tomato ", "Mozzarella", "Mushroom", ("X", "Onion")),
    )


def test_extra_toppings_may_be_left_out() -> None:
    (pizza,) = check_pizzas([margherita_without("extra_toppings")])
    assert pizza.extra_toppings == ()


def test_pizza_requests_are_accepted_as_well_as_mappings() -> None:
    request = PizzaRequest("Pesto", "Gouda", "Ham", ("Onion",))
    pizzas = check_pizzas([request, margherita()])
    assert pizzas[0] == request
    assert pizzas[1] == PizzaRequest("Tomato", "Mozzarella", "Mushroom", ("Basil",))


def test_pizza_requests_of_the_wrong_types_are_refused() -> None:
    request = PizzaRequest("Pesto", "Gouda", "Ham", ("Onion", None))  # type: ignore[arg-type]
    assert refused_field(check_pizzas, [request]) == "pizzas[0].extra_toppings[1]"


@pytest.mark.parametrize(
    ("value", "multiline", "problem"),
    [
        ("1 Main\x00St", True, "holds a control character (U+0000)"),
        ("Tom\x1bato", False, "holds a control character (U+001B)"),
        ("Tomato\x85", False, "holds a control character (U+0085)"),
        ("\ud800", False, "holds an unpaired surrogate, which is not valid Unicode"),
        ("1 Main St\nLondon", False, "must be on one line, with no tabs"),
        ("Tomato\t", False, "must be on one line, with no tabs"),
    ],
)
def test_text_no_one_types_is_refused(
    value: str, multiline: bool, problem: str
) -> None:
    with pytest.raises(MalformedRequestError) as caught:
        check_text("field", value, multiline=multiline)
    assert (caught.value.field, caught.value.problem) == ("field", problem)


def test_text_is_kept_in_its_normal_form_with_line_breaks_where_allowed() -> None:
    decomposed = unicodedata.normalize("NFD", "Crème fraîche")

    assert check_text("sauce", decomposed) == unicodedata.normalize("NFC", decomposed)
    assert check_text("address", "1 Main St\r\nLondon", multiline=True) == (
        "1 Main St\r\nLondon"
    )


@pytest.mark.parametrize(
    ("pattern", "multiline"), [(ONE_LINE_PATTERN, False), (MULTILINE_PATTERN, True)]
)
def test_the_text_patterns_accept_exactly_what_the_shop_accepts(
    pattern: str, multiline: bool
) -> None:
    """The API's document states the text rule as a pattern: it must agree
    with the rule itself on every character up to U+FFFF but the surrogates
    (halves of a pair, no text on their own, and refused as such)."""
    matches = re.compile(pattern).fullmatch
    surrogates = range(0xD800, 0xE000)
    disagreements = [
        f"U+{point:04X}"
        for point in range(0x10000)
        if point not in surrogates
        and (matches(chr(point)) is None)
        != (text_problem(chr(point), multiline=multiline) is not None)
    ]

    assert disagreements == []
    assert all(text_problem(chr(point)) for point in surrogates)


@pytest.mark.parametrize(
    "key", ["k", " k ", "\u00e9", " ", "\u2003", "", "k\tk", "k\u0085", "\u00a0"]
)
def test_the_not_blank_pattern_takes_the_idempotency_keys_the_shop_takes(
    key: str,
) -> None:
    try:
        check_idempotency_key(key)
    except MalformedRequestError:
        taken = False
    else:
        taken = True

    assert (re.fullmatch(NOT_BLANK_PATTERN, key) is not None) == taken
