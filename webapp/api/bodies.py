"""The JSON body of a request, read before the route's model sees it.

flask-openapi3 would take a body that is not JSON, or does not parse, for an
empty one; these answers say which it was: 415 if it was not sent as JSON,
400 if it does not parse (absurd nesting included) or is not an object. A body
over ``MAX_CONTENT_LENGTH`` makes Flask refuse it with a 413 while it is read.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import cache
from typing import Any

from flask import current_app, request
from flask_openapi3.utils import parse_parameters

from webapp.api.errors import ApiError

BODY = 5  # where parse_parameters puts the body's model


def json_object_first() -> None:
    """A ``before_request`` hook: the body of a route that takes one must be
    a JSON object."""
    view = current_app.view_functions.get(request.endpoint or "")
    if view is None or not takes_body(view):
        return
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


@cache
def takes_body(view: Callable[..., Any]) -> bool:
    return parse_parameters(view, doc_ui=False)[BODY] is not None
