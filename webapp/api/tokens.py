"""Bearer tokens: issued for an email and password, checked on each API request.

A token is the customer's id, signed and timestamped by itsdangerous with the
app's secret key (salted apart from session cookies). It expires after
``API_TOKEN_MAX_AGE`` seconds; changing the secret key revokes every token.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from datetime import timedelta
from typing import Any
from uuid import UUID

from flask import Response, current_app, g, request
from itsdangerous import BadData, SignatureExpired, URLSafeTimedSerializer

from webapp.api.answers import Token, TokenInfo, TokenList, json_of
from webapp.api.errors import ApiError
from webapp.api.inputs import TokenPath, TokenRequest
from webapp.rate_limits import guarded
from webapp.services import shop

SALT = "pizza-api-token"
REALM = 'Bearer realm="pizza"'
WHERE_TO_GET_ONE = "get one from POST /api/tokens"


@guarded
def create_token(body: TokenRequest) -> Response:
    """A bearer token for your email and password.

    201 with the token; 401 if they do not match a customer, 400 if either is
    missing or not text, 415 if the body is not JSON, 429 after too many
    tries."""
    customer_id = shop().accounts.authenticate(body.email, body.password)
    if customer_id is None:
        raise unauthorized("Wrong email or password.")
    lifetime = timedelta(seconds=max_age())
    token_id = shop().accounts.start_session(customer_id, "api", lifetime)
    response = json_of(
        Token(
            id=token_id,
            token=serializer().dumps([str(customer_id), token_id]),
            token_type="Bearer",  # noqa: S106 - the scheme's name, not a secret
            expires_in=max_age(),
        ),
        201,
    )
    response.headers["Cache-Control"] = "no-store"
    return response


def authenticate_except(public_endpoints: Collection[str]) -> Callable[[], None]:
    """A ``before_request`` hook: every endpoint but ``public_endpoints`` needs
    a bearer token of an existing customer, who is then ``current_customer()``."""

    def authenticate() -> None:
        if request.endpoint in public_endpoints:
            return
        customer_id, token_id = session_in(bearer_token())
        customer = shop().accounts.get_signed_in(customer_id, token_id)
        if customer is None:
            message = f"The bearer token has been revoked: {WHERE_TO_GET_ONE}."
            raise unauthorized(message, "invalid_token")
        g.api_customer = customer
        g.api_token_id = token_id

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


def session_in(token: str) -> tuple[UUID, str]:
    """The customer id and token id the token was issued for; 401 if it has
    expired or was not issued by this shop."""
    try:
        payload = serializer().loads(token, max_age=max_age())
    except SignatureExpired:
        message = f"The bearer token has expired: {WHERE_TO_GET_ONE}."
        raise unauthorized(message, "invalid_token") from None
    except BadData:
        payload = None
    try:
        customer_id, token_id = payload
        return UUID(str(customer_id)), str(token_id)
    except (TypeError, ValueError):
        message = f"The bearer token is not valid: {WHERE_TO_GET_ONE}."
        raise unauthorized(message, "invalid_token") from None


def list_tokens() -> Response:
    """Your live API tokens, oldest first.

    Their ids and times, never the tokens themselves; the one this request
    came with says ``current``."""
    sessions = shop().accounts.list_sessions(UUID(current_customer()["id"]), "api")
    return json_of(TokenList(tokens=[token_info(session) for session in sessions]))


def revoke_token(path: TokenPath) -> Response:
    """Revokes a token: from now on it is refused everywhere.

    204; 404 if you have no such live token."""
    customer_id = UUID(current_customer()["id"])
    live = shop().accounts.list_sessions(customer_id, "api")
    if path.token_id not in {session["id"] for session in live}:
        raise ApiError(404, "There is no such token.")
    shop().accounts.end_session(customer_id, path.token_id)
    return Response(status=204)


def token_info(session: dict[str, Any]) -> TokenInfo:
    return TokenInfo(
        id=session["id"],
        created_at=session["started_at"],
        expires_at=session["expires_at"],
        current=session["id"] == g.api_token_id,
    )


def unauthorized(message: str, error_code: str | None = None) -> ApiError:
    """A 401 with the challenge RFC 6750 asks for (no error code when the
    request carried no token at all)."""
    challenge = f'{REALM}, error="{error_code}"' if error_code else REALM
    return ApiError(401, message, headers={"WWW-Authenticate": challenge})


def serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=SALT)


def max_age() -> int:
    return int(current_app.config["API_TOKEN_MAX_AGE"])
