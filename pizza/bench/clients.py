"""PostgreSQL with 1, 8 and 32 clients placing orders at once.

Each number of clients gets a fresh database, with ``synchronous_commit`` on
for it (the durable setting: a commit returns once its WAL is on disk, if the
server itself runs with ``fsync`` on, which the figures report). Every client
is a thread of one ``Orders`` application, whose pool holds a connection per
client, placing orders one after another for ``seconds``.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from time import perf_counter

from pizza.bench.measures import place_order
from pizza.bench.stores import admin_connection, postgres_store
from pizza.orders import Orders

CLIENTS = (1, 8, 32)


@dataclass(frozen=True)
class ClientsResult:
    clients: int
    orders_per_s: float
    fsync: str
    synchronous_commit: str


def place_with_clients(clients: int, seconds: float) -> ClientsResult:
    from psycopg import sql  # only the postgres extra installs it

    with postgres_store() as env:
        with admin_connection(env) as admin:
            database = sql.Identifier(env["POSTGRES_DBNAME"])
            durable = sql.SQL("ALTER DATABASE {} SET synchronous_commit = on")
            admin.execute(durable.format(database))
        pool = {"POSTGRES_POOL_SIZE": str(clients), "POSTGRES_MAX_OVERFLOW": "0"}
        with Orders(env={**env, **pool}) as orders:
            place_order(orders, 0)  # makes the tables, opens the pool
            deadline = perf_counter() + seconds

            def client() -> int:
                placed = 0
                while perf_counter() < deadline:
                    place_order(orders, placed)
                    placed += 1
                return placed

            start = perf_counter()
            with ThreadPoolExecutor(clients) as pool_of_clients:
                counts = [pool_of_clients.submit(client) for _ in range(clients)]
                placed = sum(count.result() for count in counts)
            elapsed = perf_counter() - start
        with admin_connection(env) as admin:
            fsync, commit = (
                str(admin.execute(f"SHOW {name}").fetchall()[0][0])
                for name in ("fsync", "synchronous_commit")
            )
    return ClientsResult(clients, placed / elapsed, fsync, commit)


def format_clients(results: list[ClientsResult]) -> str:
    one = results[0].orders_per_s
    first = results[0]
    lines = [
        f"postgres, place_order from several clients (fsync {first.fsync}, "
        f"synchronous_commit {first.synchronous_commit}):"
    ]
    lines += [
        f"  {r.clients:>2} clients  {r.orders_per_s:8.0f} orders/s  "
        f"{r.orders_per_s / one:5.2f}x one client"
        for r in results
    ]
    return "\n".join(lines)
