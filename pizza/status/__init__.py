"""The order status read model."""

from pizza.status.application import OrderStatus
from pizza.status.projector import FINAL_STATUSES

__all__ = ["FINAL_STATUSES", "OrderStatus"]
