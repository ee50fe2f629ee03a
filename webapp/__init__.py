"""The shop's web app: a Flask app factory over the running system.

``create_app()`` reads the shop's settings from the environment and starts the
system under the threaded runner; tests pass settings and a runner of their
own. Nothing is built at import time.
"""

from __future__ import annotations

import atexit
from typing import Any
from uuid import UUID

from eventsourcing.system import Runner
from flask import Flask

from pizza.settings import Settings, load_settings
from pizza.system import start_threaded
from webapp import (
    account,
    api,
    auth,
    errors,
    formatting,
    health,
    kitchen,
    menu,
    metrics,
    observing,
    operator,
    orders,
    reset,
    staff_menu,
)
from webapp.api import docs as api_docs
from webapp.api.document import shop_api
from webapp.extensions import csrf, login_manager
from webapp.headers import secure_headers
from webapp.rate_limits import init_rate_limits
from webapp.secret_key import secret_key
from webapp.services import SETTINGS, LazyShop, Shop
from webapp.streams import STREAM_SLOTS, StreamSlots


def create_app(
    config: dict[str, Any] | None = None,
    *,
    settings: Settings | None = None,
    runner: Runner[UUID] | None = None,
    shop: Shop | LazyShop | None = None,
) -> Flask:
    """Builds the web shop.

    ``settings`` default to those of the process's environment; ``config``
    overrides any Flask setting, the shop's defaults below included. The app
    works with ``shop``, or the applications of ``runner``; with neither, it
    starts the whole system under the threaded runner and stops it when the
    process exits (the embedded shop).
    """
    settings = settings or load_settings()
    app = shop_api(__name__)
    app.config.update(
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SECURE=settings.https,
        REMEMBER_COOKIE_SECURE=settings.https,
        SESSION_COOKIE_SAMESITE="Lax",
        REMEMBER_COOKIE_HTTPONLY=True,
        REMEMBER_COOKIE_SAMESITE="Lax",
        MAX_CONTENT_LENGTH=64 * 1024,
        WTF_CSRF_TIME_LIMIT=None,
        API_TOKEN_MAX_AGE=24 * 3600,
        # How long a command waits for the view to show what it did.
        VIEW_WAIT=settings.view_wait,
        MAX_LIVE_STREAMS=20,
        MAX_LIVE_STREAMS_PER_CUSTOMER=5,
        # Tries at logging in, getting a token or signing up (POSTs).
        RATE_LIMIT_PER_ADDRESS="60 per minute",
        RATE_LIMIT_PER_ACCOUNT="10 per minute",
        RESET_LINK_SECONDS=3600,
        # Live streams end after this long (the browser reconnects), and send
        # a comment line to keep the connection open when nothing changed.
        ORDER_EVENTS_SECONDS=30.0,
        ORDER_EVENTS_KEEPALIVE_SECONDS=10.0,
        KITCHEN_EVENTS_SECONDS=60.0,
        KITCHEN_EVENTS_KEEPALIVE_SECONDS=10.0,
    )
    app.config.update(config or {})
    if not app.config.get("SECRET_KEY"):  # Flask's default is None
        app.config["SECRET_KEY"] = secret_key(settings)
    if shop is None and runner is None:
        runner = start_threaded(settings)
        atexit.register(runner.stop)
    app.extensions["pizza"] = shop or Shop.of_runner(runner)  # type: ignore[arg-type]
    app.extensions[SETTINGS] = settings
    app.extensions[STREAM_SLOTS] = StreamSlots(
        app.config["MAX_LIVE_STREAMS"], app.config["MAX_LIVE_STREAMS_PER_CUSTOMER"]
    )

    secure_headers(app, settings)
    init_rate_limits(app, settings)
    csrf.init_app(app)
    login_manager.init_app(app)
    app.add_template_filter(formatting.money, "money")
    blueprints = (
        *(auth.bp, account.bp, reset.bp, menu.bp, orders.bp),
        *(kitchen.bp, staff_menu.bp, operator.bp),
    )
    for blueprint in (*blueprints, health.bp, metrics.bp, api_docs.bp):
        app.register_blueprint(blueprint)
    app.register_api(api.bp)
    observing.time_requests(app)
    csrf.exempt(api.bp)
    errors.register(app)
    return app
