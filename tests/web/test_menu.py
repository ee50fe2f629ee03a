"""The menu page: the pizza builder, the cart, and who may place an order."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.web.conftest import Auth
from tests.web.helpers import (
    PEPPERONI,
    VEGGIE,
    add_pizza,
    cart_lines,
    csrf_token,
    page,
    text_of,
)

SIX_EXTRAS = ["Onion", "Basil", "Jalapeno", "Pineapple", "Black olives", "Fresh garlic"]


@pytest.mark.parametrize("path", ["/", "/menu"])
def test_the_menu_shows_every_item_with_its_price(
    client: FlaskClient, path: str
) -> None:
    words = text_of(page(client, path))

    assert "hand-stretched base at £8.00" in words
    assert "Pesto +£1.00" in words
    assert "Tomato included" in words
    assert "Gruyere +£1.00" in words
    assert "Chicken +£2.50" in words
    assert "Black olives +£1.00" in words


def test_the_builder_has_a_labelled_group_for_each_part(client: FlaskClient) -> None:
    html = page(client, "/menu")

    for legend in ("Sauce", "Cheese", "Main topping", "Extra toppings"):
        assert re.search(rf"<legend>.*?{legend}.*?</legend>", html)
    assert '<label class="option" for="sauce-0">' in html
    assert 'type="radio" value="Pesto"' in html
    assert 'type="checkbox" value="Basil"' in html
    assert "Add to order" in html


def test_an_added_pizza_shows_in_the_cart_with_its_price(client: FlaskClient) -> None:
    response = add_pizza(client, VEGGIE)

    assert response.status_code == 302
    assert response.headers["Location"] == "/menu"
    html = page(client, "/menu")
    [line] = cart_lines(html)
    assert text_of(line).startswith("Mushroom Pesto sauce, Gouda, with Onion, Basil")
    assert "£12.50" in line
    assert "Added a Mushroom pizza to your order." in html


def test_the_cart_total_adds_up_every_pizza(client: FlaskClient) -> None:
    add_pizza(client, PEPPERONI)
    add_pizza(client, VEGGIE)
    add_pizza(client, PEPPERONI)

    html = page(client, "/menu")

    assert len(cart_lines(html)) == 3
    assert '<strong id="cart-total">£32.50</strong>' in html
    assert "3 of 10 pizzas" in html


def test_remove_takes_that_pizza_off_the_cart(client: FlaskClient) -> None:
    add_pizza(client, PEPPERONI)
    add_pizza(client, VEGGIE)
    remove_veggie = re.findall(r'action="(/cart/\w+/remove)"', page(client, "/"))[1]

    response = client.post(remove_veggie)

    assert response.status_code == 302
    html = page(client, "/menu")
    [line] = cart_lines(html)
    assert "Pepperoni" in line
    assert '<strong id="cart-total">£10.00</strong>' in html


def test_removing_a_pizza_twice_removes_only_that_pizza(client: FlaskClient) -> None:
    add_pizza(client, PEPPERONI)
    add_pizza(client, VEGGIE)
    remove_first = re.findall(r'action="(/cart/\w+/remove)"', page(client, "/"))[0]

    client.post(remove_first)
    again = client.post(remove_first)

    assert again.status_code == 302
    html = page(client, "/menu")
    assert "That pizza was not in your order any more." in html
    [line] = cart_lines(html)
    assert "Mushroom" in line


def test_a_pizza_without_a_sauce_is_a_field_error_keeping_the_choices(
    client: FlaskClient,
) -> None:
    response = client.post(
        "/cart",
        data={"cheese": "Gouda", "main_topping": "Ham", "extra_toppings": ["Basil"]},
    )

    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert '<ul class="errors" id="sauce-errors">' in html
    assert "Pick a sauce." in html
    assert re.search(r'<input checked id="cheese-\d+" [^>]*value="Gouda">', html)
    assert re.search(r'<input [^>]*checked[^>]*value="Ham">', html)
    assert re.search(r'<input [^>]*checked[^>]*value="Basil">', html)
    assert cart_lines(html) == []


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"main_topping": "Anchovy"}, "Not on the menu: “Anchovy”."),
        ({"extra_toppings": ["Onion", "Kale"]}, "Not on the menu: “Kale”."),
        ({"extra_toppings": ["Onion", "Onion"]}, "Pick each extra topping once."),
        ({"extra_toppings": SIX_EXTRAS}, "Pick at most 5 extra toppings."),
    ],
)
def test_a_pizza_not_on_the_menu_is_refused(
    client: FlaskClient, changes: dict[str, object], message: str
) -> None:
    response = add_pizza(client, {**PEPPERONI, **changes})

    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert cart_lines(page(client, "/menu")) == []


def test_the_cart_holds_at_most_ten_pizzas(client: FlaskClient) -> None:
    for _ in range(10):
        assert add_pizza(client).status_code == 302

    response = add_pizza(client, VEGGIE)

    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Your order is full: it takes at most 10 pizzas." in html
    assert len(cart_lines(html)) == 10
    assert "Mushroom" not in "".join(cart_lines(html))


def test_anonymous_visitors_build_a_cart_and_are_asked_to_log_in(
    client: FlaskClient,
) -> None:
    add_pizza(client)

    html = page(client, "/menu")
    response = client.post("/orders", data={"address": "1 Main St"})

    assert len(cart_lines(html)) == 1
    assert 'href="/login?next=/menu">Log in to place your order' in html
    assert 'action="/orders"' not in html
    assert response.status_code == 302
    location = urlsplit(response.headers["Location"])
    assert location.path == "/login"
    assert parse_qs(location.query) == {"next": ["/menu"]}


def test_the_checkout_is_prefilled_with_the_customers_address(
    client: FlaskClient, auth: Auth
) -> None:
    auth.signup()
    add_pizza(client)

    html = page(client, "/menu")

    assert re.search(r'<input [^>]*id="address"[^>]*value="1 Main St"', html)
    assert re.search(r'name="idempotency_key" type="hidden" value="[0-9a-f]{32}"', html)
    assert "Place order" in html


def test_each_menu_page_gets_a_new_idempotency_key(
    client: FlaskClient, auth: Auth
) -> None:
    auth.signup()
    add_pizza(client)

    keys = {
        re.findall(r'name="idempotency_key" type="hidden" value="(\w+)"', html)[0]
        for html in (page(client, "/menu"), page(client, "/menu"))
    }

    assert len(keys) == 2


def test_adding_a_pizza_without_the_csrf_token_is_refused(csrf_app: Flask) -> None:
    client = csrf_app.test_client()
    token = csrf_token(page(client, "/menu"))

    refused = client.post("/cart", data=PEPPERONI)
    accepted = client.post("/cart", data={**PEPPERONI, "csrf_token": token})

    assert refused.status_code == 400
    assert "did not come from this site" in refused.get_data(as_text=True)
    assert accepted.status_code == 302
    assert len(cart_lines(page(client, "/menu"))) == 1


def test_the_cart_survives_logging_in(client: FlaskClient, auth: Auth) -> None:
    email = auth.signup()
    auth.logout()
    add_pizza(client)

    auth.login(email)

    assert len(cart_lines(page(client, "/menu"))) == 1
