"""The watchdog: flags orders that have stopped moving in the kitchen.

Each flag is a decision recorded as an event (``KitchenTicket.Delayed``), so the
view, the board and the history show it; the order's next move clears it.
"""

from __future__ import annotations

import logging
import threading
from datetime import UTC, datetime, timedelta
from uuid import UUID

from pizza.domain.ticket import WAITING_STAGES, KitchenError
from pizza.kitchen import Kitchen
from pizza.status import OrderStatus

log = logging.getLogger(__name__)


class Watchdog:
    """Every ``interval`` seconds, flags orders not moved for ``stuck_after``."""

    def __init__(
        self,
        kitchen: Kitchen,
        status: OrderStatus,
        stuck_after: timedelta,
        interval: float,
    ) -> None:
        self.kitchen = kitchen
        self.status = status
        self.stuck_after = stuck_after
        self.interval = interval
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self.run, name="watchdog", daemon=True)

    def check(self, now: datetime | None = None) -> int:
        """Flags the orders that are stuck at ``now``; returns how many."""
        moved_before = (now or datetime.now(tz=UTC)) - self.stuck_after
        flagged = 0
        for order in self.status.list_in_stages(WAITING_STAGES, moved_before):
            if order["delayed"]:
                continue
            try:
                order_id, stage = UUID(order["id"]), order["status"]
                if self.kitchen.flag_delayed(order_id, stage, order["updated_at"]):
                    flagged += 1
            except KitchenError:
                continue  # no ticket yet: the view is ahead of the kitchen's log
        return flagged

    def start(self) -> None:
        self.thread.start()

    def stop(self) -> None:
        """Stops, and waits for a check in progress to finish."""
        self.stopping.set()
        if self.thread.is_alive():
            self.thread.join(timeout=10)

    def run(self) -> None:
        while not self.stopping.wait(self.interval):
            try:
                self.check()
            except Exception:
                log.exception("The watchdog's check failed; it will try again")
