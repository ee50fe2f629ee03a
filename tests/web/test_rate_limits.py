"""Guessing passwords is slowed down: per account and per client address, on
the login form, the API's tokens and the sign-up form."""

from __future__ import annotations

from uuid import UUID

from eventsourcing.system import SingleThreadedRunner
from flask import Flask

from tests.web.conftest import Auth, make_app, signup_form
from tests.web.pages import text_of


def limited_app(runner: SingleThreadedRunner[UUID]) -> Flask:
    return make_app(
        runner,
        WTF_CSRF_ENABLED=False,
        RATE_LIMIT_PER_ACCOUNT="3 per minute",
        RATE_LIMIT_PER_ADDRESS="6 per minute",
    )


def test_wrong_passwords_for_one_account_are_refused_after_a_few(
    runner: SingleThreadedRunner[UUID],
) -> None:
    client = limited_app(runner).test_client()
    email = Auth(client).signup()
    Auth(client).logout()
    wrong = {"email": email, "password": "not the password"}

    tries = [client.post("/login", data=wrong) for _ in range(4)]

    assert [t.status_code for t in tries] == [400, 400, 400, 429]
    assert int(tries[-1].headers["Retry-After"]) > 0
    assert "Too many tries. Please wait a little" in text_of(
        tries[-1].get_data(as_text=True)
    )
    right = client.post("/login", data={"email": email, "password": "correct horse"})
    assert right.status_code == 429  # the account waits, whoever knows its password


def test_one_address_trying_many_accounts_is_refused_after_a_few(
    runner: SingleThreadedRunner[UUID],
) -> None:
    client = limited_app(runner).test_client()

    tries = [
        client.post("/login", data={"email": f"{n}@example.com", "password": "x"})
        for n in range(7)
    ]

    assert [t.status_code for t in tries] == [400] * 6 + [429]


def test_the_api_and_sign_up_are_limited_too(
    runner: SingleThreadedRunner[UUID],
) -> None:
    client = limited_app(runner).test_client()
    body = {"email": "ann@example.com", "password": "wrong password"}

    tokens = [client.post("/api/tokens", json=body) for _ in range(4)]
    signups = [
        client.post("/signup", data=signup_form(email="bob@example.com", phone="x"))
        for _ in range(4)
    ]

    assert [t.status_code for t in tokens] == [401, 401, 401, 429]
    assert tokens[-1].get_json()["error"].startswith("Too many tries")
    assert tokens[-1].headers["Retry-After"]
    assert [s.status_code for s in signups] == [400, 400, 400, 429]


def test_looking_at_the_forms_costs_no_try(runner: SingleThreadedRunner[UUID]) -> None:
    client = limited_app(runner).test_client()

    pages = [client.get("/login").status_code for _ in range(10)]

    assert pages == [200] * 10
