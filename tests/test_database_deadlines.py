"""A wait on the database ends at the sooner of two nested deadlines: a health check (2 s) run
as a query that has its own, longer reply deadline still gives up after 2 s."""

import time

import pytest

from pages.database_deadlines import DatabaseUnresponsive, reply_deadline


def _gave_up_after(outer, inner, inner_work, outer_work=0.0):
    started = time.monotonic()
    with pytest.raises(DatabaseUnresponsive), reply_deadline(outer):
        with reply_deadline(inner):
            time.sleep(inner_work)
        time.sleep(outer_work)
    return time.monotonic() - started


def test_a_longer_inner_deadline_does_not_extend_the_outer_one():
    assert 0.2 <= _gave_up_after(outer=0.2, inner=5, inner_work=3) < 1


def test_a_shorter_inner_deadline_ends_the_wait_first():
    assert 0.2 <= _gave_up_after(outer=5, inner=0.2, inner_work=3) < 1


def test_the_outer_deadline_goes_on_after_a_shorter_inner_one_ends_in_time():
    assert 0.6 <= _gave_up_after(outer=0.6, inner=0.3, inner_work=0.1, outer_work=3) < 1.5


def test_a_block_that_finishes_in_time_leaves_no_timer_behind():
    with reply_deadline(0.3), reply_deadline(0.2):
        pass
    time.sleep(0.5)  # an alarm left armed would interrupt this with DatabaseUnresponsive
