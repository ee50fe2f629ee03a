"""The shop's business rules for an order request: price it, or say what is wrong."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from pizza.domain.menu import (
    MAX_ADDRESS_LENGTH,
    MAX_EXTRA_TOPPINGS,
    MAX_PIZZAS_PER_ORDER,
    MENU,
    Menu,
)
from pizza.domain.request import PizzaRequest


@dataclass(frozen=True)
class Verdict:
    """The outcome of checking a request: prices when valid, reasons when not."""

    line_prices: tuple[Decimal, ...]
    reasons: tuple[str, ...]

    @property
    def is_valid(self) -> bool:
        return not self.reasons

    @property
    def total(self) -> Decimal:
        return sum(self.line_prices, Decimal("0.00"))


def check_order(
    address: str, pizzas: Sequence[PizzaRequest], menu: Menu = MENU
) -> Verdict:
    """Checks a well-formed request against the menu and the shop's limits."""
    reasons = [*address_problems(address), *count_problems(pizzas)]
    line_prices = []
    for number, pizza in enumerate(pizzas[:MAX_PIZZAS_PER_ORDER], start=1):
        price, problems = price_pizza(pizza, menu)
        line_prices.append(price)
        reasons.extend(f"Pizza {number}: {problem}" for problem in problems)
    return Verdict(tuple(line_prices) if not reasons else (), tuple(reasons))


def address_problems(address: str) -> list[str]:
    if not address.strip():
        return ["The delivery address is empty."]
    if len(address) > MAX_ADDRESS_LENGTH:
        return [f"The delivery address is longer than {MAX_ADDRESS_LENGTH} characters."]
    return []


def count_problems(pizzas: Sequence[PizzaRequest]) -> list[str]:
    if not pizzas:
        return ["The order has no pizzas."]
    if len(pizzas) > MAX_PIZZAS_PER_ORDER:
        return [
            f"Too many pizzas: {len(pizzas)} "
            f"(one order takes at most {MAX_PIZZAS_PER_ORDER})."
        ]
    return []


def price_pizza(pizza: PizzaRequest, menu: Menu) -> tuple[Decimal, list[str]]:
    """Returns the pizza's price and the problems that stop it being made."""
    problems: list[str] = []
    price = menu.base_price
    for kind, name, prices in (
        ("sauce", pizza.sauce, menu.sauces),
        ("cheese", pizza.cheese, menu.cheeses),
        ("main_topping", pizza.main_topping, menu.main_toppings),
        *(
            ("extra_topping", name, menu.extra_toppings)
            for name in pizza.extra_toppings
        ),
    ):
        price += look_up(kind, name, prices, problems)
        if name in prices and not menu.is_available(kind, name):
            problems.append(f'{kind.replace("_", " ")} "{name}" is out of stock.')
    problems.extend(extras_problems(pizza.extra_toppings))
    return price, problems


def look_up(
    kind: str, name: str, prices: Mapping[str, Decimal], problems: list[str]
) -> Decimal:
    if name in prices:
        return prices[name]
    problems.append(f'unknown {kind.replace("_", " ")} "{name}".')
    return Decimal("0.00")


def extras_problems(extras: Sequence[str]) -> list[str]:
    problems = []
    if len(extras) > MAX_EXTRA_TOPPINGS:
        problems.append(
            f"too many extra toppings: {len(extras)} (at most {MAX_EXTRA_TOPPINGS})."
        )
    repeated = sorted({name for name in extras if extras.count(name) > 1})
    problems.extend(
        f'extra topping "{name}" is listed {times(extras.count(name))}.'
        for name in repeated
    )
    return problems


def times(count: int) -> str:
    return "twice" if count == 2 else f"{count} times"
