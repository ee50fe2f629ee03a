"""Signed-in customers, as Flask-Login sees them.

The session cookie holds the customer's id and the id of their session
(``Accounts.start_session``); every request checks that the session is still
live, so logging out ends it on the server: a copy of the cookie stops
working at once, in every web process.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from uuid import UUID

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
    session_id: str
    is_staff: bool = False
    is_operator: bool = False

    @classmethod
    def from_profile(cls, profile: dict[str, Any], session_id: str) -> Customer:
        return cls(**profile, session_id=session_id)

    def get_id(self) -> str:
        """What the session cookie keeps: whose session, and which."""
        return f"{self.id}/{self.session_id}"


@login_manager.user_loader
def load_customer(user_id: str) -> Customer | None:
    """The customer of a live session; None (anonymous) once it has ended."""
    customer_id, _, session_id = user_id.partition("/")
    try:
        profile = shop().accounts.get_signed_in(UUID(customer_id), session_id)
    except ValueError:
        return None
    return Customer.from_profile(profile, session_id) if profile else None
