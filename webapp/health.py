"""Health check for operators and load balancers."""

from __future__ import annotations

import logging
from typing import Any

from flask import Blueprint, jsonify
from flask.typing import ResponseReturnValue

from pizza.infrastructure.health import follower_lags, stopped_followers
from webapp.services import shop

bp = Blueprint("health", __name__)
log = logging.getLogger(__name__)


@bp.get("/health")
def health() -> ResponseReturnValue:
    """JSON with the state of the store and of each follower (how far behind
    its leader's log it is, and whether it is running); 503 when the store does
    not answer or a follower has stopped."""
    try:
        counts = shop().status.count_by_status()
        lags = follower_lags(shop().runner)
    except Exception:
        log.exception("Health check: the store did not answer")
        body: dict[str, Any] = {"status": "error", "store": "unavailable"}
        return jsonify(body), 503
    stopped = stopped_followers(shop().runner)
    followers = [
        {
            "follower": lag.follower,
            "leader": lag.leader,
            "processed": lag.processed,
            "recorded": lag.recorded,
            "behind": lag.behind,
            "running": lag.follower not in stopped,
        }
        for lag in lags
    ]
    healthy = not stopped
    body = {
        "status": "ok" if healthy else "error",
        "store": "ok",
        "orders": counts,
        "followers": followers,
    }
    return jsonify(body), 200 if healthy else 503
