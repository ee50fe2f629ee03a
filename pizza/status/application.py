"""The ``OrderStatus`` projection: the read model every page and query uses."""

from __future__ import annotations

import logging
import threading
from collections import deque
from collections.abc import Callable, Collection, Sequence
from datetime import datetime
from functools import partial
from time import monotonic
from typing import TYPE_CHECKING, Any
from uuid import UUID

from eventsourcing.application import NotificationLog
from eventsourcing.system import ProcessingJob
from eventsourcing_sqlalchemy.factory import SQLAlchemyFactory

from pizza.domain.order import order_of
from pizza.domain.text import digits_of
from pizza.infrastructure.application import ShopApplication
from pizza.infrastructure.followers import CatchUpOnFollow, ProcessesInBatches
from pizza.infrastructure.storage import KeepsRecordsInSQLTables
from pizza.status import queries
from pizza.status.estimates import Estimates
from pizza.status.projection import SHOWN_EVENTS, project
from pizza.status.recorder import VIEW_CHANNEL, OrderStatusRecorder
from pizza.status.tables import SCHEMA_VERSION

MIN_PHONE_DIGITS = 3
"""Fewer digits than this in a search word are not looked for in phones."""
logger = logging.getLogger(__name__)
RECENT_CHANGES = 1000
"""Changes remembered with the orders they touched, for waiters to tell
whether theirs was among them."""

if TYPE_CHECKING:
    from pizza.infrastructure.postgres import Listener


class OrderStatus(
    CatchUpOnFollow, KeepsRecordsInSQLTables, ShopApplication, ProcessesInBatches
):
    """Follows ``Orders``, ``Validation`` and ``Kitchen``; keeps each order's
    current state and timeline in SQL tables, and answers queries from them.

    What each event changes is decided in ``pizza.status.projection``; the
    recorder (``pizza.status.recorder``) writes it, and ``pizza.status.queries``
    reads it back."""

    name = "OrderStatus"
    topics = SHOWN_EVENTS

    def __init__(self, env: Any = None) -> None:
        super().__init__(env)
        self.recorder: OrderStatusRecorder
        self.changed = threading.Condition()
        self.changes = 0  # changes seen; waiters compare it to what they saw
        self.recent_changes: deque[tuple[int, frozenset[str | None] | None]] = deque(
            maxlen=RECENT_CHANGES
        )  # each change's number and the orders it touched
        self.listener: Listener | None = None  # for other processes' changes
        self.listener_lock = threading.Lock()
        self.estimates = Estimates(self.recorder.reading, lambda: self.changes)

    def follow(self, name: str, log: NotificationLog) -> None:
        """As a follower does; first, if its tables are of an older shape,
        rebuilds the view beside them and swaps it in (as ``pizza rebuild``
        does: processes of the older version go on reading the old tables
        meanwhile)."""
        if self.recorder.outdated is not None and not self.readers:
            # The rebuild opens the whole system, this class among its parts.
            from pizza.rebuild import rebuild_view

            logger.warning(
                "The order status view's tables are of an older shape "
                "(schema %d, now %d): rebuilding it beside them",
                self.recorder.outdated,
                SCHEMA_VERSION,
            )
            rebuild_view(dict(self.env))
            self.recorder.outdated = None
        super().follow(name, log)

    def construct_recorder(self) -> OrderStatusRecorder:
        assert isinstance(self.factory, SQLAlchemyFactory)
        recorder = OrderStatusRecorder(
            self.factory.datastore,
            events_table_name=f"{self.name.lower()}_events",
            tracking_table_name=f"{self.name.lower()}_tracking",
        )
        recorder.create_table()
        return recorder

    def process_batch(self, jobs: Sequence[ProcessingJob[UUID]]) -> None:
        order_ids = {order_of(event) for event, _ in jobs}
        with self.processing_lock, self.recorder.changing(jobs[-1][1]) as view:
            view.read_statuses(order_ids)
            for domain_event, tracking in jobs:
                project(domain_event, view, tracking)
        self.note_change(None if None in order_ids else frozenset(order_ids))

    def note_change(self, order_ids: frozenset[str | None] | None = None) -> None:
        """Wakes whoever waits for the view to change: called for each batch
        this process records, with the orders it touched, and for each change
        another process announces (see ``hear_other_processes``), touching
        orders unknown (None)."""
        with self.changed:
            self.changes += 1
            self.recent_changes.append((self.changes, order_ids))
            self.changed.notify_all()

    def may_have_changed(self, order_id: str, seen: int) -> bool:
        """Whether a change after the ``seen``-th may have touched the order
        (call holding ``changed``): True unless the recent changes since then
        are all known, and all about other orders."""
        if self.changes == seen:
            return False
        oldest = self.recent_changes[0][0] if self.recent_changes else seen + 2
        if oldest > seen + 1:  # some changes since then are forgotten
            return True
        for number, ids in reversed(self.recent_changes):  # newest first
            if number <= seen:
                return False
            if ids is None or order_id in ids:
                return True
        return False

    def get_order(self, order_id: UUID | str) -> dict[str, Any] | None:
        """The order's current state and timeline, with its arrival
        ``estimate`` and whether it is ``late`` (see ``Estimates``), or None if
        the view has no such order (yet)."""
        try:
            uuid = order_id if isinstance(order_id, UUID) else UUID(order_id)
        except ValueError:
            return None
        with self.recorder.reading() as session:
            order = queries.get_order(session, uuid)
        return None if order is None else self.estimates.add_to(order)

    def list_orders(self, customer_id: str, limit: int = 100) -> list[dict[str, Any]]:
        """The customer's orders, newest first, each with its estimate."""
        with self.recorder.reading() as session:
            orders = queries.list_orders(session, customer_id, limit)
        return [self.estimates.add_to(order) for order in orders]

    def search_orders(
        self, customer_id: str, words: Sequence[str], limit: int = 100
    ) -> list[dict[str, Any]]:
        """The customer's orders, newest first, matching every word: the start
        of the order's id, or part of its address or of its pizzas."""
        with self.recorder.reading() as session:
            orders = queries.search_orders(session, customer_id, words, limit)
        return [self.estimates.add_to(order) for order in orders]

    def find_orders(
        self, words: Sequence[str], limit: int = 50
    ) -> list[dict[str, Any]]:
        """Any customer's orders, newest first, matching every word: the start
        of the order's id, part of the customer's name or email, or digits of
        their phone (however it was typed); each with its ``customer`` (name,
        email, phone) when it has one. For staff."""
        searched = [
            (word, digits if len(digits := digits_of(word)) >= MIN_PHONE_DIGITS else "")
            for word in words
        ]
        with self.recorder.reading() as session:
            return queries.find_orders(session, searched, limit)

    def list_in_stages(
        self, stages: Collection[str], moved_before: datetime | None = None
    ) -> list[dict[str, Any]]:
        """Orders now in one of ``stages`` (oldest first), for the kitchen's board;
        with ``moved_before``, only those that have not moved since then."""
        with self.recorder.reading() as session:
            return queries.list_in_stages(session, stages, moved_before)

    def count_by_status(self) -> dict[str, int]:
        """How many orders are in each status."""
        with self.recorder.reading() as session:
            return queries.count_by_status(session)

    def steps_since(self, since: datetime) -> list[tuple[str, datetime]]:
        """Each step every order took since then: what, and when."""
        with self.recorder.reading() as session:
            return queries.steps_since(session, since)

    def timeline_steps(self) -> int:
        """How many steps all the orders' timelines hold together."""
        with self.recorder.reading() as session:
            return queries.timeline_steps(session)

    def wait_for_order(
        self,
        order_id: UUID | str,
        statuses: tuple[str, ...] = (),
        timeout: float | None = None,
    ) -> dict[str, Any]:
        """Waits until the view shows the order (in one of ``statuses``, if given),
        for ``timeout`` seconds (by default the ``view_wait`` setting). The order
        shows once its request does: a later event of it (validation's decision)
        may reach the view first, and then the view knows it only in part.

        Raises ``TimeoutError`` when the timeout passes first.
        """
        if timeout is None:
            timeout = self.settings.view_wait

        def shown(order: dict[str, Any]) -> bool:
            requested = order["requested_at"] is not None
            return requested and (not statuses or order["status"] in statuses)

        order = self.wait_until(order_id, shown, timeout)
        if order is None:
            msg = f"Order {order_id} did not show up within {timeout} s"
            raise TimeoutError(msg)
        return order

    def wait_for_change(
        self, order_id: UUID | str, seen_steps: int, timeout: float
    ) -> dict[str, Any] | None:
        """Waits until the order's timeline has more than ``seen_steps`` steps;
        returns the order then, or None if the timeout passes first."""
        return self.wait_until(
            order_id, lambda order: len(order["timeline"]) > seen_steps, timeout
        )

    def hear_other_processes(self) -> None:
        """On PostgreSQL, starts hearing (once) the announcements the view
        makes as it commits, so waiters here wake at once for changes that any
        process makes. Elsewhere only this process changes the view."""
        with self.listener_lock:
            if self.listener is not None:
                return
            settings = self.recorder.announcements()
            if settings is None:
                return
            from pizza.infrastructure.postgres import Listener  # needs psycopg

            self.listener = Listener(settings, VIEW_CHANNEL, self.note_change)
            self.listener.start()

    def close(self) -> None:
        if self.listener is not None:
            self.listener.stop()
        super().close()

    def wait_for_any_change(self, seen: int, timeout: float) -> int:
        """Waits until the view has changed since this process had seen ``seen``
        changes (see ``changes``), or the timeout passes; returns the count now."""
        self.hear_other_processes()
        with self.changed:
            self.changed.wait_for(lambda: self.changes != seen, timeout)
            return self.changes

    def wait_until(
        self,
        order_id: UUID | str,
        condition: Callable[[dict[str, Any]], bool],
        timeout: float,
    ) -> dict[str, Any] | None:
        """Returns the order as soon as it meets ``condition``; None on timeout.

        Wakes as soon as the view changes, and reads the order again only if
        the change may have touched it (see ``note_change``): a page waiting
        for its order does not query the view for every other order's change.
        """
        deadline = monotonic() + timeout
        key = str(order_id)
        self.hear_other_processes()
        while True:
            with self.changed:
                seen = self.changes
            order = self.get_order(order_id)
            if order and condition(order):
                return order
            remaining = deadline - monotonic()
            if remaining <= 0:
                return None
            with self.changed:
                self.changed.wait_for(
                    partial(self.may_have_changed, key, seen), remaining
                )
