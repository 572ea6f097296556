"""The top-level menus that exist, what their tiles say, and when they are available.

Screens come and go with the issues that build them; this table is the single list.
"""

from __future__ import annotations

from dataclasses import dataclass

from tui.controller.driving import PARKED_ONLY


@dataclass(frozen=True)
class Menu:
    """A top-level menu: its tile, the screen it opens and the words that find it."""

    id: str
    title: str
    screen: str  # "module:Class", imported only when opened
    keywords: str = ""
    parked_only: bool = False


MENUS: list[Menu] = [
    # -- drive (issue 4)
    Menu("drive", "Drive", "tui.screens.drive:DriveScreen", "dashboard speed simulator trip route gear"),
    # -- profiles (issue 3)
    Menu("profiles", "Profiles", "tui.screens.profiles:ProfilesScreen",
         "profile driver user switch guest pin valet import export history"),
    # -- climate, seats & mirrors, lights & display, driver assist (issue 4)
    Menu("climate", "Climate", "tui.screens.climate:ClimateScreen", "temperature fan heating seat wheel defrost"),
    Menu("seats", "Seats & Mirrors", "tui.screens.seats:SeatsScreen", "seat memory mirrors steering wheel easy entry"),
    Menu("lights", "Lights & Display", "tui.screens.lights:LightsScreen", "ambient headlights brightness day night"),
    Menu("assist", "Driver Assist", "tui.screens.assist:AssistScreen", "autodrive cruise lane hands-free eyes-off"),
    # -- media (issue 7)
    Menu("media", "Media", "tui.screens.media:MediaScreen", "music radio fm am dab streaming usb bluetooth phone volume"),
    # -- smart home (issue 5)
    Menu("smart_home", "Smart Home", "tui.screens.smart_home:SmartHomeScreen",
         "home garage lights lock alarm thermostat doorbell scenes routines favourites"),
    # -- services (issue 7)
    Menu("services", "Services", "tui.screens.services:ServicesScreen",
         "subscriptions trial buy plans receipts marketplace settlement ledger", parked_only=True),
    # -- software update (issue 9, later)
    Menu("settings", "Settings", "tui.screens.settings:SettingsScreen", "car units display about theme brand"),
]


def menu(menu_id: str) -> Menu:
    for m in MENUS:
        if m.id == menu_id:
            return m
    raise KeyError(menu_id)


def unavailable_reason(controller, m: Menu) -> str | None:
    """None when the menu can be opened now, otherwise why not."""
    if m.parked_only and controller.restrictions().moving:
        return PARKED_ONLY
    return None


def summary(controller, m: Menu) -> str:
    """One short line for the tile (at most 24 characters)."""
    fn = SUMMARIES.get(m.id)
    return fn(controller) if fn else ""


SUMMARIES: dict = {
    # -- profiles (issue 3)
    "profiles": lambda c: ("Valet mode on" if c.profiles.valet_active() else f"{c.active_profile_name()} at the wheel")[:24],
    # -- vehicle controls and drive (issue 4)
    "drive": lambda c: c.drive.summary(),
    "climate": lambda c: c.climate.summary(),
    "seats": lambda c: c.seats.summary(),
    "lights": lambda c: c.lights.summary(),
    "assist": lambda c: c.assist.summary(),
    # -- media and services (issue 7)
    "media": lambda c: c.media.tile_summary(),
    "services": lambda c: c.services.tile_summary(),
    # -- smart home (issue 5)
    "smart_home": lambda c: c.home.summary(),
    "settings": lambda c: "car · units · display",
}
