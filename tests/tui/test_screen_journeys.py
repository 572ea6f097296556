"""Every screen at 80x24, reached by keys from the home screen as a person would (arrows to a tile,
Enter, then the screen's own keys), and kept as a snapshot (pytest-textual-snapshot).

The start is deterministic: a fresh database with the demo car and a fixed clock. Tiles are reached
with the arrows from where the home screen starts, computed from the menu table, so a new tile
moves the path and not the test. Each journey also checks that the screen it meant to reach is the
one on top, so a snapshot never records the wrong screen.

When a screen changes on purpose, look at the new picture in the report and accept it with
`pytest tests/tui/test_screen_journeys.py --snapshot-update`.
"""

from __future__ import annotations


import pytest

from tests.tui.waits import until
from tui.controller import menus
from tui.widgets.tile_grid import TileGrid

SIZE = (80, 24)


def tile(menu_id: str) -> list[str]:
    """The keys that open a tile from the first one: down a row at a time, then right, then Enter."""
    index = [m.id for m in menus.MENUS].index(menu_id)
    return ["down"] * (index // TileGrid.COLUMNS) + ["right"] * (index % TileGrid.COLUMNS) + ["enter"]


# (name, keys from the home screen, the screen class on top at the end, a text it shows)
JOURNEYS = [
    ("drive", tile("drive"), "DriveScreen", "Drive"),
    ("drive_routes", tile("drive") + ["r"], "RouteScreen", "Home, town, highway"),
    ("profiles", tile("profiles"), "ProfilesScreen", "New profile"),
    ("profile_page", tile("profiles") + ["right"], "ProfileScreen", "History"),
    ("profile_history", tile("profiles") + ["right", "down", "enter"], "HistoryScreen", "Profiles"),
    ("profile_pin_pad", tile("profiles") + ["right"] + ["down"] * 3 + ["enter"], "PinScreen", "PIN"),
    ("climate", tile("climate"), "ClimateScreen", "Inside"),
    ("seats", tile("seats"), "SeatsScreen", "Driver seat"),
    ("seats_driver", tile("seats") + ["enter"], "SeatPartScreen", "Driver seat"),
    ("seats_memory", tile("seats") + ["down", "down", "enter"], "SeatMemoryScreen", "Seat memory"),
    ("seats_mirrors", tile("seats") + ["down"] * 3 + ["enter"], "SeatPartScreen", "Mirrors"),
    ("lights", tile("lights"), "LightsScreen", "Lights & Display"),
    ("driver_assistance", tile("assist"), "DriverAssistanceScreen", "AutoDrive"),
    ("media", tile("media"), "MediaScreen", "Media"),
    ("smart_home", tile("smart_home"), "SmartHomeScreen", "Smart Home"),
    ("smart_home_routines", tile("smart_home") + ["r"], "RoutinesScreen", "Routines"),
    ("routine_page", tile("smart_home") + ["r", "enter"], "RoutineScreen", "Routines"),
    ("routine_editor", tile("smart_home") + ["r", "n"], "RoutineEditorScreen", "Save"),
    ("services", tile("services"), "ServicesScreen", "Services"),
    ("services_receipts", tile("services") + ["e"], "ReceiptsScreen", "Receipts"),
    ("settlement_operator_pin", tile("services") + ["o"], "PinScreen", "operator"),
    ("settings_display", tile("settings") + ["3"], "DisplayScreen", "Display"),
    ("settings_about", tile("settings") + ["4"], "AboutScreen", "About"),
    ("settings_home_connection", tile("settings") + ["5"], "HomeConnectionScreen", "Smart home connection"),
    ("vehicle", tile("vehicle"), "VehicleScreen", "Doors"),
    ("vehicle_openings", tile("vehicle") + ["1"], "OpeningsScreen", "Doors"),
    ("vehicle_locks", tile("vehicle") + ["2"], "LocksScreen", "Locks"),
    ("vehicle_health", tile("vehicle") + ["3"], "HealthScreen", "Health"),
    ("drive_charging", tile("drive") + ["c"], "ChargingScreen", "Charging"),
    ("drive_trips", tile("drive") + ["t"], "TripsScreen", "Trips"),
    ("drive_navigation", tile("drive") + ["n"], "NavigationScreen", "Navigation"),
    ("profiles_sync", tile("profiles") + ["y"], "SyncScreen", "Sync"),
    ("software_update", tile("updates"), "SoftwareUpdateScreen", "Checked at"),  # after the signed check
    ("alerts", ["exclamation_mark"], "AlertsScreen", "Alerts"),
    ("alerts_messages", ["exclamation_mark", "m"], "MessagesScreen", "Messages"),
    ("help_on_climate", tile("climate") + ["question_mark"], "HelpScreen", "Climate"),
    ("assistant_bar", ["slash"], "AssistantScreen", "Ask"),
]


def screen_text(app) -> str:
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


@pytest.mark.parametrize("name,keys,screen,text", JOURNEYS, ids=[j[0] for j in JOURNEYS])
def test_screen_reached_by_keys(fixed_app, snap_compare, name, keys, screen, text):
    async def walk(pilot):
        app = pilot.app
        assert await until(pilot, lambda: type(app.screen).__name__ == "HomeScreen" and app.screen.query(TileGrid))
        for key in keys:
            before = app.screen
            await pilot.press(key)
            await until(pilot, lambda: app.screen is not before, frames=5)  # a key that opens waits for it
        assert await until(pilot, lambda: type(app.screen).__name__ == screen), (name, type(app.screen).__name__)
        assert await until(pilot, lambda: text in screen_text(app)), (name, screen_text(app))
        await pilot.pause()

    assert snap_compare(fixed_app, terminal_size=SIZE, run_before=walk)
