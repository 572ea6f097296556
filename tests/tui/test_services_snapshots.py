"""Snapshots of the Media, Services and Settlement screens at fixed sizes (FakeClock: 23 Nov 2026)."""

from __future__ import annotations


def test_media_playing_the_radio_at_80x24(app, controller, snap_compare):
    controller.media.set_source("FM")
    controller.media.save_preset(controller.media.items("FM")[0].uri)

    async def run_before(pilot):
        app.open_menu("media")
        await pilot.pause()

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


def test_media_streaming_needs_its_service(app, controller, snap_compare):
    async def run_before(pilot):
        app.open_menu("media")
        await pilot.pause()
        await pilot.press("down", "down")
        await pilot.pause()

    assert snap_compare(app, terminal_size=(100, 30), run_before=run_before)


def test_services_catalog_with_a_trial_and_a_plan(app, controller, snap_compare):
    controller.services.start_trial("music")
    controller.services.buy("traffic", "yearly")

    async def run_before(pilot):
        app.open_menu("services")
        await pilot.pause()
        await pilot.press("down", "down")
        await pilot.pause()

    assert snap_compare(app, terminal_size=(100, 30), run_before=run_before)


def test_services_at_80x24(app, controller, snap_compare):
    async def run_before(pilot):
        app.open_menu("services")
        await pilot.pause()

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


def test_settlement_screen(app, controller, snap_compare):
    controller.services.buy("music", "monthly")
    controller.ledger.simulate_months(1)
    from tui.screens.settlement import SettlementScreen

    async def run_before(pilot):
        app.push_screen(SettlementScreen("2026-11"))
        await pilot.pause()
        await pilot.pause()

    assert snap_compare(app, terminal_size=(100, 30), run_before=run_before)
