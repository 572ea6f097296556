"""Lights and display: ambient colour and intensity, exterior light switch, fog, dome light,
day/night and screen brightness."""

from __future__ import annotations

from tui.screens.vehicle import ControlsScreen


class LightsScreen(ControlsScreen):
    CRUMBS = ("Lights & Display",)
    HELP = "Ambient light colour and intensity, exterior lights, day or night display, brightness."
    DOMAIN = staticmethod(lambda c: c.lights)
