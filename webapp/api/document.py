"""What the OpenAPI document says beyond the models: the API's introduction,
its bearer scheme, and the error answers each operation lists.

flask-openapi3 builds the document from the routes and models; ``ShopApi`` is
its app class, told to leave out the 422 answer it would otherwise add to
every operation (this API refuses with 400 and our own error shape, listed
where it can happen).
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask_openapi3.blueprint import APIBlueprint
from flask_openapi3.models.info import Info
from flask_openapi3.models.security_scheme import SecurityScheme
from flask_openapi3.models.tag import Tag
from flask_openapi3.openapi import OpenAPI
from flask_openapi3.types import ResponseDict

from webapp.api.answers import Error
from webapp.api.errors import refusal

DESCRIPTION = """Order pizzas from the event-sourced pizza shop.

Get a bearer token from `POST /api/tokens` with your email and password, then \
send it as `Authorization: Bearer <token>` on every other request except the \
menu and this document. Cookies are never used.

Every error is JSON with this shape, including those of the web server itself: \
`{"error": "<message>", "fields": {"<field>": "<problem>"}}`. `fields` names \
each offending part of the request, for example `pizzas[0].sauce` or `limit`, \
and is empty when no field is to blame. Besides the responses listed for each \
operation, any path under `/api` that is not listed here gives 404, and a \
method a path does not list gives 405, both with this body.

Money is a string with two decimals (`"10.75"`), never a number. Times are \
ISO 8601 with their timezone."""

INFO = Info(title="Pizza shop API", version="1.0.0", description=DESCRIPTION)
SECURITY_SCHEMES: dict[str, SecurityScheme | dict[str, Any]] = {
    "bearerAuth": SecurityScheme(
        type="http",
        scheme="bearer",
        description=(
            "A token from `POST /api/tokens`. It expires after `expires_in` seconds."
        ),
    )
}
BEARER: list[dict[str, list[str]]] = [{"bearerAuth": []}]
MENU = Tag(name="menu", description="What the shop sells.")
TOKENS = Tag(name="tokens", description="Bearer tokens.")
ORDERS = Tag(name="orders", description="Your orders.")
ERROR_SCHEMA = {"$ref": f"#/components/schemas/{Error.__name__}"}


class ShopApi(OpenAPI):
    """The Flask app, with flask-openapi3's document of the JSON API."""

    def generate_spec_json(self) -> None:
        super().generate_spec_json()  # type: ignore[no-untyped-call]
        for path_item in self.spec_json["paths"].values():
            for operation in path_item.values():
                operation["responses"].pop(self.validation_error_status, None)


def shop_api(import_name: str) -> ShopApi:
    """The app, with the document's introduction and scheme. The document
    and its pages are served by ``webapp.api.docs``."""
    return ShopApi(
        import_name,
        info=INFO,
        security_schemes=SECURITY_SCHEMES,
        openapi_extensions={"security": BEARER, "servers": [{"url": "/"}]},
        validation_error_status="422",
        validation_error_model=Error,
        validation_error_callback=refusal,
        doc_ui=False,
    )


def error(description: str, headers: dict[str, Any] | None = None) -> dict[str, Any]:
    answer: dict[str, Any] = {
        "description": description,
        "content": {"application/json": {"schema": ERROR_SCHEMA}},
    }
    if headers:
        answer["headers"] = headers
    return answer


ERRORS = {
    400: error(
        "The request is not of the shape this operation takes: `fields` names "
        "each problem."
    ),
    401: error(
        "The bearer token is missing, malformed, expired, revoked or not issued "
        "by this shop.",
        {
            "WWW-Authenticate": {
                "description": (
                    'The bearer challenge, e.g. `Bearer realm="pizza", '
                    'error="invalid_token"`.'
                ),
                "schema": {"type": "string"},
            }
        },
    ),
    404: error(
        "There is no such order, the id is malformed, or the order is another "
        "customer's."
    ),
    409: error(
        "The order cannot be cancelled: it is baking or further on, it was "
        "rejected, or it is still being checked (try again in a moment)."
    ),
    413: error("The body is larger than the shop accepts."),
    415: error("The body was not sent as `application/json`."),
    429: error(
        "Too many tries: wait as long as Retry-After says.",
        {
            "Retry-After": {
                "description": "Seconds to wait.",
                "schema": {"type": "integer"},
            }
        },
    ),
}


@dataclass(frozen=True)
class Operation:
    """A route of the API as the document shows it: the answers it gives,
    the errors it lists; a public one needs no token."""

    method: str
    rule: str
    view: Callable[..., Any]
    tag: Tag
    operation_id: str
    answers: ResponseDict
    errors: tuple[int, ...] = ()
    public: bool = False

    def add_to(self, bp: APIBlueprint) -> None:
        """Adds the view to ``bp``, with its summary and description from
        the view's docstring (its first sentence, then all of it)."""
        doc = inspect.getdoc(self.view) or ""
        paragraphs = [" ".join(part.split()) for part in doc.split("\n\n")]
        responses: ResponseDict = {**self.answers}
        responses.update({status: ERRORS[status] for status in self.errors})
        route = getattr(bp, self.method)(
            self.rule,
            tags=[self.tag],
            operation_id=self.operation_id,
            summary=paragraphs[0].split(". ")[0].rstrip("."),
            description="\n\n".join(paragraphs),
            responses=responses,
            openapi_extensions={"security": []} if self.public else None,
        )
        route(self.view)
