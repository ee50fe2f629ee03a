"""What the pipeline is judged against, measured on the same kind of store in
the same run: the CRUD code it replaces, and the database's own limits.

- ``crud_rate``: the shop as plain CRUD. A SQLAlchemy ORM session inserts the
  order; a second session loads it and sets its status to validated. Two
  commits per order, like an order service and a validation step that share a
  table.
- ``commit_rate``: the fastest durable write: one tiny row per commit, Core
  statements, no ORM.
- ``read_rate``: rows per second read back from a table of orders, in one
  pass (what a rebuild must at least do).

Each takes the SQLAlchemy URL of an empty database and returns operations per
second.
"""

from __future__ import annotations

from collections.abc import Mapping
from time import perf_counter
from uuid import UUID, uuid4

from sqlalchemy import (
    JSON,
    Integer,
    String,
    Uuid,
    create_engine,
    event,
    insert,
    select,
    text,
)
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column


class Base(DeclarativeBase):
    pass


class CrudOrder(Base):
    __tablename__ = "crud_orders"

    id: Mapped[UUID] = mapped_column(Uuid, primary_key=True)
    customer_id: Mapped[str] = mapped_column(String(64))
    address: Mapped[str] = mapped_column(String(500))
    pizzas: Mapped[list[dict[str, object]]] = mapped_column(JSON)
    total_cents: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(20))


def crud_rate(url: str, count: int, pizza: Mapping[str, object]) -> float:
    """Orders per second placed and validated as plain CRUD."""
    engine = bench_engine(url)
    try:
        Base.metadata.create_all(engine)
        start = perf_counter()
        for number in range(count):
            order_id = uuid4()
            with Session(engine) as session:
                session.add(
                    CrudOrder(
                        id=order_id,
                        customer_id=f"bench-customer-{number % 100}",
                        address=f"{number} Benchmark Street",
                        pizzas=[dict(pizza)],
                        total_cents=1200,
                        status="placed",
                    )
                )
                session.commit()
            with Session(engine) as session:
                order = session.get(CrudOrder, order_id)
                assert order is not None
                order.status = "validated"
                session.commit()
        return count / (perf_counter() - start)
    finally:
        engine.dispose()


def commit_rate(url: str, count: int) -> float:
    """Commits per second, each of one tiny row."""
    engine = bench_engine(url)
    try:
        with engine.begin() as connection:
            connection.execute(text("CREATE TABLE commits (n INTEGER)"))
        statement = text("INSERT INTO commits (n) VALUES (:n)")
        with engine.connect() as connection:
            start = perf_counter()
            for number in range(count):
                connection.execute(statement, {"n": number})
                connection.commit()
            return count / (perf_counter() - start)
    finally:
        engine.dispose()


def read_rate(url: str, count: int) -> float:
    """Rows per second read in one pass over ``count`` orders."""
    engine = bench_engine(url)
    try:
        Base.metadata.create_all(engine)
        rows = [
            {
                "id": uuid4(),
                "customer_id": "bench-customer",
                "address": f"{number} Benchmark Street",
                "pizzas": [],
                "total_cents": 1200,
                "status": "validated",
            }
            for number in range(count)
        ]
        with engine.begin() as connection:
            connection.execute(insert(CrudOrder), rows)
        with engine.connect() as connection:
            start = perf_counter()
            read = len(connection.execute(select(CrudOrder.__table__)).all())
            return read / (perf_counter() - start)
    finally:
        engine.dispose()


def bench_engine(url: str) -> Engine:
    """An engine as the embedded default runs SQLite: WAL, the default
    (full) synchronous setting."""
    engine = create_engine(url)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", wal_mode)
    return engine


def wal_mode(connection: object, _: object) -> None:
    cursor = connection.cursor()  # type: ignore[attr-defined]
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.close()
