"""What the shop's processes measure as they work, for Prometheus.

Counters and histograms live in each process's memory, or, when
``PROMETHEUS_MULTIPROC_DIR`` names a folder (production: ``pizza up`` sets it
for every process it starts), in files there that the web process serving
``/metrics`` adds up across processes (``prometheus_client``'s multiprocess
mode). What the database knows (orders by status, events per log, followers'
lag, parked events) is read when ``/metrics`` is scraped instead
(``webapp.metrics``).
"""

from __future__ import annotations

import os
from collections.abc import Mapping

from prometheus_client import Gauge, Histogram, multiprocess

MULTIPROCESS_METRICS = "PROMETHEUS_MULTIPROC_DIR"
"""The variable that puts ``prometheus_client`` in multiprocess mode: the folder
where each process writes what it measures. It must be set before a process
starts (the library reads it on import)."""

ORDER_DECIDED_SECONDS = Histogram(
    "pizza_order_decided_seconds",
    "Seconds from an order's request to validation's decision on it.",
    ["outcome"],
    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60),
)
HTTP_REQUEST_SECONDS = Histogram(
    "pizza_http_request_seconds",
    "Seconds to answer an HTTP request (live streams: to start one), by route, "
    "method and status.",
    ["route", "method", "status"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)
LIVE_STREAMS = Gauge(
    "pizza_live_streams",
    "Live pages (order pages, the kitchen's board) with a stream open now.",
    multiprocess_mode="livesum",
)


def forget_process(pid: int, env: Mapping[str, str] = os.environ) -> None:
    """Drops the live gauges of a process that has ended (its counters and
    histograms stay counted), in multiprocess mode (``env`` is the ended
    process's)."""
    if folder := env.get(MULTIPROCESS_METRICS):
        multiprocess.mark_process_dead(pid, folder)  # type: ignore[no-untyped-call]
