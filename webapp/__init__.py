"""The shop's web app: a Flask app factory over the running system.

``create_app()`` starts the system under the threaded runner on the shop's
configured storage; tests pass a runner of their own. Nothing is built at import
time.
"""

from __future__ import annotations

import atexit
import os
import threading
from typing import Any
from uuid import UUID

from eventsourcing.system import Runner
from flask import Flask

from pizza.config import shop_env
from pizza.system import start_threaded
from webapp import api, auth, errors, health, kitchen, menu, orders
from webapp.extensions import csrf, login_manager
from webapp.services import Shop
from webapp.settings import secret_key
from webapp.streams import STREAM_SLOTS


def create_app(
    config: dict[str, Any] | None = None, runner: Runner[UUID] | None = None
) -> Flask:
    """Builds the web shop.

    ``config`` overrides Flask settings; its ``PIZZA_ENV`` (a dict) overrides the
    storage environment. Without ``runner``, the app starts the whole system
    under the threaded runner and stops it when the process exits.
    """
    app = Flask(__name__)
    app.config.update(
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        REMEMBER_COOKIE_HTTPONLY=True,
        REMEMBER_COOKIE_SAMESITE="Lax",
        MAX_CONTENT_LENGTH=64 * 1024,
        WTF_CSRF_TIME_LIMIT=None,
        API_TOKEN_MAX_AGE=24 * 3600,
        API_ORDER_WAIT=5.0,
        MAX_LIVE_STREAMS=20,
    )
    app.config.update(config or {})
    env = shop_env({**os.environ, **app.config.get("PIZZA_ENV", {})})
    if not app.config.get("SECRET_KEY"):  # Flask's default is None
        app.config["SECRET_KEY"] = secret_key(env)
    if runner is None:
        runner = start_threaded(env)
        atexit.register(runner.stop)
    app.extensions["pizza"] = Shop(runner)
    slots = threading.BoundedSemaphore(app.config["MAX_LIVE_STREAMS"])
    app.extensions[STREAM_SLOTS] = slots

    csrf.init_app(app)
    login_manager.init_app(app)
    for blueprint in (auth.bp, menu.bp, orders.bp, kitchen.bp, health.bp, api.bp):
        app.register_blueprint(blueprint)
    csrf.exempt(api.bp)
    errors.register(app)
    return app
