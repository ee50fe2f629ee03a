"""The kitchen's board, for staff: orders by stage, moved on one click at a
time, or cancelled with a reason."""

from __future__ import annotations

from contextlib import suppress
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
from flask_login import current_user

from pizza.domain.ticket import KitchenError, ReasonError
from pizza.infrastructure.followers import TRANSIENT
from webapp.board import BOARD_STAGES, board_data, board_events
from webapp.order_views import label, short_id, staff_row
from webapp.roles import staff_only
from webapp.services import shop
from webapp.streams import event_stream

bp = Blueprint("kitchen", __name__, url_prefix="/kitchen")

MAX_QUERY = 100
INCOMPLETE_FORM = "This form was incomplete. Please reload the board and try again."


bp.before_request(staff_only)


@bp.get("")
def board() -> ResponseReturnValue:
    """The board: a column per stage (new, assembling, baking, out for
    delivery), each order oldest first with a button that moves it on. 302 to
    log in for anonymous visitors, 403 for customers who are not staff."""
    return render_board()


@bp.get("/orders")
def find() -> ResponseReturnValue:
    """Finds any customer's orders, newest first (at most 50), by every word
    of ``q``: the order's number (with or without ``#``) or full id, part of
    the customer's name or email, or digits of their phone however typed.
    Without ``q``, the search form alone. 302 or 403 as for the board."""
    query = request.args.get("q", "").strip()[:MAX_QUERY]
    words = [word for word in (w.lstrip("#") for w in query.split()) if word]
    found = shop().status.find_orders(words) if words else []
    rows = [staff_row(order) for order in found]
    return render_template("kitchen/find.html", query=query, orders=rows)


@bp.post("/orders/<order_id>/advance")
def advance(order_id: str) -> ResponseReturnValue:
    """Moves the order on from the form's ``from_stage``; redirects (302) to
    the board saying so.

    409 with the board and the reason when the order is not at ``from_stage``
    any more (someone moved it first) or the kitchen cannot move it; 400 for a
    form without a stage of the board; 404 for an id that is not an order id.
    302 or 403 as for the board.
    """
    uuid, from_stage = decision_on(order_id)
    try:
        stage = shop().kitchen.advance(uuid, from_stage)
    except KitchenError as error:  # moved already, or no such ticket
        flash(str(error), "error")
        return render_board(), 409
    wait_until_left(uuid, from_stage)
    flash(f"Moved order #{short_id(str(uuid))} to {label(stage)}.", "success")
    return redirect(url_for("kitchen.board"))


@bp.post("/orders/<order_id>/cancel")
def cancel(order_id: str) -> ResponseReturnValue:
    """Cancels the order at the form's ``from_stage`` with the form's
    ``reason``, which the customer reads on their order page; redirects (302)
    to the board saying so.

    400 with the board and the problem for a missing or unreadable reason; 409
    as for a move when the order has moved or was cancelled meanwhile; 400, 404,
    302 or 403 as for a move.
    """
    uuid, from_stage = decision_on(order_id)
    try:
        shop().kitchen.cancel_by_shop(uuid, from_stage, request.form.get("reason", ""))
    except ReasonError as error:
        flash(str(error), "error")
        return render_board(), 400
    except KitchenError as error:
        flash(str(error), "error")
        return render_board(), 409
    wait_until_left(uuid, from_stage)
    flash(f"Cancelled order #{short_id(str(uuid))}; the customer sees why.", "success")
    return redirect(url_for("kitchen.board"))


def decision_on(order_id: str) -> tuple[UUID, str]:
    """The order and the stage staff saw it at, from a board's form; 404 for
    an id that is not an order id, 400 for a stage not on the board."""
    from_stage = request.form.get("from_stage", "")
    if from_stage not in BOARD_STAGES:
        abort(400, description=INCOMPLETE_FORM)
    try:
        return UUID(order_id), from_stage
    except ValueError:
        abort(404, description="There is no such order.")


def wait_until_left(order_id: UUID, stage: str) -> None:
    """Until the view shows a decision, the board would still show the order
    where it was."""
    with suppress(*TRANSIENT):  # decided; the view may lag
        shop().status.wait_until(
            order_id,
            lambda order: order["status"] != stage,
            current_app.config["VIEW_WAIT"],
        )


@bp.get("/events")
def events() -> ResponseReturnValue:
    """A ``text/event-stream`` of the board's data: the board now, then again
    whenever it changes, for ``KITCHEN_EVENTS_SECONDS``; a comment line keeps
    it alive meanwhile. 302 or 403 as for the board."""
    config = current_app.config
    return event_stream(
        board_events(
            shop().status,
            shop().accounts.contact,
            seconds=config["KITCHEN_EVENTS_SECONDS"],
            keepalive=config["KITCHEN_EVENTS_KEEPALIVE_SECONDS"],
        ),
        customer=current_user.id,
    )


def render_board() -> str:
    board = board_data(shop().status, shop().accounts.contact)
    return render_template("kitchen/board.html", board=board)
