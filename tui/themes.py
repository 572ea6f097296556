"""The 14 brand themes over the same screens (colours from the vehicle catalog)."""

from __future__ import annotations

from textual.theme import Theme

PLAIN = {"DARK": "textual-dark", "LIGHT": "textual-light"}


def brand_theme(brand) -> Theme:
    t = brand.theme
    return Theme(
        name=f"brand-{brand.id}",
        primary=t["primary"],
        secondary=t.get("secondary"),
        accent=t.get("accent"),
        foreground=t.get("foreground"),
        background=t.get("background"),
        surface=t.get("surface"),
        panel=t.get("panel"),
        dark=bool(t.get("dark", True)),
    )


def theme_name(controller) -> str:
    """The theme for the car and the driver's choice (Display.Theme, Day/Night)."""
    choice = controller.get("Vehicle.Private.SmartCockpit.Display.Theme") or "BRAND"
    if choice in PLAIN:
        return PLAIN[choice]
    night = controller.get("Vehicle.Cabin.Infotainment.HMI.DayNightMode") == "NIGHT"
    if night and not controller.car.brand.theme.get("dark", True):
        return "textual-dark"
    return f"brand-{controller.car.brand.id}"
