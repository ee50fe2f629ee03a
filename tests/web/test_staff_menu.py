"""Staff change the menu on its page: add an item, change a price or the base
price, mark an item out of stock and back; customers see it on the menu at once,
and an order already placed keeps its price."""

from __future__ import annotations

from decimal import Decimal

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.web.conftest import Auth
from tests.web.helpers import PEPPERONI, VEGGIE, add_pizza, order_pizzas, page
from tests.web.helpers import staff_client as new_staff_client
from tests.web.pages import (
    attributes,
    cart_lines,
    select_text,
    text_at,
    text_of,
)
from webapp.services import shop


@pytest.fixture
def staff(app: Flask) -> FlaskClient:
    return new_staff_client(app)


def post(staff: FlaskClient, path: str, **form: str) -> tuple[int, str]:
    """Sends a form of the menu page; the status, and the words of the page
    staff end up on."""
    response = staff.post(f"/kitchen/menu{path}", data=form)
    if response.status_code == 302:
        assert response.headers["Location"] == "/kitchen/menu"
        return 302, text_of(page(staff, "/kitchen/menu"))
    return response.status_code, text_of(response.get_data(as_text=True))


def total_of(app: Flask, order_id: str) -> Decimal | None:
    with app.app_context():
        order = shop().status.get_order(order_id)
    assert order is not None
    total: Decimal | None = order["total"]
    return total


def test_the_page_lists_every_item_with_its_price_and_stock(
    staff: FlaskClient,
) -> None:
    html = page(staff, "/kitchen/menu")

    assert select_text(html, ".staff-menu h2")[:4] == [
        "Sauces",
        "Cheeses",
        "Main toppings",
        "Extra toppings",
    ]
    assert attributes(html, 'tr[data-name="Pepperoni"] input[name=price]', "value") == [
        "2.00"
    ]
    assert "In stock" in text_at(html, 'tr[data-name="Pepperoni"]')


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/kitchen/menu"),
        ("POST", "/kitchen/menu/items"),
        ("POST", "/kitchen/menu/price"),
        ("POST", "/kitchen/menu/base-price"),
        ("POST", "/kitchen/menu/stock"),
    ],
)
def test_only_staff_may_change_the_menu(
    client: FlaskClient, auth: Auth, method: str, path: str
) -> None:
    anonymous = client.open(path, method=method)
    auth.signup()
    customer = client.open(path, method=method)

    assert anonymous.status_code == 302
    assert customer.status_code == 403


def test_a_new_item_shows_on_the_customers_menu_and_can_be_ordered(
    staff: FlaskClient, client: FlaskClient
) -> None:
    status, words = post(
        staff, "/items", kind="extra_topping", name="Sun-dried tomato", price="1.25"
    )
    add_pizza(client, {**PEPPERONI, "extra_toppings": ["Sun-dried tomato"]})

    assert status == 302
    assert "Added Sun-dried tomato to the menu at £1.25." in words
    assert "Sun-dried tomato +£1.25" in text_of(page(client, "/menu"))
    assert cart_lines(page(client, "/menu")) == [
        "Pepperoni Tomato sauce, Mozzarella, with Sun-dried tomato £11.25"
        " Remove One more"
    ]


def test_a_price_change_shows_at_once_and_leaves_placed_orders_alone(
    app: Flask, staff: FlaskClient, client: FlaskClient, auth: Auth
) -> None:
    auth.signup()
    placed = order_pizzas(client)

    status, words = post(
        staff, "/price", kind="main_topping", name="Pepperoni", price="£3"
    )
    base, _ = post(staff, "/base-price", price="9.00")
    after = order_pizzas(client)

    assert (status, base) == (302, 302)
    assert "Pepperoni now costs £3.00." in words
    assert "hand-stretched base at £9.00" in text_of(page(client, "/menu"))
    assert [total_of(app, o) for o in (placed, after)] == [
        Decimal("10.00"),
        Decimal("12.00"),
    ]
    assert text_at(page(client, f"/orders/{placed}"), "#order-total") == "£10.00"


def test_an_item_out_of_stock_cannot_be_chosen_until_it_is_back(
    staff: FlaskClient, client: FlaskClient
) -> None:
    status, words = post(
        staff, "/stock", kind="extra_topping", name="Onion", in_stock="no"
    )
    html = page(client, "/menu")
    refused = add_pizza(client, VEGGIE)
    back, back_words = post(
        staff, "/stock", kind="extra_topping", name="Onion", in_stock="yes"
    )
    accepted = add_pizza(client, VEGGIE)

    assert status == 302
    assert "Onion is out of stock: orders with it are refused." in words
    assert attributes(html, 'input[value="Onion"]', "disabled") == [""]
    assert "Onion out of stock" in text_of(html)
    assert refused.status_code == 400
    assert "Out of stock just now: “Onion”." in select_text(
        refused.get_data(as_text=True), ".errors li"
    )
    assert back == 302
    assert "Onion is back in stock." in back_words
    assert accepted.status_code == 302


@pytest.mark.parametrize(
    ("path", "form", "problem"),
    [
        (
            "/price",
            {"kind": "sauce", "name": "Pesto", "price": "lots"},
            "is not a price",
        ),
        ("/price", {"kind": "sauce", "name": "Ketchup", "price": "1"}, "no sauce"),
        ("/items", {"kind": "sauce", "name": "pesto", "price": "1"}, "already"),
        ("/items", {"kind": "", "name": "Brie", "price": "1"}, "is not a part"),
        ("/base-price", {"price": "0"}, "more than 0.00"),
        ("/stock", {"kind": "cheese", "name": "Brie", "in_stock": "no"}, "no cheese"),
    ],
)
def test_a_change_that_cannot_be_made_is_400_and_changes_nothing(
    staff: FlaskClient,
    client: FlaskClient,
    path: str,
    form: dict[str, str],
    problem: str,
) -> None:
    before = page(client, "/menu")

    status, words = post(staff, path, **form)

    assert status == 400
    assert problem in words
    assert text_of(page(client, "/menu")) == text_of(before)


def test_a_hostile_item_name_is_shown_escaped(
    staff: FlaskClient, client: FlaskClient
) -> None:
    hostile = "<b>x</b>"
    post(staff, "/items", kind="sauce", name=hostile, price="1")

    html = page(client, "/menu")

    assert hostile not in html
    assert hostile in text_of(html)
