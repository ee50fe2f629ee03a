"""Fixtures for the web tests: an app over an in-memory system, a client, and
a helper that signs customers up."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from uuid import UUID, uuid4

import pytest
from eventsourcing.system import Runner, SingleThreadedRunner
from flask import Flask
from flask.testing import FlaskClient

from pizza.settings import Settings
from pizza.system import PizzaSystem
from webapp import create_app

MEMORY_ENV = {
    "PERSISTENCE_MODULE": "eventsourcing.popo",
    "PASSWORD_HASHING": "CHEAPEST",
}
PASSWORD = "correct horse"


@pytest.fixture
def runner() -> Iterator[SingleThreadedRunner[UUID]]:
    runner = SingleThreadedRunner[UUID](PizzaSystem(), env=MEMORY_ENV)
    runner.start()
    yield runner
    runner.stop()


def make_app(runner: Runner[UUID], **config: object) -> Flask:
    """The shop over ``runner``, with Flask's ``config`` over the test defaults."""
    settings = Settings.from_environ(MEMORY_ENV)
    test_config = {"TESTING": True, "SECRET_KEY": "test", **config}
    return create_app(test_config, settings=settings, runner=runner)


@pytest.fixture
def app(runner: SingleThreadedRunner[UUID]) -> Flask:
    """The shop with CSRF checks off, so tests can post forms directly."""
    return make_app(runner, WTF_CSRF_ENABLED=False)


@pytest.fixture
def csrf_app(runner: SingleThreadedRunner[UUID]) -> Flask:
    """The shop as it runs for real, CSRF checks on."""
    return make_app(runner)


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


def signup_form(**changes: str) -> dict[str, str]:
    """A complete sign-up form, with ``changes``; ``confirm`` follows ``password``."""
    form = {
        "name": "Ann",
        "email": "ann@example.com",
        "password": PASSWORD,
        "address": "1 Main St",
        "phone": "+44 20 7946 0000",
        **changes,
    }
    return {"confirm": form["password"], **form}


@dataclass
class Auth:
    """Signs customers up and in through the real forms."""

    client: FlaskClient

    def signup(
        self, name: str = "Ann", email: str = "", password: str = PASSWORD
    ) -> str:
        email = email or f"{uuid4().hex[:8]}@example.com"
        response = self.client.post(
            "/signup", data=signup_form(name=name, email=email, password=password)
        )
        assert response.status_code == 302, response.get_data(as_text=True)
        return email

    def login(self, email: str, password: str = PASSWORD) -> None:
        response = self.client.post(
            "/login", data={"email": email, "password": password}
        )
        assert response.status_code == 302, response.get_data(as_text=True)

    def logout(self) -> None:
        self.client.post("/logout")


@pytest.fixture
def auth(client: FlaskClient) -> Auth:
    return Auth(client)
