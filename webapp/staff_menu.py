"""The menu as staff keep it: add an item, change a price, mark an item out of
stock and back. Each change is an event of the ``ShopMenu`` aggregate; orders
already placed keep the prices of the menu they were placed against."""

from __future__ import annotations

from collections.abc import Callable

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from pizza.domain.menu import KINDS
from pizza.domain.shop_menu import MenuError, ShopMenu, label, parse_price
from webapp.formatting import money
from webapp.roles import staff_only
from webapp.services import shop

bp = Blueprint("staff_menu", __name__, url_prefix="/kitchen/menu")
bp.before_request(staff_only)

SECTIONS = {
    "sauce": "Sauces",
    "cheese": "Cheeses",
    "main_topping": "Main toppings",
    "extra_topping": "Extra toppings",
}


@bp.get("")
def page() -> ResponseReturnValue:
    """Every item with its price and whether it is in stock, a form to change
    each, one to add an item and one for the base price. 302 to log in for
    anonymous visitors, 403 for customers who are not staff."""
    return render_page()


@bp.post("/items")
def add_item() -> ResponseReturnValue:
    """Adds the form's item (``kind``, ``name``, ``price``), in stock; 302 to
    the page saying so, or 400 with the page and what is wrong."""
    form = request.form

    def add(menu: ShopMenu) -> str:
        price = parse_price(form.get("price", ""))
        name = menu.add_item(form.get("kind", ""), form.get("name", ""), price)
        return f"Added {name} to the menu at {money(price)}."

    return change(add)


@bp.post("/price")
def change_price() -> ResponseReturnValue:
    """A new ``price`` for the item ``kind`` and ``name``; 302 or 400 as for
    adding one. Orders already placed keep the price they were placed at."""
    form = request.form
    kind, name = form.get("kind", ""), form.get("name", "")

    def reprice(menu: ShopMenu) -> str:
        price = parse_price(form.get("price", ""))
        menu.change_price(kind, name, price)
        return f"{name} now costs {money(price)}."

    return change(reprice)


@bp.post("/base-price")
def change_base_price() -> ResponseReturnValue:
    """A new base price for every pizza; 302 or 400 as for adding an item."""

    def reprice(menu: ShopMenu) -> str:
        price = parse_price(request.form.get("price", ""))
        menu.change_base_price(price)
        return f"Every pizza now starts at {money(price)}."

    return change(reprice)


@bp.post("/stock")
def stock() -> ResponseReturnValue:
    """Marks the item ``kind`` and ``name`` out of stock (``in_stock=no``) or
    back (``in_stock=yes``); 302 or 400 as for adding an item."""
    form = request.form
    kind, name = form.get("kind", ""), form.get("name", "")

    def restock(menu: ShopMenu) -> str:
        if form.get("in_stock") == "no":
            menu.mark_out_of_stock(kind, name)
            return f"{name} is out of stock: orders with it are refused."
        menu.mark_back_in_stock(kind, name)
        return f"{name} is back in stock."

    return change(restock)


def change(make: Callable[[ShopMenu], str]) -> ResponseReturnValue:
    """Makes the change to the menu; 302 to the page with what it did, or 400
    with the page and why it could not."""
    try:
        done = shop().orders.change_menu(make)
    except MenuError as error:
        flash(str(error), "error")
        return render_page(), 400
    flash(done, "success")
    return redirect(url_for("staff_menu.page"))


def render_page() -> str:
    menu = shop().orders.menu()
    sections = [
        {
            "kind": kind,
            "title": SECTIONS[kind],
            "label": label(kind),
            "items": [
                {
                    "name": name,
                    "price": price,
                    "available": menu.is_available(kind, name),
                }
                for name, price in menu.prices(kind).items()
            ],
        }
        for kind in KINDS
    ]
    return render_template(
        "kitchen/menu.html", base_price=menu.base_price, sections=sections
    )
