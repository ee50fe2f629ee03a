"""The ``Accounts`` application: customers sign up and sign in."""

from __future__ import annotations

import secrets
import threading
from collections.abc import Callable
from dataclasses import asdict
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID

from argon2 import PasswordHasher, profiles
from argon2.exceptions import InvalidHashError, VerificationError
from email_validator import EmailNotValidError, validate_email
from eventsourcing.application import AggregateNotFoundError, Application
from eventsourcing.persistence import IntegrityError

from pizza.domain.customer import Customer
from pizza.domain.signup import EmailTakenError, SignupError, signup_problems
from pizza.domain.text import normal_text, text_problem
from pizza.infrastructure.application import ShopApplication, decide_and_save

CONCURRENT_HASHES = 4
HASHING_PROFILES = {
    "RFC_9106_LOW_MEMORY": profiles.RFC_9106_LOW_MEMORY,
    "CHEAPEST": profiles.CHEAPEST,  # for tests only
}


class Accounts(ShopApplication, Application[UUID]):
    """Keeps customers as event-sourced aggregates, one per email address.

    The ``password_hashing`` setting (``PASSWORD_HASHING``) picks the argon2
    parameters; tests use ``CHEAPEST`` to stay fast.
    """

    name = "Accounts"
    # Every request checks its session on the customer: keep customers in
    # memory, and read only the events saved since (in any process).
    env = {  # noqa: RUF012 - the library's class attribute for default settings
        "AGGREGATE_CACHE_MAXSIZE": "10000",
        "AGGREGATE_CACHE_FASTFORWARD": "y",
    }

    def __init__(self, env: Any = None) -> None:
        super().__init__(env)
        profile = HASHING_PROFILES[self.settings.password_hashing]
        self.hasher = PasswordHasher.from_parameters(profile)
        # Each hash takes tens of MiB: a flood of logins must not take them all.
        self.hashing = threading.BoundedSemaphore(CONCURRENT_HASHES)
        self.unknown_user_hash = self.hasher.hash("no one has this password")

    def register(
        self,
        name: str,
        email: str,
        password: str,
        address: str,
        phone: str,
        *,
        staff: bool = False,
    ) -> UUID:
        """Signs a customer (or, with ``staff``, a member of staff) up; returns
        their id.

        Raises :class:`SignupError` naming every bad field, or
        :class:`EmailTakenError` when the address is registered already
        (in any letter case). Nothing is stored then.
        """
        problems = signup_problems(
            name, password, address, phone, for_delivery=not staff
        )
        normalised = normalise_email(email, problems)
        if problems:
            raise SignupError(problems)
        customer = Customer(
            name=normal_text(name.strip()),
            email=normalised,
            password_hash=self.hash(password),
            address=normal_text(address.strip()),
            phone=phone.strip(),
        )
        if staff:
            customer.make_staff()
        try:
            self.save(customer)
        except IntegrityError:
            raise EmailTakenError from None
        return customer.id

    def authenticate(self, email: str, password: str) -> UUID | None:
        """The customer's id if the password is theirs, else None (in about the
        same time whether or not the email is known)."""
        if text_problem(password, multiline=True):
            return None  # no one's password: it could not even be hashed
        customer = self.find_by_email(email)
        password_hash = customer.password_hash if customer else self.unknown_user_hash
        try:
            with self.hashing:
                self.hasher.verify(password_hash, password)
        except (VerificationError, InvalidHashError):
            return None
        return customer.id if customer else None

    def hash(self, password: str) -> str:
        with self.hashing:
            return self.hasher.hash(password)

    def get_customer(self, customer_id: UUID | str) -> dict[str, Any] | None:
        """The customer's profile as plain data, or None."""
        try:
            uuid = customer_id if isinstance(customer_id, UUID) else UUID(customer_id)
        except ValueError:
            return None
        customer = self.find(uuid)
        return None if customer is None else profile(customer)

    def get_signed_in(
        self, customer_id: UUID, session_id: str
    ) -> dict[str, Any] | None:
        """The customer's profile if the session is live, else None: asked on
        every request, so it reads the customer once (from memory, plus any
        events saved since, by any process)."""
        customer = self.find(customer_id)
        if customer is None or not customer.has_session(session_id, now()):
            return None
        return profile(customer)

    def make_staff(self, email: str) -> UUID | None:
        """Lets the account with this email work the kitchen; None if unknown."""
        customer = self.find_by_email(email)
        if customer is None:
            return None
        customer.make_staff()
        self.save(customer)
        return customer.id

    def start_session(
        self, customer_id: UUID, kind: str = "web", lifetime: timedelta | None = None
    ) -> str:
        """Starts a session (a signed-in browser, or an API token with a
        ``lifetime``) for the customer; returns its id, a secret."""
        session_id = secrets.token_urlsafe(24)
        expires_at = None if lifetime is None else now() + lifetime
        self.change(
            customer_id, lambda c: c.start_session(session_id, kind, expires_at)
        )
        return session_id

    def end_session(self, customer_id: UUID, session_id: str) -> None:
        """Ends the session (logs out a browser, revokes a token)."""
        self.change(customer_id, lambda customer: customer.end_session(session_id))

    def sign_out_everywhere(self, customer_id: UUID) -> None:
        """Ends every session of the customer, browsers and API tokens."""
        self.change(customer_id, lambda customer: customer.sign_out_everywhere())

    def list_sessions(self, customer_id: UUID, kind: str) -> list[dict[str, Any]]:
        """The customer's live sessions of ``kind``, oldest first."""
        customer = self.find(customer_id)
        if customer is None:
            return []
        return sorted(
            (
                {"id": session_id, **asdict(session)}
                for session_id, session in customer.sessions.items()
                if session.kind == kind and session.is_live(now())
            ),
            key=lambda session: session["started_at"],
        )

    def change(self, customer_id: UUID, decide: Callable[[Customer], object]) -> None:
        def load() -> Customer:
            customer = self.find(customer_id)
            if customer is None:
                raise UnknownCustomerError(customer_id)
            return customer

        decide_and_save(load, decide, self.save)

    def find_by_email(self, email: str) -> Customer | None:
        """The customer with this address, written as at sign-up or otherwise
        (any letter case, any Unicode normal form)."""
        problems: dict[str, str] = {}
        normalised = normalise_email(email, problems)
        return None if problems else self.find(Customer.id_for(normalised))

    def find(self, customer_id: UUID) -> Customer | None:
        try:
            customer: Customer = self.repository.get(customer_id)
        except AggregateNotFoundError:
            return None
        return customer


class UnknownCustomerError(LookupError):
    def __init__(self, customer_id: UUID) -> None:
        super().__init__(f"There is no customer {customer_id}.")


def profile(customer: Customer) -> dict[str, Any]:
    return {
        "id": str(customer.id),
        "name": customer.name,
        "email": customer.email,
        "address": customer.address,
        "phone": customer.phone,
        "is_staff": customer.is_staff,
    }


def now() -> datetime:
    return datetime.now(tz=UTC)


def normalise_email(email: object, problems: dict[str, str]) -> str:
    """The address in its normal form; adds to ``problems`` if it is not one."""
    if not isinstance(email, str) or not email.strip():
        problems["email"] = "is required"
        return ""
    try:
        return validate_email(email.strip(), check_deliverability=False).normalized
    except EmailNotValidError as error:
        problems["email"] = str(error)
        return ""
