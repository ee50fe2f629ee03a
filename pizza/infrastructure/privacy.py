"""Personal data in the log, sealed with a key per customer (crypto-shredding).

Events are immutable, and the log is the system of record: a customer's
personal data cannot be deleted from it. So it is never written to it in
clear. Each field named in ``PERSONAL_FIELDS`` is encrypted (AES-GCM) with a
key of its own customer, kept apart from the log in ``personal_keys``;
forgetting a customer destroys their key, after which those fields read as
``ERASED`` everywhere (views, pages, the API, ``pizza history``, a rebuild, a
backup of the log), while the rest of each event (what was ordered, prices,
times) stays for the books.

This extends the library's ``Mapper`` (sealing the fields of an event before it
is encoded) and ``JSONTranscoder`` (a transcoding that unseals them as it
decodes, or gives ``ERASED``). A process keeps a key it has read for ten
seconds, so a key forgotten in another process is gone everywhere within that.
"""

from __future__ import annotations

import base64
import copy
import functools
import os
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from cachetools import TTLCache
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from eventsourcing.domain import DomainEventProtocol
from eventsourcing.persistence import Mapper, StoredEvent, Transcoding
from eventsourcing.utils import Environment
from sqlalchemy import Column, LargeBinary, MetaData, String, Table, delete, select

from pizza.domain.customer import Customer
from pizza.domain.order import Order
from pizza.infrastructure.parking import shared_engine
from pizza.infrastructure.storage import POPO_MODULES, sql_tables_url
from pizza.infrastructure.tables import create_tables, dialect_of

KEY_CACHE_SECONDS = 10.0
KEY_CACHE_SIZE = 100_000
ERASED = "[erased]"
"""What a personal field reads as once its customer has been forgotten."""


def customer_of_order(event: Any) -> str:
    return str(event.customer_id)


def the_customer(event: Any) -> str:
    return str(event.originator_id)


PERSONAL_FIELDS: dict[type, tuple[tuple[str, ...], Callable[[Any], str]]] = {
    Order.Requested: (("address",), customer_of_order),
    Customer.Registered: (("name", "email", "address", "phone"), the_customer),
    Customer.DetailsChanged: (("name", "address", "phone"), the_customer),
}
"""Which fields of which events are personal data, and whose."""


class KeyStore(Protocol):
    def key(self, owner: str, *, create: bool) -> bytes | None: ...

    def forget(self, owner: str) -> None: ...


class MemoryKeyStore:
    """Keys in this process's memory (for in-memory storage: tests)."""

    def __init__(self) -> None:
        self.keys: dict[str, bytes] = {}
        self.lock = threading.Lock()

    def key(self, owner: str, *, create: bool) -> bytes | None:
        with self.lock:
            if create and owner not in self.keys:
                self.keys[owner] = AESGCM.generate_key(bit_length=256)
            return self.keys.get(owner)

    def forget(self, owner: str) -> None:
        with self.lock:
            self.keys.pop(owner, None)


metadata = MetaData()
keys_table = Table(
    "personal_keys",
    metadata,
    Column("owner", String(200), primary_key=True),
    Column("key", LargeBinary(32), nullable=False),
)


class SQLKeyStore:
    """Keys in a table of the shop's own database, apart from the log. Each
    process keeps a key it has read for ``KEY_CACHE_SECONDS``, so a key
    forgotten in another process is gone here that long after, at the most
    (one forgotten in this process is gone at once)."""

    def __init__(self, url: str) -> None:
        self.engine = shared_engine(url)
        self.dialect = dialect_of(self.engine)
        create_tables(metadata, self.engine)
        self.cache: TTLCache[str, bytes] = TTLCache(KEY_CACHE_SIZE, KEY_CACHE_SECONDS)
        self.cache_lock = threading.Lock()

    def key(self, owner: str, *, create: bool) -> bytes | None:
        with self.cache_lock:
            cached = self.cache.get(owner)
        if cached is not None:
            return cached
        found = self.read(owner)
        if found is None and create:
            found = self.create(owner)
        if found is not None:
            with self.cache_lock:
                self.cache[owner] = found
        return found

    def read(self, owner: str) -> bytes | None:
        find = select(keys_table.c.key).where(keys_table.c.owner == owner)
        with self.engine.connect() as connection:
            found: bytes | None = connection.execute(find).scalar_one_or_none()
            return found

    def create(self, owner: str) -> bytes:
        new = AESGCM.generate_key(bit_length=256)
        insert = self.dialect.insert(keys_table).values(owner=owner, key=new)
        with self.engine.begin() as connection:
            connection.execute(insert.on_conflict_do_nothing())
        made = self.read(owner)  # ours, or another process's made first
        assert made is not None
        return made

    def forget(self, owner: str) -> None:
        with self.cache_lock:
            self.cache.pop(owner, None)
        with self.engine.begin() as connection:
            connection.execute(delete(keys_table).where(keys_table.c.owner == owner))


_memory_keys = MemoryKeyStore()


def key_store(env: Mapping[str, str]) -> KeyStore:
    """The key store of the shop whose storage ``env`` describes (``KEYS_``
    prefixed variables put it elsewhere)."""
    keys_env = Environment("Keys", env)
    if keys_env.get("PERSISTENCE_MODULE", "") in POPO_MODULES:
        return _memory_keys
    return shared_key_store(sql_tables_url(keys_env))


@functools.cache
def shared_key_store(url: str) -> SQLKeyStore:
    """One key store per database in a process, so that a key forgotten
    through one application leaves every cache in the process at once."""
    return SQLKeyStore(url)


@dataclass(frozen=True)
class Sealed:
    """A personal field as stored: its owner, and the text encrypted with
    their key."""

    owner: str
    nonce: bytes
    ciphertext: bytes


class SealedAsDict(Transcoding):
    """Stores ``Sealed`` fields; decodes them straight back to their text, or
    to ``ERASED`` once the owner's key is gone."""

    type = Sealed
    name = "sealed"

    def __init__(self, keys: KeyStore) -> None:
        self.keys = keys

    def seal(self, owner: str, text: str) -> Sealed:
        key = self.keys.key(owner, create=True)
        assert key is not None
        nonce = os.urandom(12)
        ciphertext = AESGCM(key).encrypt(nonce, text.encode(), owner.encode())
        return Sealed(owner, nonce, ciphertext)

    def encode(self, obj: Sealed) -> dict[str, str]:
        return {"o": obj.owner, "n": b64(obj.nonce), "c": b64(obj.ciphertext)}

    def decode(self, data: dict[str, str]) -> str:
        owner = data["o"]
        key = self.keys.key(owner, create=False)
        if key is None:
            return ERASED
        nonce, ciphertext = unb64(data["n"]), unb64(data["c"])
        try:
            return AESGCM(key).decrypt(nonce, ciphertext, owner.encode()).decode()
        except InvalidTag:
            return ERASED  # sealed with a key since forgotten, and made anew


class SealingMapper(Mapper[Any]):
    """Seals an event's personal fields (``PERSONAL_FIELDS``) before the
    library encodes it; the transcoder's ``SealedAsDict`` unseals them."""

    def to_stored_event(self, domain_event: DomainEventProtocol[Any]) -> StoredEvent:
        personal = PERSONAL_FIELDS.get(type(domain_event))
        if personal is not None:
            domain_event = self.sealed(domain_event, *personal)
        return super().to_stored_event(domain_event)

    def sealed(
        self,
        event: DomainEventProtocol[Any],
        fields: tuple[str, ...],
        owner_of: Callable[[Any], str],
    ) -> DomainEventProtocol[Any]:
        sealing = self.transcoder.types[Sealed]  # type: ignore[attr-defined]
        assert isinstance(sealing, SealedAsDict)
        owner = owner_of(event)
        sealed = copy.copy(event)
        for name in fields:
            value = getattr(event, name)
            object.__setattr__(sealed, name, sealing.seal(owner, value))
        return sealed


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


def unb64(text: str) -> bytes:
    return base64.b64decode(text)
