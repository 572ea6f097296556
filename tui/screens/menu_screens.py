"""Which screen each top-level menu opens: the UI side of tui.controller.menus (the controller
knows the menus, their tiles and when they are available, never the screens).

Each screen module is imported when its menu is first opened: start-up does not pay for them. Every
top-level menu's screen is kept between visits (app.open_menu)."""

from __future__ import annotations

from tui.screens.base import CockpitScreen


def screen_for(menu_id: str) -> type[CockpitScreen]:
    match menu_id:
        case "drive":
            from tui.screens.drive import DriveScreen as screen
        case "profiles":
            from tui.screens.profiles import ProfilesScreen as screen
        case "climate":
            from tui.screens.climate import ClimateScreen as screen
        case "seats":
            from tui.screens.seats import SeatsScreen as screen
        case "lights":
            from tui.screens.lights import LightsScreen as screen
        case "assist":
            from tui.screens.driver_assistance import DriverAssistanceScreen as screen
        case "vehicle":  # issue 17
            from tui.screens.vehicle_body import VehicleScreen as screen
        case "media":
            from tui.screens.media import MediaScreen as screen
        case "smart_home":
            from tui.screens.smart_home import SmartHomeScreen as screen
        case "services":
            from tui.screens.services import ServicesScreen as screen
        case "updates":
            from tui.screens.software_update import SoftwareUpdateScreen as screen
        case "settings":
            from tui.screens.settings import SettingsScreen as screen
        case _:
            raise KeyError(menu_id)
    return screen


__all__ = ["screen_for"]
