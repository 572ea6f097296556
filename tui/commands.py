"""The command palette (Ctrl+P): every screen and action by name, following the context."""

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
