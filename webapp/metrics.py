"""``GET /metrics``: the shop in Prometheus's text format, for monitoring.

Protected from the public by a token (``PIZZA_METRICS_TOKEN``, sent as
``Authorization: Bearer ...``); without one configured, the route is off (404).
What the processes measure as they work comes from ``pizza.metrics`` (added up
across processes in production); what the database knows is read as it is
scraped, by ``ShopCollector``.
"""

from __future__ import annotations

import hmac
import os
from collections.abc import Iterator, Mapping
from datetime import UTC, datetime
from typing import Any

from eventsourcing.application import Application
from eventsourcing.system import System
from flask import Blueprint, Response, abort, current_app, request
from flask.typing import ResponseReturnValue
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    generate_latest,
    multiprocess,
)
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

from pizza.infrastructure.health import follower_lags, stuck_events
from pizza.settings import Settings
from webapp.services import SETTINGS, shop

bp = Blueprint("metrics", __name__)


@bp.get("/metrics")
def metrics() -> ResponseReturnValue:
    """Every metric, as Prometheus reads them. 404 unless a metrics token is
    configured; 401 without it."""
    settings: Settings = current_app.extensions[SETTINGS]
    if settings.metrics_token is None:
        abort(404)
    expected = f"Bearer {settings.metrics_token.get_secret_value()}"
    given = request.headers.get("Authorization", "")
    if not hmac.compare_digest(given.encode(), expected.encode()):
        return Response(
            "A metrics token is needed.\n",
            status=401,
            headers={"WWW-Authenticate": 'Bearer realm="metrics"'},
        )
    registry = CollectorRegistry()
    if "PROMETHEUS_MULTIPROC_DIR" in os.environ:
        multiprocess.MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
    else:
        registry.register(ThisProcess())
    registry.register(ShopCollector())
    return Response(generate_latest(registry), mimetype=CONTENT_TYPE_LATEST)


class ThisProcess(Collector):
    """What this process has measured (the one process of the embedded shop)."""

    def collect(self) -> Iterator[Metric]:
        yield from REGISTRY.collect()


class ShopCollector(Collector):
    """What the database knows, read as Prometheus scrapes."""

    def collect(self) -> Iterator[Metric]:
        the_shop = shop()
        by_status = GaugeMetricFamily(
            "pizza_orders", "Orders in each status now.", labels=["status"]
        )
        for status, count in sorted(the_shop.status.count_by_status().items()):
            by_status.add_metric([status], count)
        yield by_status
        recorded = GaugeMetricFamily(
            "pizza_events_recorded",
            "Events each application has recorded in its log.",
            labels=["application"],
        )
        for name in ("Orders", "Validation", "Kitchen", "Accounts"):
            app = the_shop.apps[name]
            recorded.add_metric([name], app.recorder.max_notification_id() or 0)
        yield recorded
        yield from lags(the_shop.system, the_shop.apps)
        parked = GaugeMetricFamily(
            "pizza_parked_events",
            "Events a follower has stopped at (failing; parked after 5 tries).",
            labels=["follower", "leader", "parked"],
        )
        for stuck in stuck_events(the_shop.system, the_shop.apps):
            parked.add_metric(
                [stuck.follower, stuck.leader, str(stuck.is_parked).lower()], 1
            )
        yield parked


def lags(system: System, apps: Mapping[str, Application[Any]]) -> Iterator[Metric]:
    now = datetime.now(tz=UTC)
    events = GaugeMetricFamily(
        "pizza_follower_lag_events",
        "Events a follower has still to process of a leader's log.",
        labels=["follower", "leader"],
    )
    seconds = GaugeMetricFamily(
        "pizza_follower_lag_seconds",
        "How long the oldest event a follower has still to process has waited.",
        labels=["follower", "leader"],
    )
    for lag in follower_lags(system, apps):
        events.add_metric([lag.follower, lag.leader], lag.behind)
        seconds.add_metric([lag.follower, lag.leader], lag.seconds_behind(now))
    yield events
    yield seconds
