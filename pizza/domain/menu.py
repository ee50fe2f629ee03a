"""The menu and its prices, as domain value objects.

Money is :class:`~decimal.Decimal`, in the shop's one currency.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from types import MappingProxyType

CURRENCY = "£"
MAX_PIZZAS_PER_ORDER = 10
MAX_EXTRA_TOPPINGS = 5
MAX_ADDRESS_LENGTH = 200
KINDS = ("sauce", "cheese", "main_topping", "extra_topping")
"""The parts of a pizza the menu lists, each in a section of its own."""


def _prices(**items: str) -> Mapping[str, Decimal]:
    names = {name.replace("_", " "): Decimal(price) for name, price in items.items()}
    return MappingProxyType(names)


@dataclass(frozen=True)
class Menu:
    """What the shop sells: one sauce, one cheese, one main topping, some extras;
    the items out of stock stay on it, unavailable, as (kind, name) pairs."""

    base_price: Decimal
    sauces: Mapping[str, Decimal]
    cheeses: Mapping[str, Decimal]
    main_toppings: Mapping[str, Decimal]
    extra_toppings: Mapping[str, Decimal]
    out_of_stock: frozenset[tuple[str, str]] = frozenset()

    def prices(self, kind: str) -> Mapping[str, Decimal]:
        """The section of the menu for ``kind`` (one of ``KINDS``)."""
        return {
            "sauce": self.sauces,
            "cheese": self.cheeses,
            "main_topping": self.main_toppings,
            "extra_topping": self.extra_toppings,
        }[kind]

    def is_available(self, kind: str, name: str) -> bool:
        """Whether an item of ``kind`` can be had now."""
        return (kind, name) not in self.out_of_stock

    def unavailable(self, kind: str) -> frozenset[str]:
        """The names of the items of ``kind`` out of stock now."""
        return frozenset(name for k, name in self.out_of_stock if k == kind)


MENU = Menu(
    base_price=Decimal("8.00"),
    sauces=_prices(
        Tomato="0.00",
        Pesto="1.00",
        Marinara="0.00",
        Buffalo="0.75",
        Hummus="0.75",
        Garlic_cream="0.75",
    ),
    cheeses=_prices(
        Mozzarella="0.00",
        Provolone="0.50",
        Cheddar="0.50",
        Ricotta="0.75",
        Gouda="0.75",
        Gruyere="1.00",
        Vegan_cheese="1.00",
    ),
    main_toppings=_prices(
        Pepperoni="2.00",
        Sausage="2.00",
        Chicken="2.50",
        Ham="2.00",
        Mushroom="1.50",
        Vegan_meat="2.50",
    ),
    extra_toppings=_prices(
        Onion="0.75",
        Green_pepper="0.75",
        Black_olives="1.00",
        Fresh_garlic="0.50",
        Jalapeno="0.75",
        Pineapple="1.00",
        Basil="0.50",
    ),
)
