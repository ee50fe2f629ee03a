"""Reading what API clients send: JSON bodies and query parameters."""

from __future__ import annotations

import json
import re
from collections.abc import Collection, Mapping
from typing import Any

from flask import request

from webapp.api.errors import ApiError

MAX_LIMIT = 100
LIMIT_PATTERN = re.compile(r"[0-9]{1,3}")


def json_object(allowed: Collection[str]) -> dict[str, Any]:
    """The request body as a JSON object with no keys but ``allowed``.

    415 if the body is not sent as JSON, 400 if it does not parse (including
    absurd nesting) or is not an object with known keys. A body over
    ``MAX_CONTENT_LENGTH`` makes Flask refuse it with a 413 while it is read.
    """
    if not request.is_json:
        raise ApiError(
            415, "The body must be JSON, sent with Content-Type: application/json."
        )
    try:
        body = json.loads(request.get_data())
    except (ValueError, RecursionError) as error:
        raise ApiError(400, f"The body is not valid JSON: {error}") from None
    if not isinstance(body, dict):
        raise ApiError(400, "The body must be a JSON object.")
    if unknown := sorted(body.keys() - set(allowed)):
        fields = dict.fromkeys(unknown, "is not a field of this request")
        raise ApiError(400, "The body has fields this request does not take.", fields)
    return body


def text_fields(body: Mapping[str, Any], limits: Mapping[str, int]) -> list[str]:
    """The values of the named text fields, in order; 400 naming every field
    that is missing, not text, empty or longer than its limit."""
    problems = {}
    for name, limit in limits.items():
        value = body.get(name)
        if value is None:
            problems[name] = "is required"
        elif not isinstance(value, str):
            problems[name] = "must be text"
        elif not value:
            problems[name] = "is empty"
        elif len(value) > limit:
            problems[name] = f"is longer than {limit} characters"
    if problems:
        raise ApiError(400, "Some fields are missing or wrong.", problems)
    return [body[name] for name in limits]


def limit_arg() -> int:
    """``?limit=``: a whole number from 1 to 100, 100 if absent; 400 otherwise."""
    raw = request.args.get("limit", str(MAX_LIMIT))
    if LIMIT_PATTERN.fullmatch(raw) and 1 <= int(raw) <= MAX_LIMIT:
        return int(raw)
    problem = f"must be a whole number from 1 to {MAX_LIMIT}"
    raise ApiError(400, f"limit {problem}.", {"limit": problem})
