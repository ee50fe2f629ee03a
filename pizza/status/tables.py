"""The order status view's tables: one row per order, one row per event."""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    DateTime,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

SCHEMA_VERSION = 5
"""Raise it whenever a table changes: the view is then rebuilt from the log."""

metadata = MetaData()

meta = Table(
    "order_view_meta",
    metadata,
    Column("name", String(40), primary_key=True),
    Column("value", String(40), nullable=False),
)

orders = Table(
    "order_status",
    metadata,
    Column("order_id", String(36), primary_key=True),
    Column("customer_id", String(200), nullable=True),
    Column("address", Text, nullable=True),
    Column("status", String(20), nullable=False, index=True),
    Column("pizzas", JSON, nullable=True),
    Column("line_prices", JSON, nullable=True),
    Column("total_cents", Integer, nullable=True),
    Column("reasons", JSON, nullable=False),
    Column("delayed", Boolean, nullable=False, default=False),
    Column("requested_at", DateTime(timezone=True), nullable=True),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Index("order_status_by_customer", "customer_id", "requested_at"),
)

timeline = Table(
    "order_timeline",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("order_id", String(36), nullable=False, index=True),
    Column("occurred_at", DateTime(timezone=True), nullable=False),
    Column("event", String(40), nullable=False),
    Column("application", String(40), nullable=False),
    Column("notification_id", Integer, nullable=False),
    Column("detail", Text, nullable=False),
    UniqueConstraint("application", "notification_id", name="order_timeline_source"),
)

status_counts = Table(
    "order_status_counts",
    metadata,
    Column("status", String(20), primary_key=True),
    Column("orders", Integer, nullable=False),
)
"""How many orders are in each status, kept as the orders move, so counting
them costs the same whatever the number of orders."""

customers = Table(
    "order_customers",
    metadata,
    Column("customer_id", String(200), primary_key=True),
    Column("name", Text, nullable=False),
    Column("email", Text, nullable=False),
    Column("phone", Text, nullable=False),
    Column("phone_digits", String(40), nullable=False),
)
"""Who placed the orders, for staff to find them by name, email or phone;
a customer's row goes when they are forgotten."""
