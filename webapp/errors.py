"""Error pages for people and JSON errors for the API, never a bare 500."""

from __future__ import annotations

from flask import Flask, jsonify, render_template, request
from flask.typing import ResponseReturnValue
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException


def register(app: Flask) -> None:
    app.register_error_handler(CSRFError, csrf_error)
    app.register_error_handler(HTTPException, http_error)


def csrf_error(error: CSRFError) -> ResponseReturnValue:
    message = "The form had expired or did not come from this site. Please try again."
    return render_template("error.html", code=400, message=message), 400


def http_error(error: HTTPException) -> ResponseReturnValue:
    code = error.code or 500
    message = error.description or error.name
    if request.path.startswith("/api/"):
        response = jsonify(error=message, fields={})
        response.status_code = code
        for name, value in error.get_headers():  # e.g. Allow on a 405
            if name.lower() != "content-type":
                response.headers[name] = value
        return response
    return render_template("error.html", code=code, message=message), code
