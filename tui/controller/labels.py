"""Human names for VSS paths and values (what a driver reads, never a raw path)."""

from __future__ import annotations

import re

LABELS = {
    "Vehicle.Speed": "Speed",
    "Vehicle.IsMoving": "Moving",
    "Vehicle.Powertrain.Transmission.SelectedGear": "Gear",
    "Vehicle.Exterior.AirTemperature": "Outside temperature",
    "Vehicle.Cabin.HVAC.AmbientAirTemperature": "Cabin temperature",
    "Vehicle.Powertrain.Range": "Range",
    "Vehicle.Powertrain.TractionBattery.StateOfCharge.Current": "Charge",
    "Vehicle.Powertrain.FuelSystem.RelativeLevel": "Fuel",
    "Vehicle.LowVoltageSystemState": "Ignition",
    "Vehicle.Cabin.Infotainment.HMI.DistanceUnit": "Distance unit",
    "Vehicle.Cabin.Infotainment.HMI.TemperatureUnit": "Temperature unit",
    "Vehicle.Cabin.Infotainment.HMI.TimeFormat": "Time format",
    "Vehicle.Cabin.Infotainment.HMI.DateFormat": "Date format",
    "Vehicle.Cabin.Infotainment.HMI.SpeedUnit": "Speed unit",
    "Vehicle.Cabin.Infotainment.HMI.FuelVolumeUnit": "Fuel volume unit",
    "Vehicle.Cabin.Infotainment.HMI.FuelEconomyUnits": "Fuel economy unit",
    "Vehicle.Cabin.Infotainment.HMI.TirePressureUnit": "Tyre pressure unit",
    "Vehicle.Cabin.Infotainment.HMI.DayNightMode": "Day / night",
    "Vehicle.Cabin.Infotainment.HMI.Brightness": "Screen brightness",
    "Vehicle.Cabin.Infotainment.HMI.FontSize": "Font size",
    "Vehicle.Cabin.Infotainment.HMI.IsScreenAlwaysOn": "Screen always on",
    "Vehicle.Private.SmartCockpit.Display.Theme": "Theme",
    "Vehicle.Private.SmartCockpit.Display.Language": "Language",
    "Vehicle.Private.SmartCockpit.DrivingMode": "Driving mode",
    "Vehicle.Cabin.Infotainment.Media.Volume": "Volume",
    "Vehicle.Cabin.Infotainment.Media.Played.Source": "Source",
    "Vehicle.Cabin.Infotainment.Media.SelectedURI": "Playing",
    "Vehicle.Cabin.Infotainment.Media.Action": "Play / pause",
    "Vehicle.Cabin.Infotainment.Media.Played.Artist": "Artist",
    "Vehicle.Cabin.Infotainment.Media.Played.Track": "Song",
    "Vehicle.Cabin.Seat.Row1.DriverSide.HeatingCooling": "Driver seat heating",
    "Vehicle.Cabin.Seat.Row1.PassengerSide.HeatingCooling": "Passenger seat heating",
    "Vehicle.Chassis.SteeringWheel.HeatingCooling": "Heated steering wheel",
    # the names the comfort screens' rows give them (climate, lights, driver assist, seats, mirrors)
    "Vehicle.Private.SmartCockpit.HVAC.IsAutoActive": "Automatic",
    "Vehicle.Private.SmartCockpit.HVAC.IsZoneSyncActive": "Sync zones",
    "Vehicle.Cabin.HVAC.IsAirConditioningActive": "A/C",
    "Vehicle.Cabin.HVAC.IsRecirculationActive": "Recirculation",
    "Vehicle.Cabin.HVAC.IsFrontDefrosterActive": "Front defrost",
    "Vehicle.Cabin.HVAC.IsRearDefrosterActive": "Rear defrost",
    "Vehicle.Body.Windshield.Rear.IsHeatingOn": "Rear window heating",
    "Vehicle.Body.Lights.LightSwitch": "Exterior lights",
    "Vehicle.Body.Lights.IsHighBeamSwitchOn": "High beam",
    "Vehicle.Body.Lights.Fog.Front.IsOn": "Front fog lights",
    "Vehicle.Cabin.Light.IsDomeOn": "Dome light",
    "Vehicle.Private.SmartCockpit.Cabin.Light.DomeIntensity": "Dome light intensity",
    "Vehicle.ADAS.CruiseControl.IsEnabled": "Adaptive cruise",
    "Vehicle.Private.SmartCockpit.ADAS.FollowingDistance": "Following distance",
    "Vehicle.ADAS.LaneDepartureDetection.IsEnabled": "Lane departure warning",
    "Vehicle.Private.SmartCockpit.ADAS.LaneKeepAssist.Mode": "Lane-keep assist",
    "Vehicle.ADAS.ObstacleDetection.Front.Center.IsEnabled": "Obstacle detection, front",
    "Vehicle.ADAS.ObstacleDetection.Rear.Center.IsEnabled": "Obstacle detection, rear",
    "Vehicle.ADAS.DMS.IsEnabled": "Driver monitoring",
    "Vehicle.Private.SmartCockpit.ADAS.SpeedLimitAssist.IsEnabled": "Speed-limit assist",
    "Vehicle.Private.SmartCockpit.ADAS.SpeedLimitAssist.Offset": "Speed-limit offset",
    "Vehicle.Private.SmartCockpit.ADAS.CollisionWarning": "Collision warning",
    "Vehicle.ADAS.EBA.IsEnabled": "Emergency braking",
    "Vehicle.Private.SmartCockpit.ADAS.HandsFree.IsActive": "Hands-free (Level 2+)",
    "Vehicle.Private.SmartCockpit.ADAS.EyesOff.IsActive": "Eyes-off (Level 3)",
    "Vehicle.Powertrain.TractionBattery.Charging.ChargeLimit": "Charge limit",
    "Vehicle.Powertrain.TractionBattery.Charging.ChargingPort.AnyPosition.IsFlapOpen": "Charge port",
    "Vehicle.Private.SmartCockpit.Charging.MaxCurrent": "Charging current",
    "Vehicle.Private.SmartCockpit.Charging.Schedule.IsEnabled": "Cheap hours",
    "Vehicle.Private.SmartCockpit.Charging.Schedule.Start": "Cheap hours start",
    "Vehicle.Private.SmartCockpit.Charging.Schedule.End": "Cheap hours end",
    "Vehicle.Private.SmartCockpit.Charging.Schedule.Days": "Cheap hours days",
    "Vehicle.Private.SmartCockpit.Departure.IsEnabled": "Departure",
    "Vehicle.Private.SmartCockpit.Seat.EasyEntry.IsEnabled": "Easy entry",
    "Vehicle.Chassis.SteeringWheel.Tilt": "Wheel tilt (height)",
    "Vehicle.Chassis.SteeringWheel.Extension": "Wheel reach",
    "Vehicle.Cabin.RearviewMirror.DimmingLevel": "Rear-view mirror dimming",
    "Vehicle.Powertrain.TractionBattery.Charging.StartStopCharging": "Charging",
    "Vehicle.Private.SmartCockpit.Valet.IsActive": "Valet mode",
}
_SEAT_AXIS = re.compile(r"^Vehicle\.Cabin\.Seat\.Row1\.(Driver|Passenger)Side\.(.+)$")
_MIRROR = re.compile(r"^Vehicle\.Body\.Mirrors\.(Driver|Passenger)Side\.(Tilt|Yaw)$")
_AIR = re.compile(r"^Vehicle\.Cabin\.HVAC\.Station\.Row\d\.\w+\.AirDistribution$")
AIR_WORDS = {"UP": "Windscreen", "MIDDLE": "Face", "DOWN": "Feet"}  # the climate row's words

VALUE_NAMES = {
    "KILOMETERS": "Kilometres", "MILES": "Miles", "HR_12": "12-hour", "HR_24": "24-hour",
    "C": "Celsius", "F": "Fahrenheit", "MILES_PER_HOUR": "mph", "KILOMETERS_PER_HOUR": "km/h",
    "YYYY_MM_DD": "2026-11-23", "DD_MM_YYYY": "23.11.2026", "MM_DD_YYYY": "11/23/2026",
    "YY_MM_DD": "26-11-23", "DD_MM_YY": "23.11.26", "MM_DD_YY": "11/23/26",
    "LITER": "Litres", "GALLON_US": "US gallons", "GALLON_UK": "UK gallons",
    "LITERS_PER_100_KILOMETERS": "l/100 km", "MPG_US": "mpg (US)", "MPG_UK": "mpg (UK)",
    "KILOMETERS_PER_LITER": "km/l", "MILES_PER_LITER": "miles/l",
    "PSI": "psi", "KPA": "kPa", "BAR": "bar",
    "en-US": "English (US)", "en-GB": "English (UK)", "fr-FR": "Français", "it-IT": "Italiano",
    "de-DE": "Deutsch", "es-ES": "Español", "nl-NL": "Nederlands", "pt-PT": "Português",
    "NONE": "Not set", "UNKNOWN": "Unknown",
    "BRAND": "Brand colours", "DARK": "Dark", "LIGHT": "Light", "DAY": "Day", "NIGHT": "Night",
}

UNIT_TEXT = {"Celsius": "°C", "percent": "%", "degrees": "°", "km/h": "km/h", "mm": "mm", "m": "m", "s": "s",
             "kWh": "kWh", "V": "V", "km": "km"}

_ROW_SIDE = re.compile(r"\.Row(\d)\.(Driver|Passenger)(Side)?")
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")


def label(path: str) -> str:
    """A setting's name as the screens show it (never the VSS path)."""
    if path in LABELS:
        return LABELS[path]
    m = _SEAT_AXIS.match(path)
    if m:
        from tui.controller.seats import AXES  # the seat rows' names, under their "Driver seat" heading

        if m.group(2) in AXES:
            return f"{m.group(1)} seat {AXES[m.group(2)].lower()}"
    m = _MIRROR.match(path)
    if m:
        return f"{m.group(1)} mirror {'tilt' if m.group(2) == 'Tilt' else 'left / right'}"
    parts = path.split(".")
    # drop the root and the overlay branch, keep the last two meaningful parts
    parts = [p for p in parts if p not in ("Vehicle", "Private", "SmartCockpit", "Cabin", "Body", "Chassis")]
    tail = parts[-2:] if len(parts) >= 2 else parts
    where = ""
    m = _ROW_SIDE.search(path)
    if m:
        row, side = m.group(1), m.group(2).lower()
        where = f" ({side}{', rear' if row != '1' else ''})"
        tail = [p for p in tail if not p.startswith("Row") and p not in ("DriverSide", "PassengerSide", "Driver", "Passenger")]
        if not tail:
            tail = parts[-1:]
    words = " ".join(_CAMEL.sub(" ", p) for p in tail)
    words = words.replace("Is ", "").replace(" Is ", " ")
    # lower-case the words but keep acronyms as they are written (ABS, HVAC, VIN, ...)
    words = " ".join(w if len(w) > 1 and w.isupper() else w.lower() for w in words.split())
    return (words[:1].upper() + words[1:]) + where


def value_text(spec, value, hmi=None) -> str:
    """A value as the driver reads it, in the signal's own unit (`hmi`: the driver's units, for a
    time of day in their 12/24-hour format)."""
    if value is None:
        return "—"
    special = _special(spec.path, value, hmi) if spec is not None else None
    if special is not None:
        return special
    if isinstance(value, bool):
        return "On" if value else "Off"
    if isinstance(value, str):
        if value in VALUE_NAMES:
            return VALUE_NAMES[value]
        if spec is not None and spec.allowed and value.isupper():
            return value.replace("_", " ").capitalize()
        return value
    unit = UNIT_TEXT.get(spec.unit, spec.unit or "") if spec is not None else ""
    if isinstance(value, float):
        number = f"{value:.1f}" if spec is not None and spec.unit == "Celsius" else f"{value:g}"
    else:
        number = str(value)
    return f"{number} {unit}".strip() if unit not in ("%", "°") else f"{number}{' ' if unit == '%' else ''}{unit}"


# ---------------------------------------------------------------------- words by setting
# A few settings read differently from their raw value: a heating/cooling percent is a level
# (the rows say "Medium"), what plays is a station or a song (never "radio:eu-fm-1024"), a media
# source is the name the media screen gives it.
_HEAT_COOL = re.compile(r"^Vehicle\.(Cabin\.Seat\.Row1\.(Driver|Passenger)Side|Chassis\.SteeringWheel)\.HeatingCooling$")
_MEDIA = "Vehicle.Cabin.Infotainment.Media."
PLAY_WORDS = {"PLAY": "Playing", "STOP": "Paused"}


_HHMM = re.compile(r"^\d{2}:\d{2}$")
_DAYS = re.compile(r"^(MO|TU|WE|TH|FR|SA|SU)(,(MO|TU|WE|TH|FR|SA|SU))*$")
FLAP_WORDS = {True: "Open", False: "Closed"}


def _special(path: str, value, hmi=None) -> str | None:
    if _HEAT_COOL.match(path) and isinstance(value, (int, float)) and not isinstance(value, bool):
        from tui.controller.controls import LEVEL_NAMES, level_of

        name = LEVEL_NAMES[level_of(value)]
        return f"{name} (cooling)" if value < 0 else name
    if isinstance(value, str) and _HHMM.match(value) and path.startswith("Vehicle.Private.SmartCockpit."):
        return hmi.hhmm_text(value) if hmi is not None else value  # a time of day: 7:30 AM or 07:30
    if isinstance(value, str) and _DAYS.match(value):
        from tui.controller.charging import days_text

        return days_text(value.split(","))  # as the charging rows say it: "every day", "Mon-Fri"
    if path.endswith(".StartStopCharging") and value in ("START", "STOP"):
        return "On" if value == "START" else "Off"
    if path.endswith(".IsFlapOpen") and isinstance(value, bool):
        return FLAP_WORDS[value]
    if _AIR.match(path) and value in AIR_WORDS:
        return AIR_WORDS[value]
    if path == "Vehicle.Body.Lights.LightSwitch":
        from tui.controller.lights import SWITCH_NAMES  # the lights row's words

        if value in SWITCH_NAMES:
            return SWITCH_NAMES[value]
    if path == _MEDIA + "SelectedURI" and isinstance(value, str):
        return media_text(value)
    if path == _MEDIA + "Played.Source" and isinstance(value, str):
        from tui.controller.media import SOURCES

        return SOURCES.get(value, _words(value))
    if path == _MEDIA + "Action" and isinstance(value, str):
        return PLAY_WORDS.get(value, _words(value))
    return None


def _words(code: str) -> str:
    """An enum or snake_case code as words ("ARM_AWAY" -> "Arm away"), the last resort."""
    text = str(code).replace("_", " ").replace("-", " ").strip()
    return text[:1].upper() + text[1:].lower() if text.isupper() or "_" in str(code) else text


def media_text(uri: str) -> str:
    """What plays, as the driver saw it: "Radio Jazz Torino (FM 87.8 MHz)", "Symphony No. 5 (USB
    stick)", "So What (Jazz Classics)"; never the URI. "—" for nothing."""
    if not uri:
        return "—"
    from store.media import sample_media

    kind, _, rest = uri.partition(":")
    media = sample_media()
    if kind == "radio":
        for stations in media["stations"].values():
            for s in stations:
                if s["id"] == rest:
                    return f"{s['name']} ({s['band']} {s['frequency']})"
        return "A radio station"
    if kind == "stream":
        pid, _, n = rest.partition("/")
        for p in media["library"]["streaming"]["playlists"]:
            if p["id"] == pid:
                tracks = p["tracks"]
                return f"{tracks[int(n or 0) % len(tracks)]['title']} ({p['name']})" if tracks and n.isdigit() \
                    else p["name"]
        return "A streaming playlist"
    if kind in ("usb", "bt"):
        shelf = media["library"]["usb" if kind == "usb" else "phone"]
        where = "USB stick" if kind == "usb" else "phone"
        for t in shelf["tracks"]:
            if t["id"] == rest:
                return f"{t['title']} ({where})"
        return f"A song on the {where}"
    return "Something to play"


def is_level(path: str) -> bool:
    """A heating/cooling setting read as a level (Off, Low, Medium, High), named by its row."""
    return bool(_HEAT_COOL.match(path))


def setting_label(path: str, *values) -> str:
    """The row's name for a setting holding these values: a seat that cools is its cooling row."""
    name = label(path)
    if _HEAT_COOL.match(path) and "seat" in name:
        numbers = [v for v in values if isinstance(v, (int, float)) and not isinstance(v, bool)]
        if any(v < 0 for v in numbers):
            name = name.replace("heating", "cooling" if all(v <= 0 for v in numbers) else "heating / cooling")
    return name


def change_words(path: str, old_text: str, new_text: str, *values) -> tuple[str, str, str]:
    """(name, old, new) for a change as the screen rows read it: "Driver seat cooling: Off -> Low"."""
    name = setting_label(path, *values)
    if "cooling" in name and "heating" not in name:
        old_text, new_text = old_text.replace(" (cooling)", ""), new_text.replace(" (cooling)", "")
    return name, old_text, new_text


# ---------------------------------------------------------------------- who and from where
CHANNEL_WORDS = {
    "ui": "on the screen", "screens": "on the screen", "screen": "on the screen",
    "cli": "from the command line", "assistant": "by voice", "voice": "by voice",
    "routine": "by a routine", "profile": "by a profile switch", "undo": "by undo",
    "simulator": "by the simulator", "system": "by the car", "car": "by the car",
    "phone": "from the phone app", "app": "from the phone app", "companion": "from the phone app",
    "home": "from home", "mqtt": "from the smart home", "sync": "from another car", "cloud": "from another car",
    "fleet": "by the fleet operator", "operator": "by the fleet operator", "renewal": "automatically",
    "schedule": "automatically", "scene": "by a scene", "update": "by a software update",
}
CHANNEL_NAMES = {
    "ui": "Screen", "screens": "Screen", "screen": "Screen", "cli": "Command line", "assistant": "Voice",
    "voice": "Voice", "routine": "Routine", "profile": "Profile switch", "undo": "Undo", "simulator": "Simulator",
    "system": "Car", "car": "Car", "phone": "Phone app", "app": "Phone app", "companion": "Phone app",
    "home": "Home", "mqtt": "Smart home", "sync": "Another car", "cloud": "Another car", "fleet": "Fleet operator",
    "operator": "Fleet operator", "renewal": "Automatic", "schedule": "Automatic", "scene": "Scene",
    "update": "Software update",
}


def channel_text(source: str | None) -> str:
    """Who/where a change came from, to follow a verb: "Cancelled on the screen", "set by voice"."""
    if not source:
        return "by the car"
    return CHANNEL_WORDS.get(source) or f"by {_words(source).lower()}"


def channel_name(source: str | None) -> str:
    """The same as a short name for a column or a list's second line: "Screen", "Voice"."""
    if not source:
        return "Car"
    return CHANNEL_NAMES.get(source) or _words(source)


_NOTE_CHANNEL = re.compile(r" \((" + "|".join(sorted(CHANNEL_WORDS, key=len, reverse=True)) + r")\)")


def plain_note(note: str | None) -> str:
    """A stored note in plain words: an older "Cancelled (ui)" reads "Cancelled on the screen"."""
    if not note:
        return ""
    return _NOTE_CHANNEL.sub(lambda m: " " + CHANNEL_WORDS[m.group(1)], note)


# ---------------------------------------------------------------------- what a driver must never read
INTERNAL = re.compile(r"\b[a-z]+_[a-z_]+\b|\b[A-Z]{2,}_[A-Z_]+\b|\b(?:radio|usb|bt|stream):[\w-]|\b[Uu][Rr][Ii]\b"
                      r"|\((?:ui|cli|system|undo|assistant|routine|profile|simulator)\)|\b(?:True|False|None)\b"
                      r"|Vehicle\.[A-Z]")


def leaks(text: str) -> list[str]:
    """Internal names in a text meant for the driver (snake_case, URIs, VSS paths, enum codes,
    "(ui)", True/False/None); [] when it reads as plain words."""
    return [m.group(0) for m in INTERNAL.finditer(text or "")]
