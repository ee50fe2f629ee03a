"""Tokens and bearer authentication in the JSON API. Every response here is
also checked against the OpenAPI document by ``Api`` (see api_helpers)."""

from __future__ import annotations

from typing import Any
from uuid import UUID, uuid4

import pytest
from eventsourcing.system import SingleThreadedRunner
from flask.testing import FlaskClient
from itsdangerous import URLSafeTimedSerializer

from tests.web.api_helpers import Api, Customer, error_of, register

# The api and ann fixtures; pytest finds them by their names once imported.
from tests.web.api_helpers import ann_fixture as ann_fixture
from tests.web.api_helpers import api_fixture as api_fixture
from tests.web.conftest import Auth, make_app

ORDER_ROUTES = [
    ("GET", "/api/orders"),
    ("POST", "/api/orders"),
    ("GET", "/api/orders/{id}"),
    ("GET", "/api/orders/{id}/history"),
]


# Tokens


def test_a_token_for_the_right_email_and_password(api: Api) -> None:
    email = f"{uuid4().hex[:8]}@example.com"
    register(api.app, email)

    response = api.post(
        "/api/tokens", {"email": email.upper(), "password": "correct horse"}
    )

    body = response.get_json()
    assert response.status_code == 201
    assert body["token_type"] == "Bearer"
    assert body["expires_in"] == api.app.config["API_TOKEN_MAX_AGE"]
    assert response.headers["Cache-Control"] == "no-store"
    assert api.get("/api/orders", body["token"]).status_code == 200


@pytest.mark.parametrize(
    ("email", "password"),
    [("ann@example.com", "wrong password"), ("nobody@example.com", "correct horse")],
)
def test_wrong_email_or_password_is_401(api: Api, email: str, password: str) -> None:
    register(api.app, "ann@example.com")

    response = api.post("/api/tokens", {"email": email, "password": password})

    assert error_of(response) == (401, "Wrong email or password.", {})
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


@pytest.mark.parametrize(
    ("body", "fields"),
    [
        ({}, {"email": "is required", "password": "is required"}),
        (
            {"email": "a@example.com", "password": 12345678},
            {"password": "must be text"},
        ),
        (
            {"email": "", "password": "x" * 201},
            {"email": "is empty", "password": "is longer than 200 characters"},
        ),
        (
            {"email": "a@example.com", "password": "x", "otp": 1},
            {"otp": "is not a field of this request"},
        ),
    ],
)
def test_token_requests_of_the_wrong_shape_are_400(
    api: Api, body: dict[str, Any], fields: dict[str, str]
) -> None:
    response = api.post("/api/tokens", body)

    assert response.status_code == 400
    assert response.get_json()["fields"] == fields


# Bearer authentication


@pytest.mark.parametrize(("method", "path"), ORDER_ROUTES)
def test_order_routes_need_a_token(api: Api, method: str, path: str) -> None:
    response = api.send(method, path.format(id=uuid4()), None, json={})

    status, error, _ = error_of(response)
    assert (status, response.headers["WWW-Authenticate"]) == (
        401,
        'Bearer realm="pizza"',
    )
    assert "needs a bearer token" in error


def test_a_signed_in_browser_session_is_not_a_token(
    client: FlaskClient, auth: Auth
) -> None:
    auth.signup()

    response = client.get("/api/orders")

    assert response.status_code == 401
    assert response.get_json()["error"].startswith("This needs a bearer token")


@pytest.mark.parametrize(
    ("authorization", "problem"),
    [
        ("Basic YW5uOnNlY3JldA==", "must be 'Bearer <token>'"),
        ("Bearer", "must be 'Bearer <token>'"),
        ("Bearer one two", "must be 'Bearer <token>'"),
        ("Bearer not-a-token", "is not valid"),
    ],
)
def test_malformed_or_forged_tokens_are_401(
    api: Api, authorization: str, problem: str
) -> None:
    response = api.client.get("/api/orders", headers={"Authorization": authorization})
    api.check_documented("GET", "/api/orders", response)

    assert response.status_code == 401
    assert problem in response.get_json()["error"]
    assert response.headers["WWW-Authenticate"] == (
        'Bearer realm="pizza", error="invalid_token"'
    )


def test_a_token_signed_with_another_key_is_401(
    api: Api, ann: Customer, runner: SingleThreadedRunner[UUID]
) -> None:
    other_shop = make_app(runner, SECRET_KEY="another key")

    response = other_shop.test_client().get(
        "/api/orders", headers={"Authorization": f"Bearer {ann.token}"}
    )

    assert response.status_code == 401
    assert "is not valid" in response.get_json()["error"]


def test_an_expired_token_is_401(
    api: Api, ann: Customer, runner: SingleThreadedRunner[UUID]
) -> None:
    strict_shop = make_app(runner, API_TOKEN_MAX_AGE=-1)

    response = strict_shop.test_client().get(
        "/api/orders", headers={"Authorization": f"Bearer {ann.token}"}
    )

    assert response.status_code == 401
    assert "expired" in response.get_json()["error"]
    assert 'error="invalid_token"' in response.headers["WWW-Authenticate"]


@pytest.mark.parametrize(
    "payload",
    [[str(uuid4()), "no-such-token"], str(uuid4()), {"customer": "x"}],
)
def test_a_signed_token_for_no_live_session_is_401(api: Api, payload: object) -> None:
    signer = URLSafeTimedSerializer("test", salt="pizza-api-token")
    token = str(signer.dumps(payload))

    response = api.get("/api/orders", token)

    status, error, _ = error_of(response)
    assert status == 401
    assert error.startswith(
        ("The bearer token has been revoked", "The bearer token is not valid")
    )


def test_tokens_can_be_listed_and_revoked(api: Api, ann: Customer) -> None:
    second = api.post(
        "/api/tokens", {"email": ann.email, "password": "correct horse"}
    ).get_json()

    listed = api.get("/api/tokens", ann.token).get_json()["tokens"]
    revoked = api.send("DELETE", f"/api/tokens/{second['id']}", ann.token)
    refused = api.get("/api/orders", second["token"])
    again = api.send("DELETE", f"/api/tokens/{second['id']}", ann.token)
    still = api.get("/api/orders", ann.token)

    assert [t["current"] for t in listed] == [True, False]
    assert listed[1]["id"] == second["id"]
    assert revoked.status_code == 204
    assert refused.status_code == 401
    assert "revoked" in refused.get_json()["error"]
    assert again.status_code == 404
    assert still.status_code == 200
