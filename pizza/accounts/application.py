"""The ``Accounts`` application: customers sign up, sign in, keep their
details, sessions and passwords."""

from __future__ import annotations

from contextlib import suppress
from typing import Any
from uuid import UUID

from eventsourcing.persistence import IntegrityError

from pizza.accounts.customers import (
    UnknownCustomerError,
    normalise_email,
    now,
    profile,
)
from pizza.accounts.passwords import Passwords
from pizza.accounts.sessions import Sessions
from pizza.domain.customer import Customer
from pizza.domain.signup import (
    EmailTakenError,
    SignupError,
    details_problems,
    signup_problems,
)
from pizza.domain.text import normal_text
from pizza.infrastructure.privacy import key_store


class Accounts(Sessions, Passwords):
    """Keeps customers as event-sourced aggregates, one per email address."""

    name = "Accounts"
    # Every request checks its session on the customer: keep customers in
    # memory, and read only the events saved since (in any process).
    env = {  # noqa: RUF012 - the library's class attribute for default settings
        "AGGREGATE_CACHE_MAXSIZE": "10000",
        "AGGREGATE_CACHE_FASTFORWARD": "y",
    }

    def register(
        self,
        name: str,
        email: str,
        password: str,
        address: str,
        phone: str,
        *,
        staff: bool = False,
        operator: bool = False,
    ) -> UUID:
        """Signs a customer (or, with ``staff``, a member of staff; with
        ``operator``, staff who may read the operator's page) up; returns
        their id.

        Raises :class:`SignupError` naming every bad field, or
        :class:`EmailTakenError` when the address is registered already
        (in any letter case). Nothing is stored then.
        """
        problems = signup_problems(
            name, password, address, phone, for_delivery=not (staff or operator)
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
        if operator:
            customer.make_operator()
        try:
            self.save(customer)
        except IntegrityError:
            raise EmailTakenError from None
        return customer.id

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

    def contact(self, customer_id: str) -> dict[str, str] | None:
        """The customer's name and phone, for the kitchen's ticket; None for an
        order placed with no account (the Python API takes any customer id) or
        by a customer since forgotten."""
        try:
            uuid = UUID(customer_id)
        except ValueError:
            return None
        customer = self.find(uuid)
        if customer is None:
            return None
        return {"name": customer.name, "phone": customer.phone}

    def forget(self, customer_id: UUID) -> None:
        """Forgets the customer (GDPR erasure): the account ends, every session
        with it, and the key their personal data is sealed with is destroyed,
        so that no event, view, page or backup can show it again. Their orders
        stay, without it. Again, harmlessly."""
        with suppress(UnknownCustomerError):  # forgotten already
            self.change(customer_id, lambda customer: customer.forget())
        key_store(self.env).forget(str(customer_id))

    def make_staff(self, email: str, *, operator: bool = False) -> UUID | None:
        """Lets the account with this email work the kitchen (and, with
        ``operator``, read the operator's page); None if unknown."""
        customer = self.find_by_email(email)
        if customer is None:
            return None
        if operator:
            customer.make_operator()
        else:
            customer.make_staff()
        self.save(customer)
        return customer.id

    def change_details(
        self, customer_id: UUID, name: str, address: str, phone: str
    ) -> None:
        """New name, default delivery address and phone; raises
        :class:`SignupError` naming every bad field, and stores nothing then."""
        staff = self.find_or_fail(customer_id).is_staff
        if problems := details_problems(name, address, phone, for_delivery=not staff):
            raise SignupError(problems)
        self.change(
            customer_id,
            lambda customer: customer.change_details(
                normal_text(name.strip()), normal_text(address.strip()), phone.strip()
            ),
        )
