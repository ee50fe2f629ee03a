"""Error pages for people and JSON errors for the API, never a bare 500."""

from __future__ import annotations

import logging

from flask import Flask, render_template, request
from flask.typing import ResponseReturnValue
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, ServiceUnavailable

from pizza.infrastructure.followers import TRANSIENT
from webapp.api.errors import ApiError, error_response
from webapp.services import forget_shop_after_outage

log = logging.getLogger(__name__)
RETRY_AFTER = "5"  # seconds
UNAVAILABLE = (
    "The shop cannot reach its database just now. Please try again in a moment."
)
UNAVAILABLE = (
    "The shop cannot reach its database just now. Please try again in a moment."
)


def register(app: Flask) -> None:
    app.register_error_handler(CSRFError, csrf_error)
    app.register_error_handler(HTTPException, http_error)
    for error in TRANSIENT:
        app.register_error_handler(error, database_unavailable)


def csrf_error(error: CSRFError) -> ResponseReturnValue:
    message = "The form had expired or did not come from this site. Please try again."
    return render_template("error.html", code=400, message=message), 400


def database_unavailable(error: Exception) -> ResponseReturnValue:
    """A 503 that says to try again shortly: the database did not answer in
    time (it is restarting, or away), so nothing was done."""
    log.warning("%s %s: no database: %s", request.method, request.path, error)
    forget_shop_after_outage()
    return http_error(ServiceUnavailable(UNAVAILABLE))


def http_error(error: HTTPException) -> ResponseReturnValue:
    code = error.code or 500
    message = error.description or error.name
    headers = {"Retry-After": RETRY_AFTER} if code == 503 else {}
    if request.path.startswith("/api/"):
        own = {  # e.g. Allow on a 405
            name: value
            for name, value in error.get_headers()
            if name.lower() != "content-type"
        }
        return error_response(ApiError(code, message, headers={**own, **headers}))
    return render_template("error.html", code=code, message=message), code, headers
