"""Lights and display: ambient light colour (a palette) and intensity, the exterior light switch
(the spec's values), fog and high beam, dome light, day/night and screen brightness."""

from __future__ import annotations

from tui.controller.controls import AtLimit, Control, ControlDomain
from tui.controller.errors import InvalidValue, NotOnThisCar

AMBIENT = "Vehicle.Cabin.Light.AmbientLight.Row1."
LIGHTS = "Vehicle.Body.Lights."
HMI = "Vehicle.Cabin.Infotainment.HMI."
P = "Vehicle.Private.SmartCockpit."
PALETTE = {  # name -> colour (VSS takes "#RRGGBB")
    "Ice white": "#FFFFFF", "Warm white": "#FFE2B0", "Amber": "#FFB300", "Red": "#FF0000", "Orange": "#FF8C00",
    "Gold": "#FFC72C", "Green": "#00C853", "Teal": "#00BFA5", "Cyan": "#00E5FF", "Blue": "#0050FF",
    "Purple": "#8E24AA", "Pink": "#FF4FA0",
}
SWITCH_NAMES = {"OFF": "Off", "POSITION": "Sidelights", "DAYTIME_RUNNING_LIGHTS": "Daytime running",
                "AUTO": "Auto", "BEAM": "Headlights on"}


def colour_name(hex_value: str | None) -> str:
    for name, value in PALETTE.items():
        if value.upper() == (hex_value or "").upper():
            return name
    return f"Brand colour {hex_value}" if hex_value else "—"


class Lights(ControlDomain):
    def __init__(self, controller):
        super().__init__(controller)
        self._changers.update({"ambientcolour": self._change_colour, "ambientlevel": self._change_level})
        self._activators.update({"ambientcolour": lambda cid, s: self._change_colour(cid, 1, s),
                                 "ambientlevel": self._toggle_ambient})

    def sides(self) -> list[str]:
        return [f"{AMBIENT}{s}." for s in ("DriverSide", "PassengerSide") if self.c.has(f"{AMBIENT}{s}.IsLightOn")]

    def _need_ambient(self) -> list[str]:
        sides = self.sides()
        if not sides:
            raise NotOnThisCar(f"This {self.c.car.model.name} has no ambient lighting.")
        return sides

    def set_ambient_colour(self, name_or_hex: str, source: str = "ui") -> str:
        sides = self._need_ambient()
        wanted = str(name_or_hex).strip()
        value = next((v for n, v in PALETTE.items() if n.lower() == wanted.lower() or v.upper() == wanted.upper()), None)
        if value is None:
            raise InvalidValue(f"Ambient colours: {', '.join(PALETTE)}.")
        values = {}
        for base in sides:
            values[base + "Color"] = value
            values[base + "IsLightOn"] = True
        self.c.set_many(values, source)
        return f"Ambient light: {colour_name(value)}"

    def _change_colour(self, cid: str, direction: int, source: str) -> str:
        sides = self._need_ambient()
        names = list(PALETTE)
        current = colour_name(self.c.get(sides[0] + "Color"))
        i = names.index(current) if current in names else -1
        return self.set_ambient_colour(names[(i + direction) % len(names)], source)

    def set_ambient_level(self, percent: int, source: str = "ui") -> str:
        sides = self._need_ambient()
        spec = self.c.spec(sides[0] + "Intensity")
        if isinstance(percent, bool) or not isinstance(percent, (int, float)) or not 0 <= percent <= spec.max:
            raise InvalidValue(f"Ambient light goes from 0 (off) to {spec.max} %.")
        if percent == 0:
            self.c.set_many({b + "IsLightOn": False for b in sides}, source)
            return "Ambient light: off"
        step = spec.step or 5
        value = int(max(spec.min, min(spec.max, round(percent / step) * step)))
        values = {}
        for base in sides:
            values[base + "Intensity"] = value
            values[base + "IsLightOn"] = True
        self.c.set_many(values, source)
        return f"Ambient light: {value} %"

    def _change_level(self, cid: str, direction: int, source: str) -> str:
        sides = self._need_ambient()
        spec = self.c.spec(sides[0] + "Intensity")
        on = self.c.get(sides[0] + "IsLightOn")
        current = (self.c.get(sides[0] + "Intensity") or spec.min) if on else 0
        if current == 0 and direction > 0:
            return self.set_ambient_level(spec.min if spec.min > 0 else spec.step, source)
        nxt = current + direction * (spec.step or 5)
        if nxt < spec.min:
            nxt = 0
        nxt = min(spec.max, nxt)
        if nxt == current:
            return AtLimit(f"Ambient light is at its limit ({current} %).")
        return self.set_ambient_level(nxt, source)

    def _toggle_ambient(self, cid: str, source: str) -> str:
        sides = self._need_ambient()
        on = not self.c.get(sides[0] + "IsLightOn")
        self.c.set_many({b + "IsLightOn": on for b in sides}, source)
        return f"Ambient light: {'on' if on else 'off'}"

    def controls(self, section: str | None = None) -> list[Control]:
        c = self.c
        rows = []
        sides = self.sides()
        if sides:
            on = c.get(sides[0] + "IsLightOn")
            rows.append(Control("ambientcolour", "Ambient colour", colour_name(c.get(sides[0] + "Color")), "choice"))
            rows.append(Control("ambientlevel", "Ambient intensity",
                                f"{c.get(sides[0] + 'Intensity')} %" if on else "Off", "range"))
        else:
            reason = f"This {c.car.model.name} has no ambient lighting"
            rows.append(Control("ambientcolour", "Ambient colour", "—", "choice", reason))
        switch = self.path_control(LIGHTS + "LightSwitch", "Exterior lights")
        if switch:
            rows.append(Control(switch.id, switch.label, SWITCH_NAMES.get(c.get(LIGHTS + "LightSwitch"), switch.value),
                                "choice"))
        for path, label in ((LIGHTS + "IsHighBeamSwitchOn", "High beam"),
                            (LIGHTS + "Fog.Front.IsOn", "Front fog lights"),
                            ("Vehicle.Cabin.Light.IsDomeOn", "Dome light"),
                            (P + "Cabin.Light.DomeIntensity", "Dome light intensity"),
                            (HMI + "DayNightMode", "Day / night display"),
                            (HMI + "Brightness", "Screen brightness")):
            row = self.path_control(path, label)
            if row:
                rows.append(row)
        return rows

    def summary(self) -> str:
        sides = self.sides()
        switch = {"OFF": "Off", "POSITION": "Side", "DAYTIME_RUNNING_LIGHTS": "DRL", "AUTO": "Auto", "BEAM": "On"}.get(
            self.c.get(LIGHTS + "LightSwitch"), "—")
        if sides and self.c.get(sides[0] + "IsLightOn"):
            colour = colour_name(self.c.get(sides[0] + "Color"))
            colour = "brand" if colour.startswith("Brand") else colour.lower()
            return f"{switch} · {colour}"  # the tile fits it (cells, "…")
        return f"Lights {switch.lower()}"
