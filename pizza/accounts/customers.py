"""What the account commands share: finding a customer, and changing one."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from email_validator import EmailNotValidError, validate_email
from eventsourcing.application import AggregateNotFoundError, Application

from pizza.domain.customer import Customer
from pizza.infrastructure.application import ShopApplication, decide_and_save


class CustomerStore(ShopApplication, Application[UUID]):
    """Customers as event-sourced aggregates, one per email address."""

    def find_or_fail(self, customer_id: UUID) -> Customer:
        customer = self.find(customer_id)
        if customer is None:
            raise UnknownCustomerError(customer_id)
        return customer

    def change(self, customer_id: UUID, decide: Callable[[Customer], object]) -> None:
        decide_and_save(lambda: self.find_or_fail(customer_id), decide, self.save)

    def find_by_email(self, email: str) -> Customer | None:
        """The customer with this address, written as at sign-up or otherwise
        (any letter case, any Unicode normal form)."""
        problems: dict[str, str] = {}
        normalised = normalise_email(email, problems)
        return None if problems else self.find(Customer.id_for(normalised))

    def find(self, customer_id: UUID) -> Customer | None:
        """The customer; None if there is none, or they have been forgotten.

        Always a copy of the cached customer, read after its latest events:
        the library brings a cached aggregate up to date in place, so a
        reader sharing it with another thread could see it half changed."""
        try:
            customer: Customer = self.repository.get(customer_id)
        except AggregateNotFoundError:
            return None
        return None if customer.forgotten else customer


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
        "is_operator": customer.is_operator,
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
