"""Sign up, log in, log out."""

from __future__ import annotations

from uuid import UUID

import pytest
from eventsourcing.system import SingleThreadedRunner
from flask import Flask
from flask.testing import FlaskClient

from pizza.settings import Settings
from tests.web.conftest import MEMORY_ENV, PASSWORD, Auth, signup_form
from tests.web.pages import (
    attribute,
    attributes,
    csrf_token,
    select_text,
    text_at,
    text_of,
)
from webapp import create_app

FIELDS = ["name", "email", "password", "confirm", "address", "phone"]


def test_signup_page_has_labelled_fields(client: FlaskClient) -> None:
    page = client.get("/signup").get_data(as_text=True)

    assert attributes(page, "main form label", "for") == FIELDS
    assert attributes(page, "main form input:not([type=hidden])", "id") == FIELDS
    assert select_text(page, "main form label") == [
        "Name",
        "Email",
        "Password",
        "Repeat password",
        "Delivery address",
        "Phone",
    ]


def test_new_customer_is_signed_in_and_sees_the_menu(
    client: FlaskClient, auth: Auth
) -> None:
    auth.signup(name="Ann")

    page = client.get("/menu").get_data(as_text=True)

    assert text_at(page, ".site-header .who") == "Ann"
    assert text_at(page, '.site-header form[action="/logout"] button') == "Log out"


PHONE_RULE = "Needs at least 5 digits; spaces and + - ( ) . / may separate them"


def test_signup_errors_are_shown_on_the_form_all_at_once(client: FlaskClient) -> None:
    response = client.post(
        "/signup",
        data=signup_form(
            name="",
            email="not-an-email",
            password="short",
            confirm="other",
            address="",
            phone="call me",
        ),
    )

    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert {field: field_errors(page, field) for field in FIELDS} == {
        "name": ["This field is required."],
        "email": ["Invalid email address."],
        "password": ["Field must be between 8 and 200 characters long."],
        "confirm": ["The passwords differ."],
        "address": ["This field is required."],
        "phone": [PHONE_RULE],
    }
    assert attribute(page, "input#email", "value") == "not-an-email"


def field_errors(page: str, field: str) -> list[str]:
    """The errors shown under the form's field ``field``."""
    return select_text(page, f"#{field}-errors li")


@pytest.mark.parametrize("phone", ["call me", "555", "+1 (2) 3-4", "12 34"])
def test_a_bad_phone_number_is_refused_saying_the_rule(
    client: FlaskClient, phone: str
) -> None:
    response = client.post("/signup", data=signup_form(phone=phone))

    assert response.status_code == 400
    assert field_errors(response.get_data(as_text=True), "phone") == [PHONE_RULE]


def test_the_rules_are_said_before_anything_is_typed(client: FlaskClient) -> None:
    page = client.get("/signup").get_data(as_text=True)

    assert text_at(page, "#password-hint") == "At least 8 characters."
    assert text_at(page, "#phone-hint").startswith("At least 5 digits")
    assert attribute(page, "input#password", "aria-describedby") == "password-hint"


def test_text_no_one_types_is_refused_naming_the_field(client: FlaskClient) -> None:
    response = client.post("/signup", data=signup_form(name="Ann\x1b[31m"))

    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert field_errors(page, "name") == ["Holds a control character (U+001B)"]


def test_email_is_unique_whatever_its_case(client: FlaskClient, auth: Auth) -> None:
    auth.signup(email="ann@example.com")
    auth.logout()

    response = client.post(
        "/signup",
        data=signup_form(name="Other Ann", email="ANN@Example.com"),
    )

    assert response.status_code == 400
    [error] = field_errors(response.get_data(as_text=True), "email")
    assert error.startswith("Is already registered")


def test_login_with_any_letter_case_of_the_email(
    client: FlaskClient, auth: Auth
) -> None:
    email = auth.signup(email="bob@example.com")
    auth.logout()

    auth.login(email.upper())

    assert client.get("/orders").status_code == 200


def test_wrong_password_is_refused(client: FlaskClient, auth: Auth) -> None:
    email = auth.signup()
    auth.logout()

    response = client.post("/login", data={"email": email, "password": "wrong pass"})

    assert response.status_code == 400
    assert field_errors(response.get_data(as_text=True), "email") == [
        "Wrong email or password."
    ]
    assert client.get("/orders").status_code == 302


def test_login_renews_the_session(client: FlaskClient, auth: Auth) -> None:
    email = auth.signup()
    auth.logout()
    with client.session_transaction() as session:
        session["planted"] = "by someone else"

    auth.login(email)

    with client.session_transaction() as session:
        assert "planted" not in session


def test_login_goes_back_only_to_paths_on_this_site(
    client: FlaskClient, auth: Auth
) -> None:
    email = auth.signup()
    auth.logout()

    credentials = {"email": email, "password": PASSWORD}
    here = client.post("/login?next=/orders", data=credentials)
    auth.logout()
    away = client.post("/login?next=https://evil.example/", data=credentials)

    assert here.headers["Location"] == "/orders"
    assert away.headers["Location"] == "/menu"


def test_session_cookie_is_httponly_and_samesite_lax(
    client: FlaskClient, auth: Auth
) -> None:
    email = auth.signup()
    auth.logout()

    response = client.post("/login", data={"email": email, "password": PASSWORD})

    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie


def test_over_https_cookies_are_secure_and_plain_http_is_redirected(
    runner: SingleThreadedRunner[UUID],
) -> None:
    settings = Settings.from_environ({**MEMORY_ENV, "PIZZA_HTTPS": "on"})
    config = {"SECRET_KEY": "test", "WTF_CSRF_ENABLED": False}
    app = create_app(config, settings=settings, runner=runner)
    client = app.test_client()
    plain = client.get("/menu")
    client.environ_base["HTTP_X_FORWARDED_PROTO"] = "https"  # as from a proxy
    Auth(client).signup()

    cookie = client.get_cookie("session")

    assert plain.status_code == 302
    assert plain.headers["Location"].startswith("https://")
    assert cookie is not None
    assert cookie.secure
    assert client.get("/menu").headers["Strict-Transport-Security"]


def test_anonymous_visitors_are_sent_to_log_in(client: FlaskClient) -> None:
    response = client.get("/orders")

    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login?next=")


def test_logout_ends_the_session(client: FlaskClient, auth: Auth) -> None:
    auth.signup()

    auth.logout()

    assert client.get("/orders").status_code == 302


def test_a_copied_cookie_stops_working_once_its_session_ends(
    app: Flask, client: FlaskClient, auth: Auth
) -> None:
    auth.signup()
    copied = client.get_cookie("session")
    assert copied is not None
    thief = app.test_client()
    thief.set_cookie("session", copied.value)
    before = thief.get("/orders").status_code

    auth.logout()

    assert before == 200
    assert thief.get("/orders").status_code == 302


def test_logging_out_everywhere_ends_every_browser_and_token(
    app: Flask, client: FlaskClient, auth: Auth
) -> None:
    email = auth.signup()
    other_browser = app.test_client()
    Auth(other_browser).login(email)
    body = {"email": email, "password": PASSWORD}
    token = other_browser.post("/api/tokens", json=body).get_json()["token"]
    bearer = {"Authorization": f"Bearer {token}"}
    assert other_browser.get("/api/orders", headers=bearer).status_code == 200

    response = client.post("/logout/everywhere")

    assert response.status_code == 302
    assert other_browser.get("/orders").status_code == 302
    assert other_browser.get("/api/orders", headers=bearer).status_code == 401
    assert client.get("/orders").status_code == 302


def test_forms_without_a_csrf_token_are_refused(csrf_app: Flask) -> None:
    client = csrf_app.test_client()

    response = client.post(
        "/signup",
        data=signup_form(),
    )

    assert response.status_code == 400
    assert "did not come from this site" in text_of(response.get_data(as_text=True))


def test_forms_with_the_csrf_token_are_accepted(csrf_app: Flask) -> None:
    client = csrf_app.test_client()
    token = csrf_token(client.get("/signup").get_data(as_text=True))

    response = client.post(
        "/signup",
        data=signup_form(csrf_token=token),
    )

    assert response.status_code == 302


def test_hostile_names_are_escaped(client: FlaskClient, auth: Auth) -> None:
    auth.signup(name="<script>alert(1)</script>")

    page = client.get("/menu").get_data(as_text=True)

    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


@pytest.mark.parametrize("path", ["/menu", "/signup", "/api/menu", "/no-such-page"])
def test_every_answer_carries_the_security_headers(
    client: FlaskClient, path: str
) -> None:
    headers = client.get(path).headers

    policy = dict(
        directive.strip().split(" ", 1)
        for directive in headers["Content-Security-Policy"].split(";")
    )
    assert policy["default-src"] == "'self'"
    assert policy["script-src"] == "'self'"
    assert policy["frame-ancestors"] == "'none'"
    assert "unsafe" not in headers["Content-Security-Policy"]
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    assert "camera=()" in headers["Permissions-Policy"]
