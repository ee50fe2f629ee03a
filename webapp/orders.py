"""My orders, the order page, its live updates (Server-Sent Events), and
cancelling an order."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import suppress
from time import monotonic
from typing import Any
from uuid import UUID

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required

from pizza.as_of import order_as_of, parse_as_of
from pizza.domain.ticket import KitchenError
from pizza.infrastructure.followers import TRANSIENT
from pizza.status import FINAL_STATUSES, OrderStatus
from webapp.cancellation import cancel_for_customer
from webapp.cart import CART_FULL, add_to_cart
from webapp.order_views import order_row, page_data, short_id
from webapp.services import shop
from webapp.streams import KEEPALIVE, event_stream, message, retry

bp = Blueprint("orders", __name__)

MAX_QUERY = 100
CANCELLED = "Your order is cancelled."


@bp.get("/orders")
@login_required
def list_orders() -> ResponseReturnValue:
    """The customer's orders, newest first.

    With ``q``, the orders matching each of its words: the order's id or its
    start as My orders shows it (with or without ``#``), or words of the
    delivery address or of the pizzas. An id that finds one order opens it
    (302); otherwise the list shows the matches, or says none was found.
    """
    query = request.args.get("q", "").strip()[:MAX_QUERY]
    status = shop().status
    if not query:
        rows = [order_row(order) for order in status.list_orders(current_user.id)]
        return render_template("orders/list.html", orders=rows)
    words = [word.lstrip("#") for word in query.split()]
    found = status.search_orders(current_user.id, [w for w in words if w])
    if len(found) == 1 and is_id(words, found[0]["id"]):
        return redirect(url_for("orders.order_page", order_id=found[0]["id"]))
    rows = [order_row(order) for order in found]
    return render_template("orders/list.html", orders=rows, query=query)


def is_id(words: list[str], order_id: str) -> bool:
    """Whether the search was for the order's id (or the start of it)."""
    return len(words) == 1 and order_id.startswith(words[0].lower())


@bp.get("/orders/<order_id>")
@login_required
def order_page(order_id: str) -> ResponseReturnValue:
    """The order's contents, total, status and timeline, as they are now;
    with ``?at=`` (a step of its timeline, 1, 2, ..., or an ISO 8601 time),
    as they stood then, rebuilt from the event logs.

    404 when there is no such order or it is another customer's (the same
    404, so order ids cannot be probed), or it had not been placed by then;
    400 for an ``at`` that is neither. Staff may open any order, read-only.
    """
    order = viewable_order_or_404(order_id)
    mine = order["customer_id"] == current_user.id
    at = request.args.get("at")
    if at is None:
        return render_template("orders/order.html", order=page_data(order), mine=mine)
    try:
        as_of = parse_as_of(at)
    except ValueError as error:
        abort(400, description=f"“at” {error}.")
    then = order_as_of(shop().order_logs(), UUID(order["id"]), as_of)
    if then is None:
        abort(404, description="The order had not been placed yet then.")
    return render_template(
        "orders/order.html", order=page_data(then), mine=mine, as_of=then
    )


@bp.post("/orders/<order_id>/again")
@login_required
def order_again(order_id: str) -> ResponseReturnValue:
    """Puts the order's pizzas in the cart, as they were chosen (priced again
    at today's prices); to the menu (302). 404 as for the order page."""
    order = own_order_or_404(order_id)
    if add_to_cart(order["pizzas"]):
        count = len(order["pizzas"])
        pizzas = f"{count} pizza{'s' if count != 1 else ''}"
        flash(f"Added the {pizzas} of order #{short_id(order['id'])}.", "success")
    else:
        flash(CART_FULL, "error")
    return redirect(url_for("menu.menu"))


@bp.post("/orders/<order_id>/cancel")
@login_required
def cancel(order_id: str) -> ResponseReturnValue:
    """Cancels the order; redirects (302) to its page saying so, also when it
    was cancelled already.

    409 with the order page and the reason when it cannot be cancelled: it is
    baking or further on, rejected, or still being checked. 404 as for the
    order page.
    """
    order = own_order_or_404(order_id)
    try:
        cancel_for_customer(shop().kitchen, order)
    except KitchenError as error:
        return refused(order, str(error))
    # Until the view shows it, the order page would still offer to cancel.
    with suppress(TimeoutError, *TRANSIENT):  # done; the view may lag
        shop().status.wait_for_order(
            order["id"], ("cancelled",), timeout=current_app.config["VIEW_WAIT"]
        )
    flash(CANCELLED, "success")
    return redirect(url_for("orders.order_page", order_id=order["id"]))


@bp.get("/orders/<order_id>/events")
@login_required
def events(order_id: str) -> ResponseReturnValue:
    """A ``text/event-stream`` of the order page's data: the current state
    first, then each change, until the order's status is final or the stream
    has run ``ORDER_EVENTS_SECONDS``; a comment line keeps it alive meanwhile.

    404 as for the order page.
    """
    order = viewable_order_or_404(order_id)
    config = current_app.config
    return event_stream(
        order_events(
            shop().status,
            order,
            seconds=config["ORDER_EVENTS_SECONDS"],
            keepalive=config["ORDER_EVENTS_KEEPALIVE_SECONDS"],
        ),
        customer=current_user.id,
    )


def own_order(order_id: str) -> dict[str, Any] | None:
    """The order from the view, if it is the current customer's."""
    order = shop().status.get_order(order_id)
    if order is None or order["customer_id"] != current_user.id:
        return None
    return order


def viewable_order_or_404(order_id: str) -> dict[str, Any]:
    """The current customer's order, or any order for staff; 404 otherwise."""
    order = shop().status.get_order(order_id)
    if order is None or not (
        order["customer_id"] == current_user.id or current_user.is_staff
    ):
        abort(404, description="There is no such order among your orders.")
    return order


def own_order_or_404(order_id: str) -> dict[str, Any]:
    order = own_order(order_id)
    if order is None:
        abort(404, description="There is no such order among your orders.")
    return order


def refused(order: dict[str, Any], reason: str) -> ResponseReturnValue:
    """The order page as it is now, with the reason the request was refused."""
    flash(reason, "error")
    return render_template("orders/order.html", order=page_data(order), mine=True), 409


def order_events(
    status: OrderStatus, order: dict[str, Any], seconds: float, keepalive: float
) -> Iterator[str]:
    """The stream's lines. It reads the view only, so it needs no request."""
    deadline = monotonic() + seconds
    yield retry() + order_event(order)
    while order["status"] not in FINAL_STATUSES:
        remaining = deadline - monotonic()
        if remaining <= 0:
            return
        seen = len(order["timeline"])
        changed = status.wait_for_change(order["id"], seen, min(keepalive, remaining))
        if changed is None:
            yield KEEPALIVE
        else:
            order = changed
            yield order_event(order)


def order_event(order: dict[str, Any]) -> str:
    return message("order", page_data(order), event_id=len(order["timeline"]))
