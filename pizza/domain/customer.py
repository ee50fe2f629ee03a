"""The ``Customer`` aggregate: someone who can sign in and order."""

from __future__ import annotations

import hmac
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate, event

CUSTOMER_EMAILS = uuid5(NAMESPACE_URL, "urn:pizza:customer-email")


@dataclass(frozen=True)
class Session:
    """A signed-in browser ("web") or an API token ("api") of the customer."""

    kind: str
    started_at: datetime
    expires_at: datetime | None

    def is_live(self, now: datetime) -> bool:
        return self.expires_at is None or now < self.expires_at


class Customer(Aggregate):
    """A registered customer. The password is stored only as a slow hash.

    Their sessions (signed-in browsers and API tokens) are theirs too: each
    starts and ends as an event, so a copied cookie or token stops working
    the moment its session ends, in every process."""

    class Registered(Aggregate.Created):
        name: str
        email: str
        password_hash: str
        address: str
        phone: str

    class MadeStaff(Aggregate.Event):
        pass

    class MadeOperator(Aggregate.Event):
        """May read the operator's page: the logs, lags, parked events."""

    class SessionStarted(Aggregate.Event):
        session_id: str
        kind: str
        expires_at: datetime | None

    class SessionEnded(Aggregate.Event):
        session_id: str

    class SignedOutEverywhere(Aggregate.Event):
        pass

    class PasswordChanged(Aggregate.Event):
        password_hash: str
        kept_session: str | None

    class DetailsChanged(Aggregate.Event):
        name: str
        address: str
        phone: str

    class ResetRequested(Aggregate.Event):
        digest: str
        expires_at: datetime

    class Forgotten(Aggregate.Event):
        """The customer asked to be forgotten: their personal data is gone
        (see ``Accounts.forget``), their orders stay for the books."""

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
        self.is_operator = False
        self.sessions: dict[str, Session] = {}
        self.reset: tuple[str, datetime] | None = None  # digest, expiry
        self.forgotten = False

    def make_staff(self) -> None:
        """Lets the account work the kitchen's board; again, harmlessly."""
        if not self.is_staff:
            self._make_staff()

    @event(MadeStaff)
    def _make_staff(self) -> None:
        self.is_staff = True

    def make_operator(self) -> None:
        """Staff who may also read the operator's page; again, harmlessly."""
        self.make_staff()
        if not self.is_operator:
            self._make_operator()

    @event(MadeOperator)
    def _make_operator(self) -> None:
        self.is_operator = True

    @event(SessionStarted)
    def start_session(
        self, session_id: str, kind: str, expires_at: datetime | None
    ) -> None:
        started_at = self.modified_on
        self.sessions[session_id] = Session(kind, started_at, expires_at)

    def end_session(self, session_id: str) -> None:
        """Ends the session; a session that has ended already stays ended."""
        if session_id in self.sessions:
            self._end_session(session_id)

    @event(SessionEnded)
    def _end_session(self, session_id: str) -> None:
        del self.sessions[session_id]

    def sign_out_everywhere(self) -> None:
        """Ends every session: every browser and every API token."""
        if self.sessions:
            self._sign_out_everywhere()

    @event(SignedOutEverywhere)
    def _sign_out_everywhere(self) -> None:
        self.sessions.clear()

    @event(PasswordChanged)
    def change_password(self, password_hash: str, kept_session: str | None) -> None:
        """A new password; every session ends but ``kept_session`` (the browser
        it was changed in), every API token with them."""
        self.password_hash = password_hash
        self.reset = None  # a reset link works once, and not after a change
        kept = self.sessions.get(kept_session or "")
        self.sessions = {} if kept is None else {str(kept_session): kept}

    @event(DetailsChanged)
    def change_details(self, name: str, address: str, phone: str) -> None:
        self.name = name
        self.address = address
        self.phone = phone

    @event(ResetRequested)
    def request_reset(self, digest: str, expires_at: datetime) -> None:
        """Notes a password-reset link, by the digest of its secret (the link
        itself is only ever in the email); a new one replaces the last."""
        self.reset = (digest, expires_at)

    def forget(self) -> None:
        """Ends the account for good: no sessions, no password, no details."""
        if not self.forgotten:
            self._forget()

    @event(Forgotten)
    def _forget(self) -> None:
        self.forgotten = True
        self.name = self.email = self.address = self.phone = self.password_hash = ""
        self.sessions = {}
        self.reset = None

    def can_reset_with(self, digest: str, now: datetime) -> bool:
        """Whether a reset link with this digest is the latest, and unexpired."""
        if self.reset is None:
            return False
        expected, expires_at = self.reset
        return hmac.compare_digest(expected, digest) and now < expires_at

    def has_session(self, session_id: str, now: datetime) -> bool:
        session = self.sessions.get(session_id)
        return session is not None and session.is_live(now)

    @staticmethod
    def create_id(email: str, **_: Any) -> UUID:
        """One id per email address, whatever its case: a second registration
        with the same address conflicts with the first when it is saved."""
        return Customer.id_for(email)

    @staticmethod
    def id_for(email: str) -> UUID:
        return uuid5(CUSTOMER_EMAILS, email.strip().casefold())
