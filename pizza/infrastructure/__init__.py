"""What the shop adds to the ``eventsourcing`` library, or replaces in it.

Everything here is infrastructure, not business: it changes how applications
store, read and process events, never what an order is. Each module opens with
the library feature it extends or replaces, and why. Where a module relies on
the library's private API (names with a leading underscore, or attributes the
library does not document), ``pyproject.toml`` pins the library to the exact
release it was written against, and ``tests/unit/test_library_api.py`` fails
loudly if one of those names changes.

- ``application``: the base of every shop application (shared transcodings, one
  SQLite writer per file).
- ``followers``: followers that catch up when they start following, process a
  pulled section in one transaction, and retry transient database errors.
- ``sqlite_writers``: one write lock per SQLite file, shared by every datastore.
- ``storage``: where an application keeps its records when the library's
  defaults do not fit (the view's SQL tables, the autopilot's position).
- ``health``: how far each follower has read, and which have stopped.
- ``transcodings``: how the shop's value objects are stored in events.
"""
