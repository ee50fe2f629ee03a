"""The shop's domain: menu, order requests, aggregates and business rules.

Imports only the standard library and ``eventsourcing.domain``.
"""
