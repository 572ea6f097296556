"""The Alerts screen (issue 17), by keys: ! opens it on any screen, newest first, f filters by
source, r / Enter / a mark read, the unread count in the status bar follows, m opens the message
log; the palette reaches it too; an 80x24 snapshot."""

from __future__ import annotations


import pytest

from tests.tui.waits import palette_shows, until
from tui.widgets.status_bar import StatusBar


def status_text(app) -> str:
    return str(app.screen.query_one(StatusBar).render())


def seed(c):
    c.alerts.raise_("services", "trial", "AutoDrive Hands-Free trial ends 26/11/2026.", "information")
    c.clock.advance(60)
    c.alerts.raise_("home", "alarm", "The alarm is going off at home!", "error")
    c.clock.advance(60)
    c.alerts.raise_("car", "tyre_low", "Front left tyre is low: 26 psi.", "warning")


async def test_bang_opens_alerts_and_marks_read(app):
    from tui.screens.alerts import AlertList, AlertsScreen

    seed(app.controller)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "!3" in status_text(app)
        await pilot.press("exclamation_mark")
        assert await until(pilot, lambda: isinstance(app.screen, AlertsScreen))
        menu = app.screen.query_one(AlertList)
        assert [menu.item(o.id).title.split(": ", 1)[1] for o in menu._options[:1]] == ["Front left tyre is low: 26 psi."]
        await pilot.press("r")  # the highlighted (newest) one
        assert await until(pilot, lambda: "!2" in status_text(app))
        await pilot.press("f")  # Car only
        assert await until(pilot, lambda: len(menu._options) == 1)
        await pilot.press("f")  # Home
        assert await until(pilot, lambda: "Home" in str(app.screen.query_one("#alerts-summary").render()))
        await pilot.press("enter")
        assert await until(pilot, lambda: "!1" in status_text(app))
        await pilot.press("f", "f", "f", "f", "f")  # back to all sources
        assert await until(pilot, lambda: "All sources" in str(app.screen.query_one("#alerts-summary").render()))
        await pilot.press("a")
        assert await until(pilot, lambda: "!" not in status_text(app).split("Parked")[-1])
        assert app.controller.alerts.unread() == 0


async def test_a_new_alert_shows_at_once(app):
    from tui.screens.alerts import AlertList, AlertsScreen

    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("exclamation_mark")
        assert await until(pilot, lambda: isinstance(app.screen, AlertsScreen))
        app.controller.alerts.raise_("car", "washer", "Washer fluid low.")
        menu = app.screen.query_one(AlertList)
        assert await until(pilot, lambda: menu.option_count == 1)
        assert await until(pilot, lambda: "!1" in status_text(app))


async def test_m_opens_the_message_log_and_palette_opens_alerts(app):
    from tui.screens.alerts import AlertsScreen

    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+p")
        await pilot.press(*"alerts")
        await palette_shows(pilot, "Alerts")
        await pilot.press("enter")
        assert await until(pilot, lambda: isinstance(app.screen, AlertsScreen))
        await pilot.press("m")
        assert await until(pilot, lambda: type(app.screen).__name__ == "MessagesScreen")
        await pilot.press("backspace")
        assert await until(pilot, lambda: isinstance(app.screen, AlertsScreen))


@pytest.fixture
def fixed_app(fixed_controller):
    from tui.app import CockpitApp

    seed(fixed_controller)
    return CockpitApp(fixed_controller)


def test_alerts_80x24(fixed_app, snap_compare):
    async def open_alerts(pilot):
        await pilot.press("exclamation_mark")
        await pilot.pause()

    assert snap_compare(fixed_app, terminal_size=(80, 24), run_before=open_alerts)


async def test_level3_handover_from_the_drive_screen_by_keys(app):
    """E on Drive ends a condition on purpose; the take-over dialog shows over the screen with its
    countdown; H confirms; every handover is in the alert centre."""
    from tui.screens.drive import DriveScreen
    from tui.screens.handover import HandoverScreen

    c = app.controller
    c.services.start_trial("handsfree")
    c.set_many({"Vehicle.ADAS.CruiseControl.IsEnabled": True, "Vehicle.ADAS.DMS.IsEnabled": True})
    c.set("Vehicle.Speed", 40.0, source="simulator")
    c.set("Vehicle.Private.SmartCockpit.ADAS.EyesOff.IsActive", True)
    async with app.run_test(size=(80, 24)) as pilot:
        app.open_menu("drive")
        assert await until(pilot, lambda: isinstance(app.screen, DriveScreen))
        await pilot.press("e")
        assert await until(pilot, lambda: type(app.screen).__name__ == "ChoiceScreen")
        await pilot.press("1")  # leave the highway
        assert await until(pilot, lambda: isinstance(app.screen, HandoverScreen))
        title = lambda: str(app.screen.query_one("#handover-title").render())  # noqa: E731
        assert "TAKE OVER NOW" in title() and "10 s" in title()
        c.clock.advance(3)
        assert await until(pilot, lambda: "7 s" in title())
        await pilot.press("escape")  # not a way out
        assert isinstance(app.screen, HandoverScreen)
        await pilot.press("h")
        assert await until(pilot, lambda: isinstance(app.screen, DriveScreen))
        assert c.driver_assistance.handover.state == "taken"
        assert [a.kind for a in c.alerts.list(source="assist")][:2] == ["handover_taken", "handover"]


async def test_an_unanswered_handover_escalates_on_screen(app):
    from tui.screens.handover import HandoverScreen

    c = app.controller
    c.services.start_trial("handsfree")
    c.set_many({"Vehicle.ADAS.CruiseControl.IsEnabled": True, "Vehicle.ADAS.DMS.IsEnabled": True})
    c.set("Vehicle.Speed", 40.0, source="simulator")
    c.set("Vehicle.Private.SmartCockpit.ADAS.EyesOff.IsActive", True)
    async with app.run_test(size=(80, 24)) as pilot:
        c.simulator.end_condition("monitoring")
        assert await until(pilot, lambda: isinstance(app.screen, HandoverScreen))
        c.clock.advance(11)
        c.tick()
        title = lambda: str(app.screen.query_one("#handover-title").render())  # noqa: E731
        assert await until(pilot, lambda: "NO ANSWER" in title())
        await pilot.press("enter")
        assert await until(pilot, lambda: not isinstance(app.screen, HandoverScreen))
        assert c.driver_assistance.handover.state == "taken"


def test_handover_80x24(fixed_app, snap_compare):
    c = fixed_app.controller
    c.services.start_trial("handsfree")
    c.set_many({"Vehicle.ADAS.CruiseControl.IsEnabled": True, "Vehicle.ADAS.DMS.IsEnabled": True})
    c.set("Vehicle.Speed", 40.0, source="simulator")
    c.set("Vehicle.Private.SmartCockpit.ADAS.EyesOff.IsActive", True)

    async def take_over(pilot):
        c.simulator.end_condition("highway")
        await pilot.pause()
        await pilot.pause()

    assert snap_compare(fixed_app, terminal_size=(80, 24), run_before=take_over)


async def test_alerts_and_navigation_at_100x30(app):
    from tui.screens.alerts import AlertsScreen
    from tui.screens.navigation import NavigationScreen

    seed(app.controller)
    app.controller.services.start_trial("traffic")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("exclamation_mark")
        assert await until(pilot, lambda: isinstance(app.screen, AlertsScreen))
        assert app.screen.query_one("#alerts").option_count == 3
        await pilot.press("a")
        assert await until(pilot, lambda: app.controller.alerts.unread() == 0)
        await pilot.press("g")
        app.open_menu("drive")
        await pilot.pause()
        await pilot.press("n")
        assert await until(pilot, lambda: isinstance(app.screen, NavigationScreen))
        await pilot.press("enter")  # Home
        assert await until(pilot, lambda: "To Home" in str(app.screen.query_one("#nav-status").render()))
