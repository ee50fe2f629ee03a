"""Rate-limit counters in the shop's own SQL database, for the ``limits``
library (which Flask-Limiter uses).

``limits`` keeps its counters in memory, Redis, Memcached, MongoDB or etcd.
The production mode's web processes must share their counters, and the only
thing they share is PostgreSQL: running a Redis server just for this would add
a part to run and to lose. So this is a ``limits`` storage (its registered
``Storage`` extension point, scheme ``pizza-sql://``) for the fixed-window
strategy: one row per key, counted and expired in one atomic upsert.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from limits.storage import Storage
from sqlalchemy import (
    Column,
    DateTime,
    Integer,
    MetaData,
    String,
    case,
    delete,
    select,
)
from sqlalchemy import Table as SQLTable
from sqlalchemy.exc import SQLAlchemyError

from pizza.infrastructure.parking import as_utc, shared_engine
from pizza.infrastructure.tables import create_tables, dialect_of

metadata = MetaData()
counters = SQLTable(
    "rate_limit_counters",
    metadata,
    Column("key", String(300), primary_key=True),
    Column("hits", Integer, nullable=False),
    Column("expires_at", DateTime(timezone=True), nullable=False),
)


class SQLStorage(Storage):
    STORAGE_SCHEME = ["pizza-sql"]  # noqa: RUF012 - the library's own attribute

    def __init__(self, uri: str | None = None, **options: Any) -> None:
        url = str(options.pop("url"))
        super().__init__(uri, **options)
        self.engine = shared_engine(url)
        self.dialect = dialect_of(self.engine)
        create_tables(metadata, self.engine)

    @property
    def base_exceptions(self) -> type[Exception]:
        return SQLAlchemyError

    def incr(self, key: str, expiry: int, amount: int = 1) -> int:
        """Adds ``amount`` to the key's count, starting a new window of
        ``expiry`` seconds if the old one is over; the count now."""
        now = datetime.now(tz=UTC)
        insert = self.dialect.insert(counters).values(
            key=key, hits=amount, expires_at=now + timedelta(seconds=expiry)
        )
        over = counters.c.expires_at <= now
        upsert = insert.on_conflict_do_update(
            index_elements=[counters.c.key],
            set_={
                "hits": case(
                    (over, insert.excluded.hits), else_=counters.c.hits + amount
                ),
                "expires_at": case(
                    (over, insert.excluded.expires_at), else_=counters.c.expires_at
                ),
            },
        ).returning(counters.c.hits)
        with self.engine.begin() as connection:
            hits: int = connection.execute(upsert).scalar_one()
            return hits

    def get(self, key: str) -> int:
        row = self.row(key)
        return 0 if row is None else int(row.hits)

    def get_expiry(self, key: str) -> float:
        row = self.row(key)
        moment = datetime.now(tz=UTC) if row is None else as_utc(row.expires_at)
        return moment.timestamp()

    def check(self) -> bool:
        try:
            with self.engine.connect() as connection:
                connection.execute(select(1))
        except SQLAlchemyError:
            return False
        return True

    def reset(self) -> int | None:
        with self.engine.begin() as connection:
            removed: int = connection.execute(delete(counters)).rowcount
            return removed

    def clear(self, key: str) -> None:
        with self.engine.begin() as connection:
            connection.execute(delete(counters).where(counters.c.key == key))

    def row(self, key: str) -> Any:
        query = select(counters).where(
            counters.c.key == key, counters.c.expires_at > datetime.now(tz=UTC)
        )
        with self.engine.connect() as connection:
            return connection.execute(query).one_or_none()
