"""The web app as production runs it: gunicorn worker processes that write
commands and read the view, and run no follower (``pizza web``).

Each worker process builds its own applications after the fork (connections
do not survive one); its order status view hears the announcements the view
makes as it commits, so the live pages it serves wake at once for changes made
by any process (``OrderStatus.hear_other_processes``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from flask import Flask
from gunicorn.app.base import BaseApplication
from werkzeug.middleware.proxy_fix import ProxyFix

from pizza.metrics import forget_process
from pizza.settings import Settings
from pizza.system import PizzaSystem
from webapp import create_app
from webapp.services import LazyShop, Shop

if TYPE_CHECKING:
    from gunicorn._types import _WSGIAppType

LIVE_STREAMS = 400
"""Live pages one web process keeps open at most (``MAX_LIVE_STREAMS``): each
holds a thread, mostly asleep, until its page goes or it times out."""
REQUEST_THREADS = 32
"""Threads left for everything else: live pages can never take these."""


def production_app(settings: Settings) -> Flask:
    """The web app over the system's applications, following nothing (built
    on the first request, so a process can start while the database is away)."""
    shop = LazyShop(lambda: Shop.standalone(PizzaSystem(), settings.env))
    app = create_app({"MAX_LIVE_STREAMS": LIVE_STREAMS}, settings=settings, shop=shop)
    if settings.proxies:
        # The client's address and scheme as the trusted proxies saw them
        # (rate limits count per client address).
        hops = settings.proxies
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops)  # type: ignore[method-assign]
    return app


class WebServer(BaseApplication):
    """gunicorn, configured from here rather than from its command line."""

    def __init__(self, settings: Settings, options: dict[str, Any]) -> None:
        self.settings = settings
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for name, value in self.options.items():
            self.cfg.set(name, value)

    def load(self) -> _WSGIAppType:
        # Flask's WSGI types and gunicorn's stubs spell the same thing apart.
        return cast("_WSGIAppType", production_app(self.settings))


def serve(settings: Settings, host: str, port: int, workers: int) -> None:
    """Serves until SIGTERM or Ctrl-C: gunicorn's master starts ``workers``
    processes, replaces any that dies, and stops them gracefully."""
    options = {
        "bind": f"{host}:{port}",
        "workers": workers,
        "worker_class": "gthread",
        "threads": LIVE_STREAMS + REQUEST_THREADS,
        "graceful_timeout": 10,
        "keepalive": 5,
        # No access log of gunicorn's: the app logs a line per request itself,
        # naming the order (pizza.logs).
        # A worker that ends takes its live gauges with it (multiprocess mode).
        "child_exit": lambda _server, worker: forget_process(worker.pid),
    }
    WebServer(settings, options).run()
