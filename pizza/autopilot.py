"""The autopilot: a follower of the kitchen that moves orders on by itself.

For demos and tests. It acts as a member of staff would, through the kitchen's
commands, after a configurable delay per stage (``AUTOPILOT_DELAYS``, seconds,
comma-separated, for validated, assembling, baking and out-for-delivery orders).
Its reading position is kept in memory on purpose: on every start it reads the
kitchen's whole log again and re-arms a move for each order still waiting.
"""

from __future__ import annotations

import heapq
import logging
import threading
from datetime import UTC, datetime
from functools import singledispatchmethod
from typing import Any
from uuid import UUID

from eventsourcing.application import ProcessingEvent
from eventsourcing.domain import DomainEventProtocol
from eventsourcing.persistence import InfrastructureFactory
from eventsourcing.system import Follower
from eventsourcing.utils import Environment, get_topic

from pizza.domain.ticket import WAITING_STAGES, KitchenError, KitchenTicket
from pizza.followers import CatchUpOnFollow
from pizza.kitchen import Kitchen
from pizza.shop import ShopApplication

DEFAULT_DELAYS = "3,6,8,10"
IN_MEMORY = "AUTOPILOT_PERSISTENCE_MODULE"
log = logging.getLogger(__name__)


class Autopilot(CatchUpOnFollow, ShopApplication, Follower[UUID]):
    name = "Autopilot"
    topics = (get_topic(KitchenTicket.Opened), get_topic(KitchenTicket.Moved))

    def __init__(self, env: Any = None) -> None:
        super().__init__(env)
        delays = self.env.get("AUTOPILOT_DELAYS", DEFAULT_DELAYS).split(",")
        self.delays = dict(zip(WAITING_STAGES, map(float, delays), strict=True))
        self.moves = Moves()

    def construct_factory(self, env: Environment) -> InfrastructureFactory[Any]:
        if env.name == self.name:  # its own position: in memory, by design
            env = Environment(env.name, {**env, IN_MEMORY: "eventsourcing.popo"})
        return super().construct_factory(env)

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

    def plan(self, order_id: UUID, stage: str, since: datetime) -> None:
        if stage in self.delays:
            due = since.timestamp() + self.delays[stage]
            self.moves.add(due, order_id, stage)


class Moves:
    """Moves due at given times, made by one thread, in time order."""

    def __init__(self) -> None:
        self.due: list[tuple[float, int, UUID, str]] = []
        self.changed = threading.Condition()
        self.kitchen: Kitchen | None = None
        self.stopping = False
        self.count = 0
        self.thread: threading.Thread | None = None

    def add(self, due: float, order_id: UUID, stage: str) -> None:
        with self.changed:
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
        while (move := self.next_move()) is not None:
            order_id, stage = move
            assert self.kitchen is not None
            try:
                self.kitchen.advance(order_id, stage)
            except KitchenError:
                pass  # staff moved it, or the customer cancelled: nothing to do
            except Exception:
                log.exception("The autopilot could not move order %s", order_id)

    def next_move(self) -> tuple[UUID, str] | None:
        """Waits for the next move to fall due; None once stopping."""
        with self.changed:
            while not self.stopping:
                now = datetime.now(tz=UTC).timestamp()
                if self.due and self.due[0][0] <= now:
                    _, _, order_id, stage = heapq.heappop(self.due)
                    return order_id, stage
                wait = self.due[0][0] - now if self.due else None
                self.changed.wait(wait)
            return None
