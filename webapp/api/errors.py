"""API errors: always JSON ``{"error": ..., "fields": {...}}``, never an HTML page.

Views raise :class:`ApiError`; order requests of the wrong shape raise the
domain's :class:`MalformedRequestError`. Errors Flask raises itself (404 for an
unknown route, 405, 413) are turned into the same JSON by ``webapp.errors``.
"""

from __future__ import annotations

from collections.abc import Mapping

from flask import Blueprint, Response, jsonify

from pizza.domain.errors import MalformedRequestError


class ApiError(Exception):
    """A refusal the client can act on: a status, a message, and the problem
    with each offending field (``{"pizzas[0].sauce": "must be text, not int"}``)."""

    def __init__(
        self,
        status: int,
        message: str,
        fields: Mapping[str, str] | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.fields = dict(fields or {})
        self.headers = dict(headers or {})


def error_response(error: ApiError) -> Response:
    response = jsonify(error=error.message, fields=error.fields)
    response.status_code = error.status
    response.headers.update(error.headers)
    return response


def malformed_request(error: MalformedRequestError) -> Response:
    return error_response(
        ApiError(400, f"Malformed order: {error}", {error.field: error.problem})
    )


def register(bp: Blueprint) -> None:
    bp.register_error_handler(ApiError, error_response)
    bp.register_error_handler(MalformedRequestError, malformed_request)
