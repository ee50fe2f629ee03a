"""Rate limits on the doors a guesser knocks at: log in, API tokens, sign up.

Flask-Limiter counts tries per client address and per account (the email the
try names), each in a fixed window, and answers past a limit with a 429 and
``Retry-After`` (a page for people, JSON for the API: ``webapp.errors``). The
embedded shop counts in memory; production's web processes count in the
shop's database (``pizza.infrastructure.rate_limit_storage``), so a limit holds
across all of them. Behind a proxy (``PIZZA_PROXIES``) the client's address is
the one the proxy saw.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from eventsourcing.utils import Environment
from flask import Flask, current_app, request
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address

from pizza.infrastructure.rate_limit_storage import SQLStorage
from pizza.infrastructure.storage import sql_tables_url
from pizza.settings import POSTGRES_MODULE, Settings

SQL_SCHEME = SQLStorage.STORAGE_SCHEME[0]
TOO_MANY = "Too many tries. Please wait a little, then try again."
limiter = Limiter(get_remote_address, strategy="fixed-window", headers_enabled=True)


def init_rate_limits(app: Flask, settings: Settings) -> None:
    # One process (the embedded shop, tests) counts in memory; production's
    # web processes share their counts in the shop's database.
    if settings.env.get("PERSISTENCE_MODULE") == POSTGRES_MODULE:
        url = sql_tables_url(Environment("RateLimits", settings.env))
        app.config.setdefault("RATELIMIT_STORAGE_URI", f"{SQL_SCHEME}://")
        app.config.setdefault("RATELIMIT_STORAGE_OPTIONS", {"url": url})
    app.config.setdefault("RATELIMIT_STORAGE_URI", "memory://")
    limiter.init_app(app)


def account() -> str:
    """The account a try names: the email in the form or the JSON body."""
    body: Any = request.get_json(silent=True) if request.is_json else request.form
    email = (
        body.get("email") if isinstance(body, dict) or hasattr(body, "get") else None
    )
    return f"account:{str(email).strip().casefold()[:254]}"


def configured(name: str) -> Callable[[], str]:
    return lambda: str(current_app.config[name])


def guarded(view: Callable[..., Any]) -> Callable[..., Any]:
    """Limits the view's POSTs per client address and per account."""
    per_address = limiter.limit(
        configured("RATE_LIMIT_PER_ADDRESS"), methods=["POST"], error_message=TOO_MANY
    )
    per_account = limiter.limit(
        configured("RATE_LIMIT_PER_ACCOUNT"),
        key_func=account,
        methods=["POST"],
        error_message=TOO_MANY,
    )
    return per_address(per_account(view))
