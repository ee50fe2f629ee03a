"""The autopilot's plan of moves: due ones in time order, stale ones dropped."""

from __future__ import annotations

from uuid import uuid4

from pizza.autopilot import Moves


def test_due_moves_come_in_time_order() -> None:
    moves = Moves()
    first, second = uuid4(), uuid4()
    moves.plan(second, "baking", due=2.0)
    moves.plan(first, "validated", due=1.0)

    assert [moves.next_move(), moves.next_move()] == [
        (first, "validated"),
        (second, "baking"),
    ]


def test_a_move_planned_before_the_order_moved_on_is_dropped() -> None:
    moves = Moves()
    moved_on, waiting = uuid4(), uuid4()
    moves.plan(moved_on, "validated", due=1.0)
    moves.plan(moved_on, "assembling", due=None)  # e.g. staff moved it by hand
    moves.plan(waiting, "validated", due=2.0)

    assert moves.next_move() == (waiting, "validated")


def test_nothing_is_due_once_stopping() -> None:
    moves = Moves()
    moves.plan(uuid4(), "validated", due=1.0)
    moves.stop()

    assert moves.next_move() is None
