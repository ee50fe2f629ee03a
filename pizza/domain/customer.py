"""The ``Customer`` aggregate: someone who can sign in and order."""

from __future__ import annotations

from typing import Any
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate, event

CUSTOMER_EMAILS = uuid5(NAMESPACE_URL, "urn:pizza:customer-email")


class Customer(Aggregate):
    """A registered customer. The password is stored only as a slow hash."""

    class Registered(Aggregate.Created):
        name: str
        email: str
        password_hash: str
        address: str
        phone: str

    class MadeStaff(Aggregate.Event):
        pass

    @event(Registered)
    def __init__(
        self, name: str, email: str, password_hash: str, address: str, phone: str
    ) -> None:
        self.name = name
        self.email = email
        self.password_hash = password_hash
        self.address = address
        self.phone = phone
        self.is_staff = False

    def make_staff(self) -> None:
        """Lets the account work the kitchen's board; again, harmlessly."""
        if not self.is_staff:
            self._make_staff()

    @event(MadeStaff)
    def _make_staff(self) -> None:
        self.is_staff = True

    @staticmethod
    def create_id(email: str, **_: Any) -> UUID:
        """One id per email address, whatever its case: a second registration
        with the same address conflicts with the first when it is saved."""
        return Customer.id_for(email)

    @staticmethod
    def id_for(email: str) -> UUID:
        return uuid5(CUSTOMER_EMAILS, email.strip().casefold())
