"""Full garbage collections wait for a pause in the driver's keys (tui/idle_gc.py): the policy with
a fake clock, and the real app process's collector switched on, used and handed back."""

from __future__ import annotations

import gc

import pytest

from tui.app import CockpitApp
from tui.controller import Controller
from tui.idle_gc import DUE_AFTER, IDLE_SECONDS, LONGEST_SECONDS, NEVER, IdleCollector


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def python_gc():
    """Whatever a test does to the collector, the process gets Python's settings back."""
    saved, enabled = gc.get_threshold(), gc.isenabled()
    yield
    gc.set_threshold(*saved)
    gc.unfreeze()
    (gc.enable if enabled else gc.disable)()


def test_a_full_collection_waits_for_a_pause_in_the_keys():
    clock = Clock()
    collector = IdleCollector(clock)
    assert not collector.due(DUE_AFTER)  # a key was just seen (start-up counts as one)
    clock.now += IDLE_SECONDS
    assert collector.due(DUE_AFTER)
    assert not collector.due(DUE_AFTER - 1)  # nothing to collect yet: Python would not either
    collector.saw_input()
    clock.now += IDLE_SECONDS / 2
    assert not collector.due(DUE_AFTER * 5)  # the driver is pressing keys


def test_keys_that_never_stop_still_get_a_collection_every_ten_seconds():
    clock = Clock()
    collector = IdleCollector(clock)
    for _ in range(int(LONGEST_SECONDS / 0.1) - 1):
        clock.now += 0.1
        collector.saw_input()
        assert not collector.due(DUE_AFTER)
    clock.now += 0.2
    collector.saw_input()
    assert collector.due(DUE_AFTER)


def test_only_the_full_collection_is_moved_and_python_gets_its_settings_back(python_gc):
    before = gc.get_threshold()
    collector = IdleCollector(Clock())
    collector.start()
    try:
        assert gc.isenabled()
        assert gc.get_threshold() == (before[0], before[1], NEVER)  # young generations as before
        assert gc.get_freeze_count() > 0  # what start-up built is out of the collector's view
    finally:
        collector.stop()
    assert gc.get_threshold() == before


def test_the_idle_collector_frees_screens_that_came_and_went(python_gc):
    """Cycles that lived a while (a screen and its widgets) and then were let go are freed only by
    a full collection: maybe_collect runs it once the keys pause."""
    clock = Clock()
    collector = IdleCollector(clock)
    collector.start()
    try:
        class Node:
            pass

        screen = []
        for _ in range(2000):  # cycles, as widgets and their screen make
            a, b = Node(), Node()
            a.other, b.other = b, a
            screen.append(a)
        del a, b
        gc.collect(1)  # it lived through young collections: it is in the oldest generation now
        screen.clear()  # the screen closes
        while gc.get_count()[2] < DUE_AFTER:  # young collections happen as the app runs
            gc.collect(1)

        def nodes() -> int:
            return sum(1 for o in gc.get_objects() if type(o) is Node)

        assert nodes() == 4000  # young collections did not free them
        assert not collector.maybe_collect()  # keys still coming
        clock.now += IDLE_SECONDS
        assert collector.maybe_collect() and collector.collections == 1
        assert nodes() == 0
        assert gc.get_count()[2] == 0
        assert not collector.maybe_collect()  # nothing pending any more
    finally:
        collector.stop()


async def test_the_app_process_uses_it_and_hands_python_its_settings_back(db_path, clock, python_gc):
    before = gc.get_threshold()
    c = Controller.open(db_path, clock=clock)
    app = CockpitApp(c, manage_gc=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.pause()
        assert gc.get_threshold()[2] == NEVER
        seen = app.idle.last_input
        await pilot.press("right")
        assert app.idle.last_input > seen  # keys are noticed
        app.idle.last_input -= IDLE_SECONDS
        while gc.get_count()[2] < DUE_AFTER:
            gc.collect(1)
        app._tick()  # the once-a-second tick runs it
        assert app.idle.collections == 1
    assert gc.get_threshold() == before
    c.close()


async def test_tests_and_embedders_keep_pythons_collector(db_path, clock, python_gc):
    before = gc.get_threshold()
    c = Controller.open(db_path, clock=clock)
    app = CockpitApp(c)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert not app.manage_gc and gc.get_threshold() == before
        assert not app.idle.maybe_collect()  # it never collects for an app that does not manage it
    c.close()
