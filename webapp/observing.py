"""Every request measured (``pizza_http_request_seconds``) and logged as one
line naming the order it was about, if any (see ``pizza.logs``)."""

from __future__ import annotations

import logging
from time import perf_counter

from flask import Flask, Response, g, request

from pizza.logs import order_ids_in
from pizza.metrics import HTTP_REQUEST_SECONDS

log = logging.getLogger("pizza.requests")


def time_requests(app: Flask) -> None:
    """Observes every request's route, method, status and seconds, and logs
    a line for it naming the order it was about, if any."""

    @app.before_request
    def start() -> None:
        g.started = perf_counter()

    @app.after_request
    def observe(response: Response) -> Response:
        started = g.pop("started", None)
        if started is not None:
            seconds = perf_counter() - started
            route = request.url_rule.rule if request.url_rule else "unmatched"
            status = str(response.status_code)
            HTTP_REQUEST_SECONDS.labels(route, request.method, status).observe(seconds)
            log_request(route, response.status_code, seconds, response)
        return response


def log_request(route: str, status: int, seconds: float, response: Response) -> None:
    """One line per request: method, path, status, time, and the order ids in
    its path or in where it sends the client (a placed order's page)."""
    order_ids = order_ids_in([request.path, response.headers.get("Location")])
    ms = seconds * 1000
    log.info(
        "%s %s %d %.1f ms%s",
        *(request.method, request.path, status, ms),
        "".join(f" order {order_id}" for order_id in order_ids),
        extra={
            "event": "request",
            "method": request.method,
            "path": request.path,
            "route": route,
            "status": status,
            "ms": round(ms, 1),
            "order_ids": order_ids,
        },
    )
