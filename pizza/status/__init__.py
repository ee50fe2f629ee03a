"""The order status read model."""

from pizza.status.application import OrderStatus

__all__ = ["OrderStatus"]
