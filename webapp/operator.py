"""The operator's page, for staff with the operator role: orders per status
over the last day, each follower's lag, the parked events, the latest events
of each application, and a browser of the logs down to one event as stored."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from uuid import UUID

from flask import Blueprint, Response, abort, render_template, request
from flask.typing import ResponseReturnValue

from pizza.infrastructure.health import follower_lags, stuck_events
from pizza.log_browser import LoggedEvent, browse, stored_event
from webapp.operator_chart import HOURS, KeptChart, chart_svg
from webapp.roles import operators_only
from webapp.services import shop

bp = Blueprint("operator", __name__, url_prefix="/operator")

LOGS = ("Orders", "Validation", "Kitchen", "Accounts")
LATEST = 8
HIDDEN_FIELDS = frozenset({"password_hash", "digest"})
"""Stored fields an operator has no need to read (password hashes, reset
digests); personal fields are sealed in the log already."""
CHART = KeptChart()
MOST_POSITION = 2**62
"""Positions past this are no log's (and no database's integers)."""


bp.before_request(operators_only)


@bp.get("")
def page() -> ResponseReturnValue:
    """The chart, the lags, the parked events and the latest events."""
    the_shop = shop()
    now = datetime.now(tz=UTC)
    lags = [
        {
            "follower": lag.follower,
            "leader": lag.leader,
            "behind": lag.behind,
            "seconds": round(lag.seconds_behind(now), 1),
        }
        for lag in follower_lags(the_shop.system, the_shop.apps)
    ]
    latest = {name: browse(the_shop.apps[name], limit=LATEST).events for name in LOGS}
    return render_template(
        "operator/page.html",
        counts=the_shop.status.count_by_status(),
        lags=lags,
        stuck=stuck_events(the_shop.system, the_shop.apps),
        latest=latest,
    )


@bp.get("/chart.svg")
def chart() -> ResponseReturnValue:
    """Orders reaching each status, hour by hour, over the last day (SVG)."""
    since = datetime.now(tz=UTC) - timedelta(hours=HOURS)

    def draw() -> bytes:
        now = datetime.now(tz=UTC)
        return chart_svg(shop().status.steps_since(since), now)

    return Response(CHART.get(draw), mimetype="image/svg+xml")


@bp.get("/events")
def events() -> ResponseReturnValue:
    """A page of a log, newest first: ``app`` (Orders, Validation, Kitchen,
    Accounts), and optionally ``order`` (an order id: its order, check and
    ticket), ``kind`` (the end of an event's kind, e.g. ``Moved``) and
    ``before`` (a notification id). 400 for an unknown log or a bad filter."""
    app = request.args.get("app", "Orders")
    if app not in LOGS:
        abort(400, description=f"There is no log “{app}”: {', '.join(LOGS)}.")
    order = request.args.get("order", "").strip()
    kind = request.args.get("kind", "").strip()[:80]
    try:
        order_id = UUID(order) if order else None
        before = int(request.args["before"]) if "before" in request.args else None
        if before is not None and not 1 <= before <= MOST_POSITION:
            raise ValueError(before)
    except ValueError:
        abort(400, description="“order” takes an order id, “before” a position.")
    found = browse(
        shop().apps[app], order_id=order_id, kind=kind, before=before, limit=50
    )
    return render_template(
        "operator/events.html",
        logs=LOGS,
        app=app,
        order=order,
        kind=kind,
        page=found,
    )


@bp.get("/events/<app>/<int:notification_id>")
def event(app: str, notification_id: int) -> ResponseReturnValue:
    """One event exactly as the log stores it (personal fields sealed,
    password hashes hidden); 404 if there is none."""
    if app not in LOGS:
        abort(404)
    found = stored_event(shop().apps[app], notification_id)
    if found is None:
        abort(404, description=f"{app} has no event {notification_id}.")
    return render_template("operator/event.html", event=found, stored=shown(found))


def shown(event: LoggedEvent) -> str:
    """The stored JSON, indented, with hidden fields blanked out."""
    try:
        state = json.loads(event.stored)
    except ValueError:
        return event.stored
    if isinstance(state, dict):
        state = {k: "[hidden]" if k in HIDDEN_FIELDS else v for k, v in state.items()}
    return json.dumps(state, indent=2, ensure_ascii=False)
