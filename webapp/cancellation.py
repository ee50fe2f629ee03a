"""A customer cancels an order: the web shop's use case, for the order page and
the API alike."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from uuid import UUID

from pizza.domain.ticket import CancellationRefusedError
from pizza.kitchen import Kitchen, NoTicketError


def cancel_for_customer(kitchen: Kitchen, order: Mapping[str, Any]) -> None:
    """Cancels an order as the customer sees it in the view.

    Raises ``KitchenError`` with a reason the customer can read when it cannot
    be: rejected, still being checked (no ticket yet), or too late.
    """
    if order["status"] == "rejected":
        raise CancellationRefusedError("A rejected order cannot be cancelled.")
    try:
        kitchen.cancel(UUID(str(order["id"])))
    except NoTicketError:
        msg = "The order is still being checked: try again in a moment."
        raise CancellationRefusedError(msg) from None
