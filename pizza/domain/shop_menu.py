"""The ``ShopMenu`` aggregate: the menu as staff keep it, change by change.

Its first event seeds it with the menu the shop opened with (``MENU``); staff
then add items, change prices and mark items out of stock and back. Each order
names the version of the menu it was placed against, so validation prices it by
the menu as it stood then, whatever staff changed since.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from types import MappingProxyType
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate, event

from pizza.domain.menu import CURRENCY, KINDS, MENU, Menu
from pizza.domain.text import staff_text_problem

MENU_ID = uuid5(NAMESPACE_URL, "urn:pizza:menu")
SEED_VERSION = 1
"""The version of the seeded menu: ``MENU``, which priced every order placed
before staff first changed the menu (and before the menu had events at all)."""
MAX_NAME = 40
MAX_PRICE = Decimal("100.00")
PENNY = Decimal("0.01")


class MenuError(ValueError):
    """A menu change staff cannot make; the message says why."""


def parse_price(text: str) -> Decimal:
    """A price as staff type it ("1.25", "£1.25", "2"); raises ``MenuError``."""
    try:
        price = Decimal(text.strip().removeprefix(CURRENCY).strip())
    except InvalidOperation:
        raise MenuError(f'"{text}" is not a price: type it like 1.25.') from None
    return checked_price(price)


def checked_price(price: Decimal) -> Decimal:
    """The price to two decimals; raises ``MenuError`` if it cannot be one."""
    if not price.is_finite() or price < 0 or price > MAX_PRICE:
        raise MenuError(f"A price is from 0.00 to {MAX_PRICE}.")
    if price != price.quantize(PENNY):
        raise MenuError("A price has at most two decimals (pence).")
    return price.quantize(PENNY)


def label(kind: str) -> str:
    return kind.replace("_", " ")


class ShopMenu(Aggregate):
    class Seeded(Aggregate.Created):
        base_price: Decimal
        prices: dict[str, dict[str, Decimal]]

    class ItemAdded(Aggregate.Event):
        kind: str
        name: str
        price: Decimal

    class PriceChanged(Aggregate.Event):
        kind: str
        name: str
        price: Decimal

    class BasePriceChanged(Aggregate.Event):
        price: Decimal

    class OutOfStock(Aggregate.Event):
        kind: str
        name: str

    class BackInStock(Aggregate.Event):
        kind: str
        name: str

    @event(Seeded)
    def __init__(
        self, base_price: Decimal, prices: dict[str, dict[str, Decimal]]
    ) -> None:
        self.base_price = base_price
        self.prices = {kind: dict(prices[kind]) for kind in KINDS}
        self.out_of_stock: set[tuple[str, str]] = set()

    @staticmethod
    def create_id(**_: object) -> UUID:
        return MENU_ID

    @classmethod
    def seed(cls) -> ShopMenu:
        """The menu the shop opened with, as its first event."""
        return cls(base_price=MENU.base_price, prices=prices_of(MENU))

    def as_menu(self) -> Menu:
        """The menu as a value: what validation and the pages read."""
        return Menu(
            base_price=self.base_price,
            sauces=MappingProxyType(dict(self.prices["sauce"])),
            cheeses=MappingProxyType(dict(self.prices["cheese"])),
            main_toppings=MappingProxyType(dict(self.prices["main_topping"])),
            extra_toppings=MappingProxyType(dict(self.prices["extra_topping"])),
            out_of_stock=frozenset(self.out_of_stock),
        )

    def add_item(self, kind: str, name: str, price: Decimal) -> str:
        """Adds an item, in stock; its name must be new among its kind (in
        any letter case). Returns the name as the menu shows it."""
        prices = self.prices_for(kind)
        name = checked_name(name)
        if name.casefold() in {known.casefold() for known in prices}:
            kind_words = label(kind)
            article = "an" if kind_words[0] in "aeiou" else "a"
            raise MenuError(f'The menu has {article} {kind_words} "{name}" already.')
        self._add_item(kind, name, checked_price(price))
        return name

    def change_price(self, kind: str, name: str, price: Decimal) -> None:
        """A new price for an item; the same price again changes nothing."""
        price = checked_price(price)
        if self.price_of(kind, name) != price:
            self._change_price(kind, name, price)

    def change_base_price(self, price: Decimal) -> None:
        price = checked_price(price)
        if price == 0:
            raise MenuError("The base price of a pizza is more than 0.00.")
        if price != self.base_price:
            self._change_base_price(price)

    def mark_out_of_stock(self, kind: str, name: str) -> None:
        """Orders with the item are rejected until it is back; marking it
        again changes nothing."""
        self.price_of(kind, name)
        if (kind, name) not in self.out_of_stock:
            self._out_of_stock(kind, name)

    def mark_back_in_stock(self, kind: str, name: str) -> None:
        self.price_of(kind, name)
        if (kind, name) in self.out_of_stock:
            self._back_in_stock(kind, name)

    def prices_for(self, kind: str) -> dict[str, Decimal]:
        if kind not in KINDS:
            raise MenuError(f'"{kind}" is not a part of a pizza on the menu.')
        return self.prices[kind]

    def price_of(self, kind: str, name: str) -> Decimal:
        prices = self.prices_for(kind)
        if name not in prices:
            raise MenuError(f'The menu has no {label(kind)} "{name}".')
        return prices[name]

    @event(ItemAdded)
    def _add_item(self, kind: str, name: str, price: Decimal) -> None:
        self.prices[kind][name] = price

    @event(PriceChanged)
    def _change_price(self, kind: str, name: str, price: Decimal) -> None:
        self.prices[kind][name] = price

    @event(BasePriceChanged)
    def _change_base_price(self, price: Decimal) -> None:
        self.base_price = price

    @event(OutOfStock)
    def _out_of_stock(self, kind: str, name: str) -> None:
        self.out_of_stock.add((kind, name))

    @event(BackInStock)
    def _back_in_stock(self, kind: str, name: str) -> None:
        self.out_of_stock.discard((kind, name))


def prices_of(menu: Menu) -> dict[str, dict[str, Decimal]]:
    return {kind: dict(menu.prices(kind)) for kind in KINDS}


def checked_name(name: str) -> str:
    name, problem = staff_text_problem(name, "name", MAX_NAME, "Give the item a name.")
    if problem:
        raise MenuError(problem)
    return name
