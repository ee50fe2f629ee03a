"""The menu page: building pizzas into the cart, and placing the order."""

from __future__ import annotations

from contextlib import suppress
from decimal import Decimal
from uuid import UUID, uuid4

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    session,
    url_for,
)
from flask.typing import ResponseReturnValue
from flask_login import current_user

from pizza.domain.errors import MalformedRequestError
from pizza.domain.menu import MAX_EXTRA_TOPPINGS, MAX_PIZZAS_PER_ORDER
from pizza.infrastructure.followers import TRANSIENT
from webapp.cart import (
    CART_FULL,
    add_to_cart,
    cart,
    cart_lines,
    only_pizza,
    save_cart,
)
from webapp.formatting import first_upper
from webapp.forms import add_error
from webapp.order_forms import CheckoutForm, PizzaForm, add_form_error
from webapp.services import shop

bp = Blueprint("menu", __name__)

PLACED = "placed_orders"
REMEMBERED_ORDERS = 5
STARTER = {"sauce": "Tomato", "cheese": "Mozzarella"}


@bp.get("/")
@bp.get("/menu")
def menu() -> ResponseReturnValue:
    """The menu page: the pizza builder, the cart and, for a customer who is
    logged in, the checkout form."""
    return render_menu(starter_form())


@bp.post("/cart")
def add() -> ResponseReturnValue:
    """Adds the pizza built on the form to the cart; back to the menu (302).

    An incomplete pizza, a name not on the menu or a full cart gives the menu
    again, with the errors and the customer's choices, and a 400.
    """
    form = PizzaForm(shop().orders.menu())
    if not form.validate_on_submit():
        return render_menu(form), 400
    if not add_to_cart([form.pizza()]):
        add_form_error(form, CART_FULL)
        return render_menu(form), 400
    flash(f"Added a {form.main_topping.data} pizza to your order.", "success")
    return redirect(url_for("menu.menu"))


@bp.post("/cart/<line_id>/remove")
def remove(line_id: str) -> ResponseReturnValue:
    """Takes the pizza off the cart; back to the menu (302), also when it was
    gone already (a double click)."""
    lines = cart()
    kept = [line for line in lines if line.get("id") != line_id]
    if len(kept) == len(lines):
        flash("That pizza was not in your order any more.", "info")
    else:
        save_cart(kept)
        flash("Removed the pizza from your order.", "info")
    return redirect(url_for("menu.menu"))


@bp.post("/cart/<line_id>/more")
def more(line_id: str) -> ResponseReturnValue:
    """Adds one more of that pizza; back to the menu (302), saying why not when
    the cart is full or the pizza has gone from it."""
    found = [line for line in cart() if line.get("id") == line_id]
    if not found:
        flash("That pizza was not in your order any more.", "info")
    elif not add_to_cart(found):
        flash(CART_FULL, "error")
    return redirect(url_for("menu.menu"))


@bp.post("/orders")
def place() -> ResponseReturnValue:
    """Places the cart as the customer's order; redirects (302) to its page.

    The same form sent again (a double click, a resubmit) goes to the order it
    placed the first time. Anonymous visitors are sent to log in, then back to
    the menu. A bad form (an address with characters no one types, say) or an
    empty cart gives the menu with the errors and a 400; a cart that cannot be
    read is a 400.
    """
    if not current_user.is_authenticated:
        flash("Please log in to place your order.", "info")
        return redirect(url_for("auth.login", next=url_for("menu.menu")))
    form = CheckoutForm()
    if not form.validate_on_submit():
        return render_menu(starter_form(), form), 400
    key = form.idempotency_key.data or ""
    if (placed := session.get(PLACED, {}).get(key)) is not None:
        flash("You placed this order already.", "info")
        return redirect(url_for("orders.order_page", order_id=placed))
    if not cart():
        add_form_error(form, "Your order is empty: add a pizza first.")
        return render_menu(starter_form(), form), 400
    try:
        order_id = place_cart(form.address.data or "", key)
    except MalformedRequestError as error:
        if error.field != "address":
            abort(400, description=f"We could not read this order: {error}.")
        add_error(form.address, first_upper(error.problem))
        return render_menu(starter_form(), form), 400
    flash("Order placed.", "success")
    return redirect(url_for("orders.order_page", order_id=order_id))


def place_cart(address: str, key: str) -> UUID:
    """Places the cart, empties it, and waits until the order can be shown.

    Raises ``MalformedRequestError`` (and stores nothing) for an order of the
    wrong shape."""
    pizzas = [only_pizza(line) for line in cart()]
    order_id = shop().orders.place_order(
        customer_id=current_user.id,
        address=address,
        pizzas=pizzas,
        idempotency_key=key,
    )
    remember_order(key, order_id)
    save_cart([])
    # Until the view shows the order, its page would say "not found".
    with suppress(TimeoutError, *TRANSIENT):  # done; the view may lag
        shop().status.wait_for_order(order_id, timeout=current_app.config["VIEW_WAIT"])
    return order_id


def remember_order(key: str, order_id: UUID) -> None:
    """Keeps the last few keys placed in this session, so a resubmitted form
    finds its order even after the cart was emptied."""
    placed = [*session.get(PLACED, {}).items(), (key, str(order_id))]
    session[PLACED] = dict(placed[-REMEMBERED_ORDERS:])


def starter_form() -> PizzaForm:
    """The pizza builder as the menu opens it, on the menu as it is now."""
    return PizzaForm(shop().orders.menu(), formdata=None, data=STARTER)


def render_menu(pizza_form: PizzaForm, checkout: CheckoutForm | None = None) -> str:
    """The menu page with these forms, the cart, and a fresh checkout form
    (with a new idempotency key) unless one is given."""
    if checkout is None and current_user.is_authenticated:
        checkout = CheckoutForm(
            formdata=None, address=current_user.address, idempotency_key=uuid4().hex
        )
    pizzas = cart()
    lines = cart_lines(pizzas, pizza_form.menu)
    prices = [line["price"] for line in lines]
    total = None if None in prices else sum(prices, Decimal("0.00"))
    return render_template(
        "menu/menu.html",
        menu=pizza_form.menu,
        pizza_form=pizza_form,
        checkout=checkout,
        lines=lines,
        pizzas=len(pizzas),
        total=total,
        max_pizzas=MAX_PIZZAS_PER_ORDER,
        max_extras=MAX_EXTRA_TOPPINGS,
    )
