"""Snapshots (pytest-textual-snapshot) of the home screen at 80x24 and 120x40, and of the Settings
screens at 80x24. Deterministic: a fresh database with the demo car, a fixed clock.

When a later issue adds a tile, the home snapshots change on purpose: look at the new SVG in
the report and accept it with `pytest tests/tui/test_snapshots.py --snapshot-update`."""

from __future__ import annotations





def test_home_80x24(fixed_app, snap_compare):
    assert snap_compare(fixed_app, terminal_size=(80, 24))


def test_home_120x40(fixed_app, snap_compare):
    assert snap_compare(fixed_app, terminal_size=(120, 40))


def test_settings_80x24(fixed_app, snap_compare):
    async def open_settings(pilot):
        pilot.app.open_menu("settings")
        await pilot.pause()

    assert snap_compare(fixed_app, terminal_size=(80, 24), run_before=open_settings)


def test_settings_units_80x24(fixed_app, snap_compare):
    async def open_units(pilot):
        pilot.app.open_menu("settings")
        await pilot.pause()
        await pilot.press("2")
        await pilot.pause()

    assert snap_compare(fixed_app, terminal_size=(80, 24), run_before=open_units)


def test_settings_car_80x24(fixed_app, snap_compare):
    async def open_car(pilot):
        pilot.app.open_menu("settings")
        await pilot.pause()
        await pilot.press("1")
        await pilot.pause()

    assert snap_compare(fixed_app, terminal_size=(80, 24), run_before=open_car)
