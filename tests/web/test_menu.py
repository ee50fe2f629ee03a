"""The menu page: the pizza builder, the cart, and who may place an order."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.web.conftest import Auth
from tests.web.helpers import PEPPERONI, VEGGIE, add_pizza, page
from tests.web.pages import (
    attribute,
    attributes,
    cart_lines,
    csrf_token,
    hidden_key,
    links,
    select,
    select_text,
    text_at,
    text_of,
)

SIX_EXTRAS = ["Onion", "Basil", "Jalapeno", "Pineapple", "Black olives", "Fresh garlic"]


def checked(html: str, name: str) -> list[str]:
    """The values ticked for the builder's field ``name``."""
    return attributes(html, f'.pizza-form input[name="{name}"][checked]', "value")


def remove_actions(html: str) -> list[str]:
    """Where each cart line's "Remove" button posts, in the cart's order."""
    return attributes(html, "li.cart-line form[action$='/remove']", "action")


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

    assert select_text(html, ".pizza-form fieldset > legend") == [
        "Sauce",
        "Cheese",
        "Main topping",
        "Extra toppings up to 5",
    ]
    options = attributes(html, ".pizza-form fieldset input", "id")
    labelled = attributes(html, ".pizza-form fieldset label.option", "for")
    assert options
    assert options == labelled
    assert text_at(html, 'label[for="sauce-0"]') == "Tomato included"
    assert attribute(html, '.pizza-form input[value="Pesto"]', "type") == "radio"
    assert attribute(html, '.pizza-form input[value="Basil"]', "type") == "checkbox"
    assert text_at(html, ".pizza-form button") == "Add to order"


def test_an_added_pizza_shows_in_the_cart_with_its_price(client: FlaskClient) -> None:
    response = add_pizza(client, VEGGIE)

    assert response.status_code == 302
    assert response.headers["Location"] == "/menu"
    html = page(client, "/menu")
    [line] = cart_lines(html)
    assert line.startswith("Mushroom Pesto sauce, Gouda, with Onion, Basil")
    assert select_text(html, "li.cart-line .line-price") == ["£12.50"]
    assert "Added a Mushroom pizza to your order." in select_text(html, ".flash")


def test_the_cart_total_adds_up_every_pizza(client: FlaskClient) -> None:
    add_pizza(client, PEPPERONI)
    add_pizza(client, VEGGIE)
    add_pizza(client, PEPPERONI)

    html = page(client, "/menu")

    assert [
        line.split(" Pesto")[0].split(" Tomato")[0] for line in cart_lines(html)
    ] == [
        "2 \N{MULTIPLICATION SIGN} Pepperoni",
        "Mushroom",
    ]
    assert select_text(html, "li.cart-line .line-price") == ["£20.00", "£12.50"]
    assert text_at(html, "#cart-total") == "£32.50"
    assert text_at(html, "#cart-heading .count") == "3 of 10 pizzas"


def test_one_more_and_remove_one_change_a_lines_quantity(client: FlaskClient) -> None:
    add_pizza(client, PEPPERONI)
    more = attributes(
        page(client, "/menu"), "li.cart-line form[action$='/more']", "action"
    )

    client.post(more[0])
    client.post(more[0])
    html = page(client, "/menu")
    assert cart_lines(html)[0].startswith("3 \N{MULTIPLICATION SIGN} Pepperoni")
    assert text_at(html, "#cart-total") == "£30.00"

    client.post(remove_actions(html)[0])
    html = page(client, "/menu")
    assert cart_lines(html)[0].startswith("2 \N{MULTIPLICATION SIGN} Pepperoni")
    assert text_at(html, "#cart-heading .count") == "2 of 10 pizzas"


def test_remove_takes_that_pizza_off_the_cart(client: FlaskClient) -> None:
    add_pizza(client, PEPPERONI)
    add_pizza(client, VEGGIE)
    remove_veggie = remove_actions(page(client, "/"))[1]

    response = client.post(remove_veggie)

    assert response.status_code == 302
    html = page(client, "/menu")
    [line] = cart_lines(html)
    assert line.startswith("Pepperoni")
    assert text_at(html, "#cart-total") == "£10.00"


def test_removing_a_pizza_twice_removes_only_that_pizza(client: FlaskClient) -> None:
    add_pizza(client, PEPPERONI)
    add_pizza(client, VEGGIE)
    remove_first = remove_actions(page(client, "/"))[0]

    client.post(remove_first)
    again = client.post(remove_first)

    assert again.status_code == 302
    html = page(client, "/menu")
    assert "That pizza was not in your order any more." in select_text(html, ".flash")
    [line] = cart_lines(html)
    assert line.startswith("Mushroom")


def test_a_pizza_without_a_sauce_is_a_field_error_keeping_the_choices(
    client: FlaskClient,
) -> None:
    response = client.post(
        "/cart",
        data={"cheese": "Gouda", "main_topping": "Ham", "extra_toppings": ["Basil"]},
    )

    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert select_text(html, "#sauce-errors li") == ["Pick a sauce."]
    described_by = attributes(html, 'input[name="sauce"]', "aria-describedby")
    assert set(described_by) == {"sauce-errors"}
    assert checked(html, "sauce") == []
    assert checked(html, "cheese") == ["Gouda"]
    assert checked(html, "main_topping") == ["Ham"]
    assert checked(html, "extra_toppings") == ["Basil"]
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
    assert message in select_text(response.get_data(as_text=True), ".errors li")
    assert cart_lines(page(client, "/menu")) == []


def test_the_cart_holds_at_most_ten_pizzas(client: FlaskClient) -> None:
    for _ in range(10):
        assert add_pizza(client).status_code == 302

    response = add_pizza(client, VEGGIE)

    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert select_text(html, ".pizza-form .form-errors li") == [
        "Your order is full: it takes at most 10 pizzas."
    ]
    assert cart_lines(html)[0].startswith("10 \N{MULTIPLICATION SIGN} Pepperoni")
    assert text_at(html, "#cart-heading .count") == "10 of 10 pizzas"
    assert not any("Mushroom" in line for line in cart_lines(html))
    assert select(html, "li.cart-line form[action$='/more']") == []


def test_anonymous_visitors_build_a_cart_and_are_asked_to_log_in(
    client: FlaskClient,
) -> None:
    add_pizza(client)

    html = page(client, "/menu")
    response = client.post("/orders", data={"address": "1 Main St"})

    assert len(cart_lines(html)) == 1
    assert ("Log in to place your order", "/login?next=/menu") in links(html)
    assert select(html, 'form[method="post"][action="/orders"]') == []
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

    assert attribute(html, "form.checkout input#address", "value") == "1 Main St"
    assert re.fullmatch(r"[0-9a-f]{32}", hidden_key(html))
    assert text_at(html, "form.checkout button") == "Place order"


def test_each_menu_page_gets_a_new_idempotency_key(
    client: FlaskClient, auth: Auth
) -> None:
    auth.signup()
    add_pizza(client)

    keys = {hidden_key(page(client, "/menu")) for _ in range(2)}

    assert len(keys) == 2


def test_adding_a_pizza_without_the_csrf_token_is_refused(csrf_app: Flask) -> None:
    client = csrf_app.test_client()
    token = csrf_token(page(client, "/menu"))

    refused = client.post("/cart", data=PEPPERONI)
    accepted = client.post("/cart", data={**PEPPERONI, "csrf_token": token})

    assert refused.status_code == 400
    assert "did not come from this site" in text_of(refused.get_data(as_text=True))
    assert accepted.status_code == 302
    assert len(cart_lines(page(client, "/menu"))) == 1


def test_the_cart_survives_logging_in(client: FlaskClient, auth: Auth) -> None:
    email = auth.signup()
    auth.logout()
    add_pizza(client)

    auth.login(email)

    assert len(cart_lines(page(client, "/menu"))) == 1
