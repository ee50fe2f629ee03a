"""The customer's account page, and choosing a new password by email."""

from __future__ import annotations

import re
from collections.abc import Iterator
from email.message import Message
from uuid import UUID

import pytest
from eventsourcing.system import SingleThreadedRunner
from flask import Flask
from flask.testing import FlaskClient

from pizza.settings import Settings
from tests.support.smtp import Inbox, smtp_server
from tests.web.conftest import MEMORY_ENV, PASSWORD, Auth
from tests.web.helpers import order_pizzas
from tests.web.pages import select_text, text_at
from webapp import create_app

NEW_PASSWORD = "a new horse battery"


@pytest.fixture
def inbox() -> Iterator[Inbox]:
    with smtp_server() as server:
        yield server


@pytest.fixture
def mail_app(runner: SingleThreadedRunner[UUID], inbox: Inbox) -> Flask:
    settings = Settings.from_environ({**MEMORY_ENV, **inbox.settings()})
    config = {"TESTING": True, "SECRET_KEY": "test", "WTF_CSRF_ENABLED": False}
    return create_app(config, settings=settings, runner=runner)


def link_in(mail: Message) -> str:
    """The path of the reset link in the email."""
    payload = mail.get_payload(decode=True)
    assert isinstance(payload, bytes)
    found = re.search(r"https?://[^/\s]+(/reset/\S+)", payload.decode())
    assert found is not None, payload
    return found.group(1)


def new_password(client: FlaskClient, path: str, password: str) -> int:
    form = {"password": password, "confirm": password}
    return client.post(path, data=form).status_code


def field_errors(page: str, field: str) -> list[str]:
    return select_text(page, f"#{field}-errors li")


def test_a_customer_changes_their_details(client: FlaskClient, auth: Auth) -> None:
    auth.signup()

    refused = client.post(
        "/account/details", data={"name": "Ann B", "address": "2 High St", "phone": "x"}
    )
    saved = client.post(
        "/account/details",
        data={"name": "Ann B", "address": "2 High St", "phone": "+44 20 7946 0001"},
    )
    page = client.get("/account").get_data(as_text=True)

    assert refused.status_code == 400
    assert field_errors(refused.get_data(as_text=True), "phone")
    assert saved.status_code == 302
    assert text_at(page, ".site-header .who") == "Ann B"
    assert 'value="2 High St"' in page


def test_a_new_password_needs_the_old_and_ends_the_other_sessions(
    app: Flask, client: FlaskClient, auth: Auth
) -> None:
    email = auth.signup()
    elsewhere = app.test_client()
    Auth(elsewhere).login(email)
    form = {"password": NEW_PASSWORD, "confirm": NEW_PASSWORD}

    wrong = client.post("/account/password", data={**form, "old_password": "guess"})
    right = client.post("/account/password", data={**form, "old_password": PASSWORD})

    assert wrong.status_code == 400
    assert field_errors(wrong.get_data(as_text=True), "old_password") == [
        "Is not your password"
    ]
    assert right.status_code == 302
    assert client.get("/orders").status_code == 200
    assert elsewhere.get("/orders").status_code == 302
    auth.logout()
    assert (
        client.post("/login", data={"email": email, "password": PASSWORD}).status_code
        == 400
    )
    Auth(client).login(email, NEW_PASSWORD)


def test_a_reset_link_by_email_sets_a_new_password_once(
    mail_app: Flask, inbox: Inbox
) -> None:
    client = mail_app.test_client()
    email = Auth(client).signup()
    Auth(client).logout()

    asked = client.post("/reset", data={"email": email})
    [mail] = inbox.wait_for(1)
    path = link_in(mail)
    form_page = client.get(path).status_code
    chosen = new_password(client, path, NEW_PASSWORD)
    again = client.post(path, data={"password": "another!1", "confirm": "another!1"})

    assert asked.status_code == 302
    assert mail["To"] == email
    assert mail["Subject"] == "Choose a new password"
    assert form_page == 200
    assert chosen == 302
    assert again.status_code == 400
    assert "has been used" in again.get_data(as_text=True)
    Auth(client).login(email, NEW_PASSWORD)


def test_asking_for_an_unknown_email_answers_alike_and_sends_nothing(
    mail_app: Flask, inbox: Inbox
) -> None:
    client = mail_app.test_client()
    known = Auth(client).signup()
    Auth(client).logout()
    client.get("/login")  # shows "You are logged out", which is then gone

    unknown = client.post("/reset", data={"email": "nobody@example.com"})
    first = client.get("/login").get_data(as_text=True)
    existing = client.post("/reset", data={"email": known})
    second = client.get("/login").get_data(as_text=True)
    inbox.wait_for(1)

    assert (unknown.status_code, unknown.headers["Location"]) == (
        existing.status_code,
        existing.headers["Location"],
    )
    assert select_text(first, ".flash") == select_text(second, ".flash")
    assert [m["To"] for m in inbox.messages] == [known]


def test_an_expired_reset_link_is_refused(
    runner: SingleThreadedRunner[UUID], inbox: Inbox
) -> None:
    settings = Settings.from_environ({**MEMORY_ENV, **inbox.settings()})
    config = {"SECRET_KEY": "test", "WTF_CSRF_ENABLED": False, "RESET_LINK_SECONDS": 0}
    client = create_app(config, settings=settings, runner=runner).test_client()
    email = Auth(client).signup()
    client.post("/reset", data={"email": email})
    [mail] = inbox.wait_for(1)

    assert new_password(client, link_in(mail), NEW_PASSWORD) == 400


def test_a_customer_deletes_their_account_and_is_forgotten(
    client: FlaskClient, auth: Auth
) -> None:
    email = auth.signup()
    order_pizzas(client, address="221B Baker Street")

    refused = client.post("/account/forget", data={"password": "a guess"})
    deleted = client.post("/account/forget", data={"password": PASSWORD})
    login = client.post("/login", data={"email": email, "password": PASSWORD})

    assert refused.status_code == 400
    assert field_errors(refused.get_data(as_text=True), "password") == [
        "This is not your password."
    ]
    assert deleted.status_code == 302
    assert login.status_code == 400
    assert client.get("/orders").status_code == 302
