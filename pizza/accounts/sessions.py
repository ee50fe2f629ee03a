"""Sessions: signed-in browsers and API tokens, started and ended as events on
the customer, so that one ends everywhere at once."""

from __future__ import annotations

import secrets
from dataclasses import asdict
from datetime import timedelta
from typing import Any
from uuid import UUID

from pizza.accounts.customers import CustomerStore, now


class Sessions(CustomerStore):
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
