"""The Controller's domains: which there are, in which order they are built, and their classes.

The domains hang off the Controller as typed attributes (see the annotations on Controller). They
are built in DOMAIN_ORDER when it opens (right after the home screen's first paint in the app);
each class takes the Controller and may add write guards and hooks. domain_classes() imports them
only when they are built: start-up is the driver's wait. One mechanism, no "module:Class" strings.
"""

from __future__ import annotations

DOMAIN_ORDER = ("alerts", "security", "authority", "profiles", "climate", "seats", "mirrors", "lights", "driver_assistance", "body",
                "health", "simulator",
                "drive", "charging", "trips", "ledger", "services", "media", "home", "routines", "sync", "navigation")
# built on first use instead (no tick, start-up work, guard or hook of theirs has to run before)
ON_FIRST_USE = ("assistant", "updates")


def domain_classes() -> dict[str, type]:
    """Every domain's class by attribute (imported here, on first need)."""
    from tui.controller.alerts import Alerts  # the alert centre (issue 17): first, others raise alerts
    from tui.controller.driver_assistance import DriverAssist
    from tui.controller.authority import Authority
    from tui.controller.body import Body  # doors, windows, locks and the car's health (issue 17)
    from tui.controller.health import Health
    from tui.controller.charging import Charging  # charging and trips (issue 17)
    from tui.controller.climate import Climate
    from tui.controller.drive import Drive
    from tui.controller.home import Home
    from tui.controller.ledger import Ledger
    from tui.controller.lights import Lights
    from tui.controller.media import Media
    from tui.controller.navigation import Navigation  # issue 17
    from tui.controller.mirrors import MirrorsSteering
    from tui.controller.profiles import Profiles
    from tui.controller.routines import Routines
    from tui.controller.seats import Seats
    from tui.controller.security import Security
    from tui.controller.services import Services
    from tui.controller.trips import Trips
    from tui.controller.simulator import Simulator
    from tui.controller.sync import Sync  # light: nats-py and cryptography load only when syncing

    return {"alerts": Alerts, "security": Security, "authority": Authority, "profiles": Profiles, "climate": Climate, "seats": Seats,
            "mirrors": MirrorsSteering, "lights": Lights, "driver_assistance": DriverAssist, "body": Body,
            "health": Health, "simulator": Simulator,
            "drive": Drive, "charging": Charging, "trips": Trips, "ledger": Ledger, "services": Services, "media": Media, "home": Home,
            "routines": Routines, "sync": Sync, "navigation": Navigation}


def first_use_class(name: str) -> type:
    if name == "updates":  # software updates on the car (issue 20)
        from tui.controller.updates import Updates

        return Updates
    from tui.controller.assistant import Assistant

    return {"assistant": Assistant}[name]


__all__ = ["DOMAIN_ORDER", "ON_FIRST_USE", "domain_classes", "first_use_class"]
