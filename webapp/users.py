"""Signed-in customers, as Flask-Login sees them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask_login import UserMixin

from webapp.extensions import login_manager
from webapp.services import shop


@dataclass(frozen=True)
class Customer(UserMixin):
    id: str
    name: str
    email: str
    address: str
    phone: str
    is_staff: bool = False

    @classmethod
    def from_profile(cls, profile: dict[str, Any]) -> Customer:
        return cls(**profile)


@login_manager.user_loader
def load_customer(customer_id: str) -> Customer | None:
    profile = shop().accounts.get_customer(customer_id)
    return Customer.from_profile(profile) if profile else None
