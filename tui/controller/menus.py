"""The top-level menus that exist, what their tiles say, and when they are available.

Screens come and go with the issues that build them; this table is the single list.
"""

from __future__ import annotations

from dataclasses import dataclass

from tui.controller.restrictions import PARKED_ONLY


@dataclass(frozen=True)
class Menu:
    """A top-level menu: its tile and the words that find it (the screen it opens is the UI's
    business: tui.screens.menu_screens)."""

    id: str
    title: str
    keywords: str = ""
    parked_only: bool = False


MENUS: list[Menu] = [
    # -- drive (issue 4)
    Menu("drive", "Drive", "dashboard speed simulator trip route gear"),
    # -- profiles (issue 3)
    Menu("profiles", "Profiles",
         "profile driver user switch guest pin valet import export history"),
    # -- climate, seats & mirrors, lights & display, driver assist (issue 4)
    Menu("climate", "Climate", "temperature fan heating seat wheel defrost"),
    Menu("seats", "Seats & Mirrors", "seat memory mirrors steering wheel easy entry"),
    Menu("lights", "Lights & Display", "ambient headlights brightness day night"),
    Menu("assist", "Driver Assist", "autodrive cruise lane hands-free eyes-off"),
    # -- vehicle: doors, windows, locks, health (issue 17)
    Menu("vehicle", "Vehicle", "doors windows sunroof trunk tailgate frunk locks child tyres tires pressure "
         "washer battery service warning lights"),
    # -- media (issue 7)
    Menu("media", "Media", "music radio fm am dab streaming usb bluetooth phone volume"),
    # -- smart home (issue 5)
    Menu("smart_home", "Smart Home",
         "home garage lights lock alarm thermostat doorbell scenes routines favourites"),
    # -- services (issue 7)
    Menu("services", "Services",
         "subscriptions trial buy plans receipts marketplace settlement ledger", parked_only=True),
    # -- software update (issue 9, later)
    Menu("updates", "Software Update", "update software version install firmware ota release notes"),
    Menu("settings", "Settings", "car units display about theme brand"),
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
    """One short line for the tile, whole: the tile fits it to its width (in cells, with "…")."""
    fn = SUMMARIES.get(m.id)
    return fn(controller) if fn else ""


SUMMARIES: dict = {
    # -- profiles (issue 3)
    "profiles": lambda c: "Valet mode on" if c.profiles.valet_active() else f"{c.active_profile_name()} at the wheel",
    # -- vehicle controls and drive (issue 4)
    "drive": lambda c: c.drive.summary(),
    "climate": lambda c: c.climate.summary(),
    "seats": lambda c: c.seats.summary(),
    "lights": lambda c: c.lights.summary(),
    "assist": lambda c: c.driver_assistance.summary(),
    "vehicle": lambda c: c.health.summary() or c.body.summary(),  # a warning first (issue 17)
    # -- media and services (issue 7)
    "media": lambda c: c.media.tile_summary(),
    "services": lambda c: c.services.tile_summary(),
    # -- smart home (issue 5)
    "smart_home": lambda c: c.home.summary(),
    # -- software updates (issue 20)
    "updates": lambda c: c.updates.summary(),
    "settings": lambda c: "car · units · display",
}
