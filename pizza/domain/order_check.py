"""The ``OrderCheck`` aggregate: validation's decision about one order request."""

from __future__ import annotations

from decimal import Decimal
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate

ORDER_CHECKS = uuid5(NAMESPACE_URL, "urn:pizza:order-check")


class OrderCheck(Aggregate):
    """Created once per order, as either ``Validated`` or ``Rejected``.

    Its id is derived from the order's, so an order can never be decided twice.
    """

    class Validated(Aggregate.Created):
        order_id: UUID
        line_prices: tuple[Decimal, ...]
        total: Decimal

    class Rejected(Aggregate.Created):
        order_id: UUID
        reasons: tuple[str, ...]

    def __init__(
        self,
        order_id: UUID,
        line_prices: tuple[Decimal, ...] = (),
        total: Decimal | None = None,
        reasons: tuple[str, ...] = (),
    ) -> None:
        self.order_id = order_id
        self.line_prices = tuple(line_prices)
        self.total = total
        self.reasons = tuple(reasons)

    @staticmethod
    def id_for(order_id: UUID) -> UUID:
        return uuid5(ORDER_CHECKS, str(order_id))

    @classmethod
    def validate(
        cls, order_id: UUID, line_prices: tuple[Decimal, ...], total: Decimal
    ) -> OrderCheck:
        return cls._create(
            cls.Validated,
            id=cls.id_for(order_id),
            order_id=order_id,
            line_prices=line_prices,
            total=total,
        )

    @classmethod
    def reject(cls, order_id: UUID, reasons: tuple[str, ...]) -> OrderCheck:
        return cls._create(
            cls.Rejected, id=cls.id_for(order_id), order_id=order_id, reasons=reasons
        )
