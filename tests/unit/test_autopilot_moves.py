"""The autopilot's plan of moves: due ones in time order, stale ones dropped,
finished orders forgotten."""

from __future__ import annotations

from uuid import uuid4

from pizza.autopilot import MOST_MOVES_AT_ONCE, Moves


def test_due_moves_come_together_in_time_order() -> None:
    moves = Moves()
    first, second = uuid4(), uuid4()
    moves.plan(second, "baking", due=2.0)
    moves.plan(first, "validated", due=1.0)

    assert moves.next_moves() == [(first, "validated"), (second, "baking")]


def test_at_most_a_transaction_of_moves_comes_at_once() -> None:
    moves = Moves()
    for number in range(MOST_MOVES_AT_ONCE + 5):
        moves.plan(uuid4(), "validated", due=float(number))

    assert len(moves.next_moves()) == MOST_MOVES_AT_ONCE
    assert len(moves.next_moves()) == 5


def test_a_move_planned_before_the_order_moved_on_is_dropped() -> None:
    moves = Moves()
    moved_on, waiting = uuid4(), uuid4()
    moves.plan(moved_on, "validated", due=1.0)
    moves.plan(moved_on, "cancelled", due=None)  # e.g. the customer cancelled
    moves.plan(waiting, "validated", due=2.0)

    assert moves.next_moves() == [(waiting, "validated")]


def test_finished_orders_are_forgotten() -> None:
    moves = Moves()
    orders = [uuid4() for _ in range(1000)]
    for order_id in orders:
        moves.plan(order_id, "validated", due=1.0)
    for order_id in orders:
        moves.plan(order_id, "delivered", due=None)

    assert moves.stage_now == {}
    new = uuid4()
    moves.plan(new, "validated", due=3.0)
    assert moves.next_moves() == [(new, "validated")]


def test_nothing_is_due_once_stopping() -> None:
    moves = Moves()
    moves.plan(uuid4(), "validated", due=1.0)
    moves.stop()

    assert moves.next_moves() == []
