"""The signed-in customer's orders: place one, list them, read one and its
history, cancel one."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from flask import current_app, jsonify, request, url_for
from flask.typing import ResponseReturnValue

from pizza.as_of import order_as_of, parse_as_of
from pizza.domain.ticket import KitchenError
from pizza.history import order_history
from pizza.infrastructure.followers import TRANSIENT
from webapp.api.errors import ApiError
from webapp.api.inputs import json_object, limit_arg
from webapp.api.shapes import history_json, order_json
from webapp.api.tokens import current_customer
from webapp.cancellation import cancel_for_customer
from webapp.services import shop


def place_order() -> ResponseReturnValue:
    """Places an order for the token's customer from the JSON body (``address``
    defaults to theirs). 201 with the order and its ``Location``; 200 with the
    first order when the ``Idempotency-Key`` was used before; 202 with its id if
    the order is stored but not yet in the view. A well-formed order that breaks
    the shop's rules is accepted, then ``rejected`` with reasons. 400 for a body
    of the wrong shape (``fields`` names the spot), 415 if it is not JSON."""
    body = json_object(allowed={"address", "pizzas"})
    if "pizzas" not in body:
        raise ApiError(400, "The order has no pizzas field.", {"pizzas": "is missing"})
    customer = current_customer()
    submission = shop().orders.submit_order(
        customer_id=customer["id"],
        address=body.get("address", customer["address"]),
        pizzas=body["pizzas"],
        idempotency_key=request.headers.get("Idempotency-Key"),
    )
    order_id = submission.id
    location = {"Location": url_for("api.get_order", order_id=str(order_id))}
    order = shown_order(order_id)
    if order is None:
        return jsonify(id=str(order_id), status="requested"), 202, location
    status = 201 if submission.is_new else 200
    return jsonify(order_json(order)), status, location


def list_orders() -> ResponseReturnValue:
    """The token's customer's orders, newest first, without their timelines:
    ``{"orders": [...]}``. 400 if ``?limit=`` is not from 1 to 100."""
    orders = shop().status.list_orders(current_customer()["id"], limit=limit_arg())
    return jsonify(orders=[order_json(order) for order in orders])


def get_order(order_id: str) -> ResponseReturnValue:
    """The order with its timeline; 404 if there is no such order or it is
    another customer's (the same 404, so ids of others' orders stay unknown).

    With ``?at=`` (a step of its timeline, 1, 2, ..., or an ISO 8601 time),
    the order as it stood then, rebuilt from the event logs, with ``as_of``
    (the step it stood at, of how many); 400 for an ``at`` that is neither,
    404 also when it had not been placed by then."""
    order = own_order(order_id)
    at = request.args.get("at")
    if at is None:
        return jsonify(order_json(order))
    try:
        as_of = parse_as_of(at)
    except ValueError as error:
        raise ApiError(400, f"at {error}.", {"at": str(error)}) from None
    then = order_as_of(shop().order_logs(), UUID(order["id"]), as_of)
    if then is None:
        raise ApiError(404, "The order had not been placed yet then.")
    steps = {"step": then["step"], "steps": then["steps"]}
    return jsonify({**order_json(then), "as_of": steps})


def get_order_history(order_id: str) -> ResponseReturnValue:
    """The order's events as the event logs hold them (when, which application,
    what, details), oldest first; 404 as for the order itself."""
    order = own_order(order_id)
    events = order_history(shop().order_logs(), UUID(order["id"]))
    return jsonify(history_json(order["id"], events))


def cancel_order(order_id: str) -> ResponseReturnValue:
    """Cancels the order: 200 with it, now ``cancelled``, also when it was
    cancelled already; 202 with its id if the view does not show the
    cancellation within ``VIEW_WAIT`` seconds. 409 with the reason when it
    cannot be cancelled (baking or further on, rejected, still being checked);
    404 as for the order."""
    order = own_order(order_id)
    try:
        cancel_for_customer(shop().kitchen, order)
    except KitchenError as error:
        raise ApiError(409, str(error)) from None
    cancelled = shown_order(UUID(order["id"]), statuses=("cancelled",))
    if cancelled is None:
        location = {"Location": url_for("api.get_order", order_id=order["id"])}
        return jsonify(id=order["id"], status="cancelled"), 202, location
    return jsonify(order_json(cancelled))


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
