"""Lights and display: ambient colour and intensity, exterior light switch, fog, dome light,
day/night and screen brightness; T opens the display's theme, font size and language (the same
rows as Settings > Display, one list of paths)."""

from __future__ import annotations

from textual.binding import Binding

from tui.screens.settings import DisplayScreen
from tui.screens.vehicle import ControlsScreen


class LightsScreen(ControlsScreen):
    CRUMBS = ("Lights & Display",)
    HELP = ("Ambient light colour and intensity, exterior lights, day or night display, brightness. "
            "T: theme, font size and language.")
    DOMAIN = staticmethod(lambda c: c.lights)
    BINDINGS = [Binding("t", "theme", "Theme", show=True)]

    def action_theme(self) -> None:
        self.app.push_screen(ThemeScreen())


class ThemeScreen(DisplayScreen):
    """Settings > Display's rows (day/night, brightness, theme, font size, language, screen always
    on), reached from Lights & Display."""

    CRUMBS = ("Lights & Display", "Theme")
