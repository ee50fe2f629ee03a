"""Bearer tokens: issued for an email and password, checked on each API request.

A token is the customer's id, signed and timestamped by itsdangerous with the
app's secret key (salted apart from session cookies). It expires after
``API_TOKEN_MAX_AGE`` seconds; changing the secret key revokes every token.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from typing import Any

from flask import current_app, g, jsonify, request
from flask.typing import ResponseReturnValue
from itsdangerous import BadData, SignatureExpired, URLSafeTimedSerializer

from pizza.domain.signup import MAX_PASSWORD
from webapp.api.errors import ApiError
from webapp.api.inputs import json_object, text_fields
from webapp.rate_limits import guarded
from webapp.services import shop

SALT = "pizza-api-token"
REALM = 'Bearer realm="pizza"'
MAX_EMAIL = 254
WHERE_TO_GET_ONE = "get one from POST /api/tokens"


@guarded
def create_token() -> ResponseReturnValue:
    """201 with a bearer token for the customer whose ``email`` and ``password``
    the JSON body holds; 401 if they do not match a customer, 400 if either is
    missing or not text, 415 if the body is not JSON."""
    body = json_object(allowed={"email", "password"})
    email, password = text_fields(body, {"email": MAX_EMAIL, "password": MAX_PASSWORD})
    customer_id = shop().accounts.authenticate(email, password)
    if customer_id is None:
        raise unauthorized("Wrong email or password.")
    response = jsonify(
        token=serializer().dumps(str(customer_id)),
        token_type="Bearer",  # noqa: S106 - the scheme's name, not a secret
        expires_in=max_age(),
    )
    response.headers["Cache-Control"] = "no-store"
    return response, 201


def authenticate_except(
    public_views: Collection[Callable[..., Any]],
) -> Callable[[], None]:
    """A ``before_request`` hook: every view but ``public_views`` needs a
    bearer token of an existing customer, who is then ``current_customer()``."""

    def authenticate() -> None:
        view = current_app.view_functions.get(request.endpoint or "")
        if view in public_views:
            return
        customer = shop().accounts.get_customer(customer_id_in(bearer_token()))
        if customer is None:
            raise unauthorized("The token's customer does not exist.", "invalid_token")
        g.api_customer = customer

    return authenticate


def current_customer() -> dict[str, Any]:
    """The profile of the customer whose token came with this request."""
    customer: dict[str, Any] = g.api_customer
    return customer


def bearer_token() -> str:
    """The token in ``Authorization: Bearer <token>``; 401 if there is none."""
    header = request.headers.get("Authorization")
    if header is None:
        raise unauthorized(f"This needs a bearer token: {WHERE_TO_GET_ONE}.")
    scheme, _, token = header.strip().partition(" ")
    token = token.strip()
    if scheme.lower() != "bearer" or not token or " " in token:
        message = "The Authorization header must be 'Bearer <token>'."
        raise unauthorized(message, "invalid_token")
    return token


def customer_id_in(token: str) -> str:
    """The customer id the token was issued for; 401 if it has expired or was
    not issued by this shop."""
    try:
        customer_id = serializer().loads(token, max_age=max_age())
    except SignatureExpired:
        message = f"The bearer token has expired: {WHERE_TO_GET_ONE}."
        raise unauthorized(message, "invalid_token") from None
    except BadData:
        message = f"The bearer token is not valid: {WHERE_TO_GET_ONE}."
        raise unauthorized(message, "invalid_token") from None
    return str(customer_id)


def unauthorized(message: str, error_code: str | None = None) -> ApiError:
    """A 401 with the challenge RFC 6750 asks for (no error code when the
    request carried no token at all)."""
    challenge = f'{REALM}, error="{error_code}"' if error_code else REALM
    return ApiError(401, message, headers={"WWW-Authenticate": challenge})


def serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=SALT)


def max_age() -> int:
    return int(current_app.config["API_TOKEN_MAX_AGE"])
