"""Customers and staff sign up and sign in."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from datetime import timedelta
from uuid import UUID

import pytest

from pizza.accounts import Accounts
from pizza.domain.signup import EmailTakenError, SignupError
from tests.unit.helpers import POPO_ENV

PASSWORD = "correct horse"


@pytest.fixture
def accounts() -> Iterator[Accounts]:
    with Accounts(env={**POPO_ENV, "PASSWORD_HASHING": "CHEAPEST"}) as accounts:
        yield accounts


def register(accounts: Accounts, email: str, **changes: object) -> object:
    details: dict[str, object] = {
        "name": "Ann",
        "email": email,
        "password": PASSWORD,
        "address": "1 Main St",
        "phone": "+44 20 7946 0000",
        **changes,
    }
    return accounts.register(**details)  # type: ignore[arg-type]


def test_a_customer_signs_in_with_their_password_only(accounts: Accounts) -> None:
    customer_id = register(accounts, "ann@example.com")

    assert accounts.authenticate("ann@example.com", PASSWORD) == customer_id
    assert accounts.authenticate("ann@example.com", "not the password") is None
    assert accounts.authenticate("bob@example.com", PASSWORD) is None
    assert accounts.authenticate("not an email", PASSWORD) is None


def test_the_password_is_stored_only_as_a_slow_hash(accounts: Accounts) -> None:
    customer_id = register(accounts, "ann@example.com")

    (registered,) = accounts.events.get(customer_id)

    assert PASSWORD not in str(vars(registered))
    assert registered.password_hash.startswith("$argon2id$")  # type: ignore[attr-defined]


def test_an_email_is_taken_whatever_its_letter_case(accounts: Accounts) -> None:
    register(accounts, "ann@example.com")

    with pytest.raises(EmailTakenError, match="already registered"):
        register(accounts, "ANN@Example.COM", name="Other Ann")


def test_an_email_signs_in_in_any_unicode_normal_form(accounts: Accounts) -> None:
    composed = unicodedata.normalize("NFC", "ánn@example.com")
    decomposed = unicodedata.normalize("NFD", composed)
    customer_id = register(accounts, composed)

    assert accounts.authenticate(decomposed, PASSWORD) == customer_id


def test_every_bad_field_is_named(accounts: Accounts) -> None:
    with pytest.raises(SignupError) as refused:
        register(accounts, "nope", name=" ", password="short", address="", phone="x")

    assert set(refused.value.fields) == {
        "name",
        "email",
        "password",
        "address",
        "phone",
    }


def test_text_no_one_types_is_refused_and_stored_in_normal_form(
    accounts: Accounts,
) -> None:
    with pytest.raises(SignupError) as refused:
        register(accounts, "ann@example.com", name="Ann\x00", address="\ud800")
    assert refused.value.fields == {
        "name": "holds a control character (U+0000)",
        "address": "holds an unpaired surrogate, which is not valid Unicode",
    }
    decomposed = unicodedata.normalize("NFD", "Zoë")

    customer_id = register(accounts, "zoe@example.com", name=decomposed)

    customer = accounts.get_customer(str(customer_id))
    assert customer is not None
    assert customer["name"] == unicodedata.normalize("NFC", "Zoë")
    assert accounts.authenticate("zoe@example.com", "\ud800" * 8) is None


def test_staff_need_no_address_and_can_be_granted(accounts: Accounts) -> None:
    staff_id = accounts.register("Sam", "sam@example.com", PASSWORD, "", "", staff=True)
    register(accounts, "ann@example.com")

    granted = accounts.make_staff("ANN@example.com")

    sam, ann = accounts.get_customer(staff_id), accounts.get_customer(str(granted))
    assert sam is not None
    assert ann is not None
    assert (sam["is_staff"], ann["is_staff"]) == (True, True)
    assert accounts.make_staff("nobody@example.com") is None


def test_a_session_is_live_until_it_ends_or_expires(accounts: Accounts) -> None:
    customer_id = UUID(str(register(accounts, "ann@example.com")))
    browser = accounts.start_session(customer_id)
    token = accounts.start_session(customer_id, "api", timedelta(seconds=-1))
    other = accounts.start_session(customer_id, "api", timedelta(hours=1))

    signed_in = accounts.get_signed_in(customer_id, browser)
    expired = accounts.get_signed_in(customer_id, token)
    listed = [s["id"] for s in accounts.list_sessions(customer_id, "api")]
    accounts.end_session(customer_id, browser)
    accounts.end_session(customer_id, browser)  # again: harmless

    assert signed_in is not None
    assert signed_in["email"] == "ann@example.com"
    assert expired is None
    assert listed == [other]
    assert accounts.get_signed_in(customer_id, browser) is None
    assert accounts.get_signed_in(customer_id, other) is not None
    assert accounts.get_signed_in(customer_id, "made-up") is None


def test_signing_out_everywhere_ends_every_session(accounts: Accounts) -> None:
    customer_id = UUID(str(register(accounts, "ann@example.com")))
    sessions = [accounts.start_session(customer_id) for _ in range(3)]

    accounts.sign_out_everywhere(customer_id)

    assert [accounts.get_signed_in(customer_id, s) for s in sessions] == [None] * 3
