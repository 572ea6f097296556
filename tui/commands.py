"""The command palette (Ctrl+P): every screen and action by name, following the context.

An action found here is carried out by the screen that owns it, as if its key were pressed there:
the palette opens that screen (Drive, Profiles, Services) and calls the screen's action, or uses
the shared flow of the home screens (smart_home.perform). So it asks the same authority, the same
yes and the same PIN, and is refused for the same reasons (valet, moving, rights)."""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

from tui.controller import menus


class CockpitCommands(Provider):
    def _commands(self):
        app = self.app
        c = app.controller
        yield "Go home", app.action_go_home, "Back to the home screen"
        for m in menus.MENUS:
            yield f"Open {m.title}", partial(app.open_menu, m.id), m.keywords
        yield "Open Settings > Units", partial(app.open_path, "settings", "units"), "distance temperature time"
        yield "Open Settings > Display", partial(app.open_path, "settings", "display"), "day night brightness theme"
        yield "Open Settings > Car", partial(app.open_path, "settings", "car"), "brand model vehicle"
        yield "Open Settings > About", partial(app.open_path, "settings", "about"), "version database"
        for car in c.vehicles():
            if car.vin != c.car.vin:
                yield f"Switch car to {car.title} {car.model.model_year}", partial(app.switch_car, car.vin), car.vin
        # -- profiles (issue 3): switching to each profile, from the list the profiles domain gives
        if getattr(c, "profiles", None) is not None:
            from tui.screens.profiles import palette_commands

            yield from palette_commands(app)
        from tui.screens.drive import palette_commands as drive_commands  # charging and trips (issue 17)

        yield from drive_commands(app)
        yield from action_commands(app)  # actions by name (issue 16): garage, valet, trials, simulator
        yield "Undo last change", app.action_undo, "revert"
        yield "Help", app.action_help, "keys"
        yield "Alerts", app.action_alerts, "alert centre warnings unread car home services PIN handover"
        yield "Messages", app.action_messages, "past messages alerts notifications toasts warnings"
        yield "Ask the assistant", app.action_assistant, "request in plain words voice"
        yield "Quit", app.action_quit, "exit"
        for name, action, help_text in getattr(app, "extra_commands", lambda: [])():
            yield name, action, help_text

    async def discover(self) -> Hits:
        for name, action, help_text in self._commands():
            yield DiscoveryHit(name, action, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, action, help_text in self._commands():
            score = max(matcher.match(name), matcher.match(help_text) * 0.8 if help_text else 0)
            if score > 0:
                yield Hit(score, matcher.highlight(name), action, help=help_text)


# ---------------------------------------------------------------------------- actions by name
SIMULATOR = (("toggle", "Simulator: run or pause the drive", "Drive · S · start, pause or resume the demo drive"),
             ("faster", "Simulator: faster", "Drive · F · up to 60x"),
             ("slower", "Simulator: slower", "Drive · Shift+F · down to 1x"),
             ("stop", "Simulator: stop and park", "Drive · X · stop the drive and park"))


def on_screen(app, menu_id: str, action: str, *args) -> None:
    """Open a top-level menu's screen (its own availability rules: parked-only, valet) and, once it
    is composed, press its action as its key would."""
    if not app.open_menu(menu_id):  # not available now (the reason was shown)
        return
    screen = app.screen

    def press() -> None:
        if app.screen is screen:
            getattr(screen, f"action_{action}")(*args)

    screen.call_after_refresh(press)


def on_service(app, service_id: str, action: str) -> None:
    """The Services screen with this service highlighted, then its key (t trial, c cancel)."""
    from tui.controller import menus
    from tui.screens.services import ServicesScreen

    reason = menus.unavailable_reason(app.controller, menus.menu("services"))
    if reason:  # shopping waits until the car is parked
        app.notify(reason, severity="warning", timeout=2)
        return
    app.action_go_home()
    screen = ServicesScreen(focus=service_id)
    app.push_screen(screen)

    def press() -> None:
        if app.screen is screen:
            getattr(screen, f"action_{action}")()

    screen.call_after_refresh(press)


def on_device(app, entity_id: str, action: str) -> None:
    from tui.screens.smart_home import perform

    perform(app.screen, entity_id, action)


def action_commands(app):
    """(title, callback, help) for the actions the palette finds by name."""
    c = app.controller
    for what, title, help_text in SIMULATOR:
        yield title, partial(on_screen, app, "drive", "sim", what), help_text
    yield "Simulator: choose the route", partial(on_screen, app, "drive", "routes"), "Drive · R · built in or your own"
    profiles = getattr(c, "profiles", None)
    if profiles is not None:
        leave = profiles.valet_active()
        yield (f"Valet mode {'off' if leave else 'on'}", partial(on_screen, app, "profiles", "valet"),
               "Profiles · V · settings locked, top speed capped, a PIN to leave")
    services = getattr(c, "services", None)
    if services is not None and not bool(c.get("Vehicle.Private.SmartCockpit.Valet.IsActive", False)):
        for o in services.catalog():
            if o.status == "available" and o.trial_days and not o.trial_used:
                yield (f"Start the free {o.name} trial", partial(on_service, app, o.id, "trial"),
                       f"Services · T · {o.trial_days} days free, nothing charged")
            elif o.status in ("trial", "active"):
                kind = "trial" if o.status == "trial" else "subscription"
                yield (f"Cancel {o.name} ({kind})", partial(on_service, app, o.id, "cancel"),
                       "Services · C · " + ("nothing was charged" if kind == "trial" else "the refund is shown first"))
    home = getattr(c, "home", None)
    if home is not None:
        for e in home.devices():
            if e.domain == "cover" and e.device_class in ("garage", "gate"):
                for verb in ("open", "close"):
                    yield (f"{verb.capitalize()} the {e.name.lower()}", partial(on_device, app, e.entity_id, verb),
                           f"Smart Home · {e.name} is {e.state}")
            elif e.domain == "lock":
                for verb in ("lock", "unlock"):
                    yield (f"{verb.capitalize()} the {e.name.lower()}", partial(on_device, app, e.entity_id, verb),
                           f"Smart Home · {e.name} is {e.state}")
