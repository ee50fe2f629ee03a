"""Passwords: slow hashes, checked without telling whether the email exists,
changed with the old one or through a single-use, expiring reset link."""

from __future__ import annotations

import hashlib
import secrets
import threading
from dataclasses import dataclass
from datetime import timedelta
from typing import Any
from uuid import UUID

from argon2 import PasswordHasher, profiles
from argon2.exceptions import InvalidHashError, VerificationError

from pizza.accounts.customers import CustomerStore, now
from pizza.domain.signup import SignupError, password_problem
from pizza.domain.text import text_problem

CONCURRENT_HASHES = 4
HASHING_PROFILES = {
    "RFC_9106_LOW_MEMORY": profiles.RFC_9106_LOW_MEMORY,
    "CHEAPEST": profiles.CHEAPEST,  # for tests only
}


class Passwords(CustomerStore):
    """The ``password_hashing`` setting (``PASSWORD_HASHING``) picks the argon2
    parameters; tests use ``CHEAPEST`` to stay fast."""

    def __init__(self, env: Any = None) -> None:
        super().__init__(env)
        profile = HASHING_PROFILES[self.settings.password_hashing]
        self.hasher = PasswordHasher.from_parameters(profile)
        # Each hash takes tens of MiB: a flood of logins must not take them all.
        self.hashing = threading.BoundedSemaphore(CONCURRENT_HASHES)
        self.unknown_user_hash = self.hasher.hash("no one has this password")

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

    def change_password(
        self, customer_id: UUID, old: str, new: str, keep_session: str | None
    ) -> None:
        """A new password, if ``old`` is the current one; every session but
        ``keep_session`` ends, every API token too. Raises
        :class:`SignupError` (``old_password`` or ``password``) otherwise."""
        customer = self.find_or_fail(customer_id)
        if self.authenticate(customer.email, old) != customer_id:
            raise SignupError({"old_password": "is not your password"})
        if problem := password_problem(new):
            raise SignupError({"password": problem})
        password_hash = self.hash(new)
        self.change(
            customer_id, lambda c: c.change_password(password_hash, keep_session)
        )

    def request_reset(self, email: str, lifetime: timedelta) -> PasswordReset | None:
        """A password-reset link's secret for the customer with this email, or
        None if there is none (the caller answers alike either way). Only the
        secret's digest is stored; a new request replaces the last."""
        customer = self.find_by_email(email)
        if customer is None:
            return None
        secret = secrets.token_urlsafe(32)
        expires_at = now() + lifetime
        self.change(customer.id, lambda c: c.request_reset(digest(secret), expires_at))
        return PasswordReset(customer.id, secret, customer.email, customer.name)

    def reset_password(self, customer_id: UUID, secret: str, new: str) -> bool:
        """Sets a new password through a reset link; False if the link is not
        the latest, has been used, or has expired. Every session ends."""
        customer = self.find(customer_id)
        if customer is None or not customer.can_reset_with(digest(secret), now()):
            return False
        if problem := password_problem(new):
            raise SignupError({"password": problem})
        password_hash = self.hash(new)
        self.change(customer_id, lambda c: c.change_password(password_hash, None))
        return True


@dataclass(frozen=True)
class PasswordReset:
    """What a password-reset email needs: whose, and the link's secret."""

    customer_id: UUID
    secret: str
    email: str
    name: str


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()
