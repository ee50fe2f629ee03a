"""The watchdog: flags orders that have stopped moving in the kitchen.

Each flag is a decision recorded as an event (``KitchenTicket.Delayed``), so the
view, the board and the history show it; the order's next move clears it.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from uuid import UUID

from pizza.domain.ticket import WAITING_STAGES, KitchenError
from pizza.infrastructure.periodic import Periodic
from pizza.kitchen import Kitchen
from pizza.status import OrderStatus


class Watchdog(Periodic):
    """Every ``interval`` seconds, flags orders not moved for ``stuck_after``."""

    def __init__(
        self,
        kitchen: Kitchen,
        status: OrderStatus,
        stuck_after: timedelta,
        interval: float,
    ) -> None:
        super().__init__("watchdog", self.check, interval)
        self.kitchen = kitchen
        self.status = status
        self.stuck_after = stuck_after

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
