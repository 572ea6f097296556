"""Valet mode: entered parked with a PIN chosen then, left with that PIN (the authority decides,
counting tries); while it is on, settings are locked, the speed is capped, profiles and the home
are hidden, and nothing a valet changes is remembered in a profile."""

from __future__ import annotations

from tui.controller.errors import NotAllowed
from tui.controller.events import ContextChanged
from tui.controller.profiles.rules import DEFAULT_VALET_CAP, VALET, VALET_CAP
from tui.controller.security import check_pin_format, hash_pin

VALET_NO_UNDO = "Undo does not turn valet mode on or off: use Valet in Profiles (leaving asks for its PIN)."


class ValetMixin:
    """`Profiles`' valet mode, its write guard (locked settings, the speed cap) and feature gate."""

    def valet_active(self) -> bool:
        return bool(self.c.get(VALET))

    def speed_cap(self) -> float | None:
        """The top speed in valet mode (km/h), None when valet mode is off."""
        if not self.valet_active():
            return None
        return self.c.get(VALET_CAP) or DEFAULT_VALET_CAP

    def speed_cap_text(self) -> str:
        """Valet mode's top speed (on, or when it would start) in the driver's unit: "70 mph"."""
        from tui.controller.units import speed_text

        return speed_text(self.c.get(VALET_CAP) or DEFAULT_VALET_CAP, self.c.hmi_units().speed)

    def valet_on(self, pin: str, source: str = "ui") -> None:
        """Enter valet mode (parked) with a PIN of 4 to 6 digits chosen now; it is asked again to leave."""
        if self.valet_active():
            raise NotAllowed("Valet mode is already on.")
        if not self.c.has(VALET):
            from tui.controller.errors import NotOnThisCar

            raise NotOnThisCar(f"{self.c.car.title} has no valet mode.")
        self._parked("Start valet mode")
        check_pin_format(pin)
        digest, salt = hash_pin(pin)
        values = {VALET: True}
        if self.c.has(VALET_CAP) and not self.c.get(VALET_CAP):
            values[VALET_CAP] = DEFAULT_VALET_CAP
        self._valet_changing = True
        try:
            with self.store.write():
                self.store.profiles.start_valet(self.c.active_profile_id(), digest, salt)
                with self.c.user_action("valet mode", source, undoable=False, why_not=VALET_NO_UNDO):
                    self.c.set_many(values, source=source)
        finally:
            self._valet_changing = False
        self.c.events.publish(ContextChanged("profile"))

    def verify_valet(self, pin) -> None:
        """Check the valet PIN (counted and locked like every PIN)."""
        record = self.store.profiles.valet()
        if record is None:
            return
        self.c.security.check_pin("valet", pin, (record.pin_hash, record.pin_salt), "the valet PIN")

    def valet_off(self, pin: str | None, source: str = "ui") -> None:
        """Leave valet mode with its PIN. Five wrong tries lock it, longer each time, across restarts too."""
        if not self.valet_active():
            raise NotAllowed("Valet mode is off.")
        self.c.authority.require("valet.leave", pin=pin, source=source)
        self._valet_changing = True
        try:
            with self.store.write():
                self.store.profiles.end_valet()
                with self.c.user_action("leaving valet mode", source, undoable=False, why_not=VALET_NO_UNDO):
                    self.c.set_many({VALET: False}, source=source)
        finally:
            self._valet_changing = False
        self.c.events.publish(ContextChanged("profile"))

    def valet_locked_for(self) -> int:
        record = self.store.profiles.valet()
        if record is None or not record.locked_until:
            return 0
        return max(0, int(record.locked_until - self.c.clock.now().timestamp() + 0.999))

    def _guard(self, controller, spec, value, source: str) -> None:
        if self._valet_changing or not self.valet_active():
            return
        if self.c.authority.carrying_out(spec.path, value):  # locking; the owner's unlock, with the valet PIN
            return
        if source in ("simulator", "system"):
            cap = self.speed_cap()
            if spec.path == "Vehicle.Speed" and isinstance(value, (int, float)) and cap and value > cap:
                raise NotAllowed(f"Valet mode caps the speed at {self.speed_cap_text()}.")
            return
        raise NotAllowed("Settings are locked in valet mode. Leave valet mode with its PIN.")

    def _gate(self, feature: str) -> str | None:
        if feature.startswith("home.") and self.valet_active():
            return "Hidden in valet mode."
        return None
