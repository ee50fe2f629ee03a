"""The autopilot: a follower of the kitchen that moves orders on by itself.

For demos and tests. It acts as a member of staff would, through the kitchen's
commands, after a configurable delay per stage (the ``autopilot_delays``
setting, ``AUTOPILOT_DELAYS``: validated, assembling, baking and
out-for-delivery orders).
Its reading position is kept in memory on purpose: on every start it reads the
kitchen's whole log again and re-arms a move for each order still waiting.
"""

from __future__ import annotations

import heapq
import logging
import threading
import time
from datetime import datetime
from functools import singledispatchmethod
from typing import Any
from uuid import UUID

from eventsourcing.application import ProcessingEvent
from eventsourcing.domain import DomainEventProtocol
from eventsourcing.system import Follower
from eventsourcing.utils import get_topic

from pizza.domain.ticket import (
    CANCELLED,
    WAITING_STAGES,
    KitchenTicket,
)
from pizza.infrastructure.application import ShopApplication
from pizza.infrastructure.followers import CatchUpOnFollow
from pizza.infrastructure.storage import KeepsPositionInMemory
from pizza.kitchen import Kitchen

log = logging.getLogger(__name__)
MOST_MOVES_AT_ONCE = 100
"""Moves due together are saved in one transaction, up to this many."""


class Autopilot(
    CatchUpOnFollow, KeepsPositionInMemory, ShopApplication, Follower[UUID]
):
    name = "Autopilot"
    topics = tuple(
        map(
            get_topic,
            (KitchenTicket.Opened, KitchenTicket.Moved, KitchenTicket.Cancelled),
        )
    )

    def __init__(self, env: Any = None) -> None:
        super().__init__(env)
        delays = self.settings.autopilot_delays
        self.delays = dict(zip(WAITING_STAGES, delays, strict=True))
        self.moves = Moves()

    def engage(self, kitchen: Kitchen) -> None:
        """Starts moving orders, through ``kitchen``'s commands."""
        self.moves.start(kitchen)

    def close(self) -> None:
        self.moves.stop()
        super().close()

    @singledispatchmethod
    def policy(
        self,
        domain_event: DomainEventProtocol[UUID],
        processing_event: ProcessingEvent[UUID],
    ) -> None:
        """Other events need no move."""

    @policy.register
    def _(self, domain_event: KitchenTicket.Opened, processing_event: Any) -> None:
        self.plan(domain_event.order_id, WAITING_STAGES[0], domain_event.timestamp)

    @policy.register
    def _(self, domain_event: KitchenTicket.Moved, processing_event: Any) -> None:
        self.plan(domain_event.order_id, domain_event.stage, domain_event.timestamp)

    @policy.register
    def _(self, domain_event: KitchenTicket.Cancelled, processing_event: Any) -> None:
        self.plan(domain_event.order_id, CANCELLED, domain_event.timestamp)

    def plan(self, order_id: UUID, stage: str, since: datetime) -> None:
        """Notes the order's latest stage; plans its next move if it waits."""
        delay = self.delays.get(stage)
        due = None if delay is None else since.timestamp() + delay
        self.moves.plan(order_id, stage, due)


class Moves:
    """Moves due at given times, made by one thread, in time order."""

    def __init__(self) -> None:
        self.due: list[tuple[float, int, UUID, str]] = []
        self.changed = threading.Condition()
        self.kitchen: Kitchen | None = None
        self.stopping = False
        self.count = 0
        self.stage_now: dict[UUID, str] = {}
        self.thread: threading.Thread | None = None

    def plan(self, order_id: UUID, stage: str, due: float | None) -> None:
        """Records that the order is at ``stage`` now, and when to move it on
        (None: never). A move planned for an earlier stage is dropped, so after
        a restart, the whole log read again costs no visit to the kitchen for
        orders that have moved on since."""
        with self.changed:
            if due is None:  # delivered or cancelled: forgotten
                self.stage_now.pop(order_id, None)
                return
            self.stage_now[order_id] = stage
            self.count += 1
            heapq.heappush(self.due, (due, self.count, order_id, stage))
            self.changed.notify()

    def start(self, kitchen: Kitchen) -> None:
        self.kitchen = kitchen
        self.thread = threading.Thread(target=self.run, name="autopilot", daemon=True)
        self.thread.start()

    def stop(self) -> None:
        """Stops, and waits for a move in progress to finish."""
        with self.changed:
            self.stopping = True
            self.changed.notify()
        if self.thread is not None:
            self.thread.join(timeout=10)

    def run(self) -> None:
        while moves := self.next_moves():
            assert self.kitchen is not None
            try:
                self.kitchen.advance_all(moves)
            except Exception:
                log.exception("The autopilot could not make %d moves", len(moves))

    def next_moves(self) -> list[tuple[UUID, str]]:
        """Waits for moves to fall due; returns those due now (at most
        ``MOST_MOVES_AT_ONCE``, for one transaction); none once stopping."""
        with self.changed:
            while not self.stopping:
                now = time.time()
                if moves := self.take_due(now):
                    return moves
                wait = self.due[0][0] - now if self.due else None
                self.changed.wait(wait)
            return []

    def take_due(self, now: float) -> list[tuple[UUID, str]]:
        moves: list[tuple[UUID, str]] = []
        while self.due and self.due[0][0] <= now and len(moves) < MOST_MOVES_AT_ONCE:
            _, _, order_id, stage = heapq.heappop(self.due)
            if self.stage_now.get(order_id) == stage:  # else it moved on since
                moves.append((order_id, stage))
        return moves
