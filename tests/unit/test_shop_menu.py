"""The menu staff keep: seeded with the menu the shop opened with, then changed
item by item, each change an event; the rules it keeps, and how orders are
checked against it."""

from __future__ import annotations

from decimal import Decimal

import pytest

from pizza.domain.menu import KINDS, MENU
from pizza.domain.request import PizzaRequest
from pizza.domain.rules import check_order
from pizza.domain.shop_menu import SEED_VERSION, MenuError, ShopMenu, parse_price

PEPPERONI = PizzaRequest("Tomato", "Mozzarella", "Pepperoni", ("Onion",))


def test_the_seed_is_the_menu_the_shop_opened_with() -> None:
    menu = ShopMenu.seed()

    assert menu.version == SEED_VERSION
    assert menu.as_menu() == MENU
    assert [type(e).__name__ for e in menu.collect_events()] == ["Seeded"]


def test_staff_add_an_item_in_stock_with_a_tidy_name() -> None:
    menu = ShopMenu.seed()

    shown = menu.add_item("extra_topping", "  Sun-dried   tomato ", Decimal("1.25"))

    assert shown == "Sun-dried tomato"
    assert menu.as_menu().extra_toppings["Sun-dried tomato"] == Decimal("1.25")
    assert menu.as_menu().is_available("extra_topping", "Sun-dried tomato")


@pytest.mark.parametrize(
    ("kind", "name", "problem"),
    [
        ("extra_topping", "onion", 'The menu has an extra topping "onion" already.'),
        ("dessert", "Tiramisu", '"dessert" is not a part of a pizza on the menu.'),
        ("sauce", "   ", "Give the item a name."),
        ("sauce", "x" * 41, "Keep the name under 40 characters."),
        ("sauce", "Bad\x00sauce", "The name holds a control character (U+0000)."),
    ],
)
def test_an_item_that_cannot_be_added_is_refused_saying_why(
    kind: str, name: str, problem: str
) -> None:
    menu = ShopMenu.seed()
    menu.collect_events()

    with pytest.raises(MenuError) as refused:
        menu.add_item(kind, name, Decimal("1.00"))
    assert str(refused.value) == problem
    assert menu.collect_events() == []


def test_a_price_change_is_an_event_and_the_same_price_again_is_none() -> None:
    menu = ShopMenu.seed()
    menu.collect_events()

    menu.change_price("main_topping", "Pepperoni", Decimal("2.50"))
    menu.change_price("main_topping", "Pepperoni", Decimal("2.50"))

    events = menu.collect_events()
    assert [type(e).__name__ for e in events] == ["PriceChanged"]
    assert menu.as_menu().main_toppings["Pepperoni"] == Decimal("2.50")
    with pytest.raises(MenuError, match='no main topping "Anchovy"'):
        menu.change_price("main_topping", "Anchovy", Decimal("2.00"))
    with pytest.raises(MenuError, match=r"more than 0\.00"):
        menu.change_base_price(Decimal("0"))


def test_out_of_stock_and_back_each_once() -> None:
    menu = ShopMenu.seed()
    menu.collect_events()

    menu.mark_out_of_stock("cheese", "Gouda")
    menu.mark_out_of_stock("cheese", "Gouda")
    gone = menu.as_menu()
    menu.mark_back_in_stock("cheese", "Gouda")
    menu.mark_back_in_stock("cheese", "Gouda")

    names = [type(e).__name__ for e in menu.collect_events()]
    assert names == ["OutOfStock", "BackInStock"]
    assert gone.unavailable("cheese") == {"Gouda"}
    assert menu.as_menu().unavailable("cheese") == frozenset()


@pytest.mark.parametrize(
    ("typed", "price"),
    [("1.25", "1.25"), ("£2", "2.00"), (" 0.5 ", "0.50"), ("100", "100.00")],
)
def test_prices_as_staff_type_them(typed: str, price: str) -> None:
    assert parse_price(typed) == Decimal(price)


@pytest.mark.parametrize(
    ("typed", "problem"),
    [
        ("one pound", "is not a price"),
        ("", "is not a price"),
        ("-1", "from 0.00 to 100.00"),
        ("100.01", "from 0.00 to 100.00"),
        ("NaN", "from 0.00 to 100.00"),
        ("1.255", "at most two decimals"),
    ],
)
def test_prices_that_are_not_prices_are_refused(typed: str, problem: str) -> None:
    with pytest.raises(MenuError, match=problem):
        parse_price(typed)


def test_an_order_with_an_item_out_of_stock_is_rejected_saying_which() -> None:
    menu = ShopMenu.seed()
    menu.mark_out_of_stock("extra_topping", "Onion")

    verdict = check_order("1 Main St", [PEPPERONI], menu.as_menu())
    back = check_order("1 Main St", [PEPPERONI], MENU)

    assert verdict.reasons == ('Pizza 1: extra topping "Onion" is out of stock.',)
    assert back.total == Decimal("10.75")


def test_every_kind_has_its_section() -> None:
    assert [len(MENU.prices(kind)) for kind in KINDS] == [6, 7, 6, 7]
