"""The footer of every screen: Textual's Footer, rebuilt only when the keys it shows change.

Textual's Footer rebuilds all of its keys on every bindings signal (a screen being pushed, a
focus moving), several times while a menu opens, though the keys shown are the same. Opening a
menu is the cockpit's most frequent wait, so identical rebuilds are skipped.
"""

from __future__ import annotations

from textual.widgets import Footer


class CockpitFooter(Footer):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._shown: tuple | None = None

    def _signature(self) -> tuple:
        try:
            active = self.screen.active_bindings
        except Exception:  # not attached yet
            return ()
        keys = tuple((b.key, b.description, b.key_display, enabled, tooltip)
                     for (_, b, enabled, tooltip) in active.values() if b.show)
        return (keys, self.compact, self.show_command_palette, self.app.COMMAND_PALETTE_BINDING in active)

    def bindings_changed(self, screen) -> None:
        self._bindings_ready = True
        if not screen.app.app_focus:
            return
        if self.is_attached and screen is self.screen:
            signature = self._signature()
            if signature == self._shown:
                return
            self._shown = signature
            self.call_after_refresh(self.recompose)
