"""Health check for operators and load balancers."""

from __future__ import annotations

import logging
from typing import Any

from flask import Blueprint, current_app, jsonify
from flask.typing import ResponseReturnValue

from pizza.infrastructure.followers import TRANSIENT
from pizza.infrastructure.health import (
    follower_lags,
    stopped_followers,
    stuck_events,
)
from pizza.infrastructure.parking import StuckEvent
from pizza.production.worker import FOLLOWERS
from pizza.settings import POSTGRES_MODULE, Settings
from webapp.services import SETTINGS, Shop, forget_shop_after_outage, shop

bp = Blueprint("health", __name__)
log = logging.getLogger(__name__)


@bp.get("/health")
def health() -> ResponseReturnValue:
    """JSON with the state of the store and of each follower: how far behind
    its leader's log it is, whether it is running, and the event it is stuck
    at, if any. 200 with ``ok``, or ``degraded`` while a follower is stuck at
    an event (the others go on) or, in production, no process runs a part
    (yet); 503 when the store does not answer, or a follower's thread in this
    process has stopped."""
    try:
        the_shop = shop()
        counts = the_shop.status.count_by_status()
        lags = follower_lags(the_shop.system, the_shop.apps)
        stuck_now = stuck_events(the_shop.system, the_shop.apps)
        stuck = {(s.follower, s.leader): s for s in stuck_now}
    except TRANSIENT as error:
        log.warning("Health check: the store did not answer: %s", error)
        forget_shop_after_outage()
        body: dict[str, Any] = {"status": "error", "store": "unavailable"}
        return jsonify(body), 503
    stopped = stopped_followers(the_shop.runner)
    idle = set() if the_shop.runner else parts_not_running(the_shop)
    followers = [
        {
            "follower": lag.follower,
            "leader": lag.leader,
            "processed": lag.processed,
            "recorded": lag.recorded,
            "behind": lag.behind,
            "running": lag.follower not in stopped and lag.follower not in idle,
            "stuck": stuck_json(stuck.get((lag.follower, lag.leader))),
        }
        for lag in lags
    ]
    status = "error" if stopped else "degraded" if stuck or idle else "ok"
    body = {"status": status, "store": "ok", "orders": counts, "followers": followers}
    return jsonify(body), 503 if stopped else 200


def parts_not_running(the_shop: Shop) -> set[str]:
    """In production, the followers no process runs now (none holds the
    part's lock: not started, or starting again after a crash or an outage)."""
    settings: Settings = current_app.extensions[SETTINGS]
    if settings.env.get("PERSISTENCE_MODULE") != POSTGRES_MODULE:
        return set()
    from pizza.infrastructure.postgres import holders  # needs psycopg

    by_app = {cls.name: part for part, cls in FOLLOWERS.items()}
    followers = [name for name in the_shop.system.followers if name in by_app]
    running = holders(settings.env, [by_app[name] for name in followers])
    return {name for name in followers if by_app[name] not in running}


def stuck_json(stuck: StuckEvent | None) -> dict[str, Any] | None:
    if stuck is None:
        return None
    return {
        "notification_id": stuck.notification_id,
        "error": stuck.error,
        "attempts": stuck.attempts,
        "parked": stuck.is_parked,
        "since": stuck.first_failed_at.isoformat(),
        "retry_at": stuck.retry_at.isoformat(),
    }
