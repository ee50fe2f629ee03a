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

    def find(self, customer_id: UUID, *, to_read: bool = False) -> Customer | None:
        """The customer; None if there is none, or they have been forgotten.

        ``to_read``: for a look, not a change (every request's session check):
        the cached customer itself, not a copy, and if another thread is
        reading the customer's new events just then, as it was before them
        rather than waiting (the library's "fast-forward skipping")."""
        try:
            customer: Customer = self.repository.get(
                customer_id,
                fastforward_skipping=to_read,
                deepcopy_from_cache=not to_read,
            )
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
