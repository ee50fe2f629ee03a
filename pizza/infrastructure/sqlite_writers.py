"""One write lock per SQLite file, shared by every application in the process.

Extends ``eventsourcing_sqlalchemy``'s ``SQLAlchemyDatastore``, which on SQLite
serialises the writers of each datastore with its own ``write_lock`` (an
undocumented attribute: the exact pin in ``pyproject.toml`` covers it). Each
application has its own datastore, so without this their writers would meet in
SQLite's busy handler, which waits by sleeping, and the pipeline would crawl.
"""

from __future__ import annotations

from threading import Lock, Semaphore

from eventsourcing_sqlalchemy.datastore import SQLAlchemyDatastore

_write_locks: dict[str, Semaphore] = {}
_write_locks_lock = Lock()


def share_sqlite_write_lock(datastore: SQLAlchemyDatastore) -> None:
    """Makes every datastore on the same SQLite file in this process take turns
    on one lock (datastores on other databases have no write lock: unchanged)."""
    if datastore.write_lock is None or datastore.engine is None:
        return
    with _write_locks_lock:
        url = str(datastore.engine.engine.url)
        datastore.write_lock = _write_locks.setdefault(url, datastore.write_lock)
