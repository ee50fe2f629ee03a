"""The signed-in customer's orders: place one, list them, read one and its
history, cancel one."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from flask import Response, current_app, url_for

from pizza.as_of import order_as_of, parse_as_of
from pizza.domain.ticket import KitchenError
from pizza.history import order_history
from pizza.infrastructure.followers import TRANSIENT
from webapp.api.answers import (
    AsOf,
    CancellationAccepted,
    Order,
    OrderAccepted,
    OrderHistory,
    OrderList,
    OrderSummary,
    PlacedOrder,
    json_of,
)
from webapp.api.errors import ApiError
from webapp.api.inputs import AsOfQuery, IdempotencyKey, Limit, OrderPath, OrderRequest
from webapp.api.tokens import current_customer
from webapp.cancellation import cancel_for_customer
from webapp.services import shop


def place_order(body: OrderRequest, header: IdempotencyKey) -> Response:
    """Places an order.

    ``address`` defaults to yours. 201 with the order and its ``Location``;
    200 with the first order when the ``Idempotency-Key`` was used before; 202
    with its id if the order is stored but not yet in the view. A well-formed
    order that breaks the shop's rules is accepted, then ``rejected`` with
    reasons. 400 for a body of the wrong shape (``fields`` names the spot),
    415 if it is not JSON."""
    customer = current_customer()
    submission = shop().orders.submit_order(
        customer_id=customer["id"],
        address=customer["address"] if body.address is None else body.address,
        pizzas=[pizza.model_dump() for pizza in body.pizzas],
        idempotency_key=header.idempotency_key,
    )
    order_id = submission.id
    location = {"Location": url_for("api.get_order", order_id=str(order_id))}
    order = shown_order(order_id)
    if order is None:
        accepted = OrderAccepted(id=order_id, status="requested")
        return json_of(accepted, 202, location)
    status = 201 if submission.is_new else 200
    return json_of(PlacedOrder.of(order), status, location)


def list_orders(query: Limit) -> Response:
    """Your orders, newest first, without their timelines.

    400 if ``?limit=`` is not from 1 to 100."""
    orders = shop().status.list_orders(current_customer()["id"], limit=query.limit)
    return json_of(OrderList(orders=[OrderSummary.of(order) for order in orders]))


def get_order(path: OrderPath, query: AsOfQuery) -> Response:
    """One of your orders, with its timeline.

    404 if there is no such order or it is another customer's (the same 404,
    so ids of others' orders stay unknown).

    With ``?at=`` (a step of its timeline, 1, 2, ..., or an ISO 8601 time),
    the order as it stood then, rebuilt from the event logs, with ``as_of``
    (the step it stood at, of how many); 400 for an ``at`` that is neither,
    404 also when it had not been placed by then."""
    order = own_order(path.order_id)
    if query.at is None:
        return json_of(Order.of(order))
    then = order_as_of(shop().order_logs(), UUID(order["id"]), parse_as_of(query.at))
    if then is None:
        raise ApiError(404, "The order had not been placed yet then.")
    as_of = AsOf(step=then["step"], steps=then["steps"])
    return json_of(Order.of(then, as_of))


def get_order_history(path: OrderPath) -> Response:
    """The order's events as the event logs hold them.

    When, which application, what, details, oldest first; 404 as for the
    order itself."""
    order = own_order(path.order_id)
    events = order_history(shop().order_logs(), UUID(order["id"]))
    return json_of(OrderHistory.of(order["id"], events))


def cancel_order(path: OrderPath) -> Response:
    """Cancels one of your orders.

    200 with it, now ``cancelled``, also when it was cancelled already; 202
    with its id if the view does not show the cancellation within
    ``VIEW_WAIT`` seconds. 409 with the reason when it cannot be cancelled
    (baking or further on, rejected, still being checked); 404 as for the
    order."""
    order = own_order(path.order_id)
    try:
        cancel_for_customer(shop().kitchen, order)
    except KitchenError as error:
        raise ApiError(409, str(error)) from None
    cancelled = shown_order(UUID(order["id"]), statuses=("cancelled",))
    if cancelled is None:
        location = {"Location": url_for("api.get_order", order_id=order["id"])}
        accepted = CancellationAccepted(id=order["id"], status="cancelled")
        return json_of(accepted, 202, location)
    return json_of(Order.of(cancelled))


def own_order(order_id: str) -> dict[str, Any]:
    """The token's customer's order; 404 for an unknown, malformed or
    someone else's order id alike."""
    order = shop().status.get_order(order_id)
    if order is None or order["customer_id"] != current_customer()["id"]:
        raise ApiError(404, "There is no such order.")
    return order


def shown_order(
    order_id: UUID, statuses: tuple[str, ...] = ()
) -> dict[str, Any] | None:
    """The order once the view shows it (in one of ``statuses``, if given): at
    once under the single-threaded runner, within moments under the threaded
    one; None if it takes longer than ``VIEW_WAIT`` seconds, or the view cannot
    be read (what was asked is done: the answer says so, as a 202)."""
    timeout = current_app.config["VIEW_WAIT"]
    try:
        return shop().status.wait_for_order(order_id, statuses, timeout=timeout)
    except (TimeoutError, *TRANSIENT):
        return None
