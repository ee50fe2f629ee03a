"""The order status read model: a projection kept in SQL tables.

- ``application``: ``OrderStatus``, the follower that keeps the view and answers
  queries;
- ``projection``: what each event changes (the decisions);
- ``recorder``: the view's tables kept in step with its tracking records;
- ``queries``: reading the view back as plain data;
- ``tables``: the tables and their schema version.
"""

from pizza.status.application import OrderStatus
from pizza.status.projection import FINAL_STATUSES, STATUSES

__all__ = ["FINAL_STATUSES", "STATUSES", "OrderStatus"]
