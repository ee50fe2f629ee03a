"""API errors: always JSON ``{"error": ..., "fields": {...}}``, never an HTML page.

Views raise :class:`ApiError`; requests the API's models refuse come here as
pydantic's ``ValidationError`` (flask-openapi3 hands it to ``refusal``); orders
the domain finds malformed raise its :class:`MalformedRequestError`. Errors
Flask raises itself (404 for an unknown route, 405, 413) are turned into the
same JSON by ``webapp.errors``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from flask import Blueprint, Response
from pydantic import ValidationError

from pizza.domain.errors import MalformedRequestError
from webapp.api.answers import Error, json_of

# Pydantic's problems in the shop's words; a field with words of its own
# (the domain's checks, ``inputs.refused``) keeps them.
PROBLEMS = {
    "missing": "is missing",
    "extra_forbidden": "is not a field of this request",
    "string_type": "must be text",
    "string_too_short": "is empty",
    "string_too_long": "is longer than {max_length} characters",
    "too_long": "has more than {max_length} items",
    "model_type": "must be a JSON object",
    "dict_type": "must be a JSON object",
    "list_type": "must be a list",
    "int_type": "must be a whole number",
    "bool_type": "must be true or false",
    "greater_than_equal": "must be at least {ge}",
    "less_than_equal": "must be at most {le}",
}
# Requests whose fields have always been worded otherwise.
WORDING = {"TokenRequest": {"missing": "is required"}}


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
    body = Error(error=error.message, fields=error.fields)
    return json_of(body, error.status, error.headers)


def malformed_request(error: MalformedRequestError) -> Response:
    return error_response(
        ApiError(400, f"Malformed order: {error}", {error.field: error.problem})
    )


def refusal(error: ValidationError) -> Response:
    """A 400 naming each field a request model refused, as ``pizzas[0].sauce``."""
    words = {**PROBLEMS, **WORDING.get(error.title, {})}
    fields: dict[str, str] = {}
    for problem in error.errors(include_url=False):
        template = words.get(problem["type"])
        text = template.format(**problem.get("ctx", {})) if template else problem["msg"]
        fields.setdefault(field_path(problem["loc"]), text)
    message = "; ".join(f"{field} {text}" for field, text in fields.items())
    return error_response(ApiError(400, f"{message}.", fields))


def field_path(loc: Sequence[str | int]) -> str:
    """``("pizzas", 0, "sauce")`` as clients write it: ``pizzas[0].sauce``."""
    path = ""
    for part in loc:
        if isinstance(part, int):
            path += f"[{part}]"
        else:
            path += f".{part}" if path else part
    return path


def register(bp: Blueprint) -> None:
    bp.register_error_handler(ApiError, error_response)
    bp.register_error_handler(MalformedRequestError, malformed_request)
