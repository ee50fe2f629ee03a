"""My orders, the order page, and its live updates (Server-Sent Events)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime
from time import monotonic
from typing import Any

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    redirect,
    render_template,
    request,
    url_for,
)
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required

from pizza.status import FINAL_STATUSES, OrderStatus
from webapp.menu import describe_pizza, money
from webapp.services import shop

bp = Blueprint("orders", __name__)

STATUS_NOTES = {
    "requested": "We have your order and are checking it.",
    "validated": "Your order is confirmed. Thank you!",
    "rejected": "Sorry, we could not accept this order:",
}
MAX_QUERY = 100
RETRY_MILLISECONDS = 3000
STREAM_SECONDS = 30.0  # then the browser reconnects; app config ORDER_EVENTS_SECONDS
KEEPALIVE_SECONDS = 10.0  # app config ORDER_EVENTS_KEEPALIVE_SECONDS


@bp.get("/orders")
@login_required
def list_orders() -> ResponseReturnValue:
    """The customer's orders, newest first.

    With ``q``, redirects (302) to the order with that exact id if it is the
    customer's; otherwise shows the list with "No order ... found".
    """
    query = request.args.get("q", "").strip()[:MAX_QUERY]
    if query and (found := own_order(query.lower().lstrip("#"))):
        return redirect(url_for("orders.order_page", order_id=found["id"]))
    rows = [order_row(order) for order in shop().status.list_orders(current_user.id)]
    return render_template("orders/list.html", orders=rows, query=query)


@bp.get("/orders/<order_id>")
@login_required
def order_page(order_id: str) -> ResponseReturnValue:
    """The order's contents, total, status and timeline, as they are now.

    404 when there is no such order or it is another customer's (the same
    404, so order ids cannot be probed).
    """
    order = own_order_or_404(order_id)
    return render_template("orders/order.html", order=page_data(order))


@bp.get("/orders/<order_id>/events")
@login_required
def events(order_id: str) -> ResponseReturnValue:
    """A ``text/event-stream`` of the order page's data: the current state
    first, then each change, until the order's status is final or the stream
    has run ``ORDER_EVENTS_SECONDS``; a comment line keeps it alive meanwhile.

    404 as for the order page.
    """
    order = own_order_or_404(order_id)
    stream = order_events(
        shop().status,
        order,
        seconds=current_app.config.get("ORDER_EVENTS_SECONDS", STREAM_SECONDS),
        keepalive=current_app.config.get(
            "ORDER_EVENTS_KEEPALIVE_SECONDS", KEEPALIVE_SECONDS
        ),
    )
    headers = {"Cache-Control": "no-cache", "X-Accel-Buffering": "no"}
    return Response(stream, mimetype="text/event-stream", headers=headers)


def own_order(order_id: str) -> dict[str, Any] | None:
    """The order from the view, if it is the current customer's."""
    order = shop().status.get_order(order_id)
    if order is None or order["customer_id"] != current_user.id:
        return None
    return order


def own_order_or_404(order_id: str) -> dict[str, Any]:
    order = own_order(order_id)
    if order is None:
        abort(404, description="There is no such order among your orders.")
    return order


def order_events(
    status: OrderStatus, order: dict[str, Any], seconds: float, keepalive: float
) -> Iterator[str]:
    """The stream's lines. It reads the view only, so it needs no request."""
    deadline = monotonic() + seconds
    yield f"retry: {RETRY_MILLISECONDS}\n" + order_event(order)
    while order["status"] not in FINAL_STATUSES:
        remaining = deadline - monotonic()
        if remaining <= 0:
            return
        seen = len(order["timeline"])
        changed = status.wait_for_change(order["id"], seen, min(keepalive, remaining))
        if changed is None:
            yield ": keep-alive\n\n"
        else:
            order = changed
            yield order_event(order)


def order_event(order: dict[str, Any]) -> str:
    data = json.dumps(page_data(order), ensure_ascii=False)
    return f"id: {len(order['timeline'])}\nevent: order\ndata: {data}\n\n"


def page_data(order: dict[str, Any]) -> dict[str, Any]:
    """What the order page shows, as text ready to display: the page renders it
    and the event stream sends it, so a page opened late shows the same as one
    that watched from the start."""
    status = order["status"]
    final = status in FINAL_STATUSES
    pending = "—" if final else "checking…"
    return {
        "id": order["id"],
        "status": status,
        "status_label": label(status),
        "status_note": STATUS_NOTES.get(status, ""),
        "final": final,
        "address": order["address"],
        "placed": when(order["requested_at"]),
        "pizzas": [
            {**describe_pizza(pizza), "price": money(pizza["price"]) or pending}
            for pizza in order["pizzas"]
        ],
        "total": money(order["total"]) or pending,
        "reasons": list(order["reasons"]),
        "timeline": [timeline_step(step) for step in order["timeline"]],
    }


def timeline_step(step: dict[str, Any]) -> dict[str, str]:
    at: datetime = step["at"]
    return {
        "at": at.isoformat(),
        "time": f"{at:%H:%M:%S}",
        "event": step["event"],
        "what": label(step["event"]),
        "by": step["application"],
        "detail": step["detail"],
    }


def order_row(order: dict[str, Any]) -> dict[str, Any]:
    """One line of My orders."""
    return {
        "id": order["id"],
        "short_id": order["id"][:8],
        "status": order["status"],
        "status_label": label(order["status"]),
        "placed": when(order["requested_at"]),
        "placed_at": order["requested_at"].isoformat(),
        "pizzas": len(order["pizzas"]),
        "total": money(order["total"]) or "—",
        "address": order["address"],
    }


def label(status: str) -> str:
    return status.replace("_", " ").capitalize()


def when(moment: datetime) -> str:
    return f"{moment.day} {moment:%b %Y, %H:%M} UTC"
