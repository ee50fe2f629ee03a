"""Health check for operators and load balancers."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, jsonify
from flask.typing import ResponseReturnValue

from pizza.system import follower_lags
from webapp.services import shop

bp = Blueprint("health", __name__)


@bp.get("/health")
def health() -> ResponseReturnValue:
    """JSON with the state of the store and how far behind each follower is;
    503 when the store does not answer."""
    try:
        counts = shop().status.count_by_status()
        lags = follower_lags(shop().runner)
    except Exception as error:
        body: dict[str, Any] = {"status": "error", "store": f"unavailable: {error}"}
        return jsonify(body), 503
    followers = [
        {
            "follower": lag.follower,
            "leader": lag.leader,
            "processed": lag.processed,
            "recorded": lag.recorded,
            "behind": lag.behind,
        }
        for lag in lags
    ]
    return jsonify(status="ok", store="ok", orders=counts, followers=followers)
