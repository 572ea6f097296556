"""The shipped catalogs: VSS signals (+ overlay) and the brands and models of the fleet.

A model in vehicles.json declares its equipment in a compact form (climate zones, seat travel,
features); `model_signals` expands it into the VSS paths the car has, with the car's own range,
step, allowed values and a sensible factory value for each.
"""

from __future__ import annotations

import csv
import hashlib
import json
from functools import lru_cache
from pathlib import Path

SIGNAL_FILES = ("vss_signals.tsv", "vss_signals_row2.tsv", "overlay_signals.tsv")
VEHICLE_FILE = "vehicles.json"

P = "Vehicle.Private.SmartCockpit."
SEAT_AXES = (
    "Position",
    "Height",
    "Tilt",
    "Backrest.Recline",
    "Backrest.LumbarSupport",
    "Headrest.Height",
    "Seating.Length",
)
ADAS_FEATURES = ("ACC", "LDW", "LKA", "OBSTACLE_FRONT", "OBSTACLE_REAR", "DMS", "SPEED_LIMIT_ASSIST", "EBA")

MARKET_DEFAULTS = {
    # units shown to the driver, and where the demo home is
    "US": {"distance": "MILES", "temperature": "F", "time": "HR_12", "speed": "MILES_PER_HOUR",
           "date": "MM_DD_YYYY", "fuel": "GALLON_US", "economy": "MPG_US", "pressure": "PSI",
           "language": "en-US", "lat": 42.6875, "lon": -83.2341},
    "UK": {"distance": "MILES", "temperature": "C", "time": "HR_24", "speed": "MILES_PER_HOUR",
           "date": "DD_MM_YYYY", "fuel": "LITER", "economy": "MPG_UK", "pressure": "PSI",
           "language": "en-GB", "lat": 51.8787, "lon": -0.4200},
    "EU": {"distance": "KILOMETERS", "temperature": "C", "time": "HR_24", "speed": "KILOMETERS_PER_HOUR",
           "date": "DD_MM_YYYY", "fuel": "LITER", "economy": "LITERS_PER_100_KILOMETERS", "pressure": "BAR",
           "language": "en-GB", "lat": 45.0703, "lon": 7.6869},
}


def _read(name: str) -> str:
    # beside this module (setuptools installs package data as plain files); importlib.resources
    # would cost ~8 ms of set-up on every start for the same bytes
    return (Path(__file__).parent / name).read_text(encoding="utf-8")


def catalog_version() -> str:
    """A fingerprint of the shipped catalog files: a change reloads them on next open."""
    digest = hashlib.sha256()
    for name in (*SIGNAL_FILES, VEHICLE_FILE):
        digest.update(_read(name).encode())
    return digest.hexdigest()[:16]


def _num(text: str):
    if text == "":
        return None
    value = float(text)
    return int(value) if value.is_integer() else value


def signal_rows() -> list[dict]:
    rows = []
    for name in SIGNAL_FILES:
        reader = csv.DictReader(_read(name).splitlines(), delimiter="\t", quoting=csv.QUOTE_NONE)
        origin = "overlay" if name.startswith("overlay") else "vss"
        for r in reader:
            rows.append(
                {
                    "path": r["path"],
                    "datatype": r["datatype"],
                    "type": r["type"],
                    "unit": r["unit"] or None,
                    "min": _num(r["min"]),
                    "max": _num(r["max"]),
                    "allowed": r["allowed"] or None,
                    "description": r["description"],
                    "origin": origin,
                }
            )
    return rows


@lru_cache(maxsize=1)
def vehicle_catalog() -> dict:
    return json.loads(_read(VEHICLE_FILE))


def _row(path, default, lo=None, hi=None, step=None, allowed=None):
    return {
        "path": path,
        "min": lo,
        "max": hi,
        "step": step,
        "allowed": json.dumps(allowed) if allowed is not None else None,
        "default_value": json.dumps(default),
    }


def model_signals(model: dict, brand: dict) -> list[dict]:
    """Expand a model's declared equipment into (path, range, step, allowed, factory value) rows."""
    rows: list[dict] = []
    add = lambda *a, **k: rows.append(_row(*a, **k))  # noqa: E731
    market = MARKET_DEFAULTS.get(brand.get("market", "EU"), MARKET_DEFAULTS["EU"])
    pt = model["powertrain"]

    # identity and drive state
    add("Vehicle.VehicleIdentification.Brand", brand["name"])
    add("Vehicle.VehicleIdentification.Model", model["name"])
    add("Vehicle.VehicleIdentification.Year", model["model_year"])
    add("Vehicle.VehicleIdentification.VIN", "")
    add("Vehicle.Speed", 0.0, 0, 250 if pt != "BEV" else 200)
    add("Vehicle.IsMoving", False)
    add("Vehicle.Powertrain.Transmission.SelectedGear", 126, -1, 127)
    add("Vehicle.LowVoltageSystemState", "OFF")
    add("Vehicle.Chassis.ParkingBrake.IsEngaged", True)
    add("Vehicle.TraveledDistance", 12000_000)
    add("Vehicle.TraveledDistanceSinceStart", 0)
    add("Vehicle.TripMeterReading", 0)
    add("Vehicle.CurrentLocation.Latitude", market["lat"])
    add("Vehicle.CurrentLocation.Longitude", market["lon"])
    add("Vehicle.CurrentLocation.Heading", 0.0)
    add("Vehicle.Exterior.AirTemperature", 14.0)
    add("Vehicle.Cabin.HVAC.AmbientAirTemperature", 18.0)
    add("Vehicle.Chassis.SteeringWheel.Angle", 0)
    add("Vehicle.Connectivity.IsConnectivityAvailable", True)
    add(P + "Schedule.NextDeparture", "")  # software updates (issue 20) check the time left before it
    add("Vehicle.Service.IsServiceDue", False)
    add("Vehicle.Service.DistanceToService", 8400.0)
    add("Vehicle.Cabin.DriverPosition", "RIGHT" if brand.get("market") == "UK" else "LEFT")
    add("Vehicle.Cabin.DoorCount", model["doors"])
    add("Vehicle.LowVoltageBattery.CurrentVoltage", 12.6)

    # powertrain
    power_type = {"BEV": "ELECTRIC", "COMBUSTION": "COMBUSTION"}.get(pt, "HYBRID")
    add("Vehicle.Powertrain.Type", power_type)
    range_m = int(model["range_km"] * 1000 * 0.8)
    add("Vehicle.Powertrain.Range", range_m)
    if pt in ("BEV", "PHEV"):
        add("Vehicle.Powertrain.TractionBattery.StateOfCharge.Current", 80.0)
        add("Vehicle.Powertrain.TractionBattery.StateOfCharge.Displayed", 80.0)
        add("Vehicle.Powertrain.TractionBattery.StateOfHealth", 98.0)
        add("Vehicle.Powertrain.TractionBattery.Range", range_m if pt == "BEV" else 50_000)
        add("Vehicle.Powertrain.TractionBattery.Charging.IsCharging", False)
        add("Vehicle.Powertrain.TractionBattery.Charging.ChargingPort.AnyPosition.IsChargingCableConnected", False)
        add("Vehicle.Powertrain.TractionBattery.Charging.StartStopCharging", "STOP")
        add(P + "Charging.IsFastCharging", False)
        if model.get("charge_limit"):
            add("Vehicle.Powertrain.TractionBattery.Charging.ChargeLimit", 80, 50, 100, 5)
        # charging (issue 17): the port, the current, cheap hours and a departure with preconditioning
        amps = 32 if (model.get("ac_charge_kw") or 7.4) <= 7.4 else 16  # one phase up to 7.4 kW, else three
        base = "Vehicle.Powertrain.TractionBattery.Charging."
        add(base + "ChargingPort.AnyPosition.IsFlapOpen", False)
        add(base + "TimeToComplete", 0)
        add(base + "ChargeRate", 0.0)
        add(P + "Charging.MaxCurrent", amps, 6, amps, 2)
        add(P + "Charging.Power", 0.0)
        add(P + "Charging.Schedule.IsEnabled", False)
        add(P + "Charging.Schedule.Start", "01:00")
        add(P + "Charging.Schedule.End", "06:00")
        add(P + "Charging.Schedule.Days", "MO,TU,WE,TH,FR,SA,SU")
        add(P + "Departure.IsEnabled", False)
        add(P + "Departure.Time", "07:30")
        add(P + "Departure.Days", "MO,TU,WE,TH,FR")
        add(P + "Departure.IsPreconditioning", False)
    if pt in ("COMBUSTION", "HYBRID", "PHEV"):
        add("Vehicle.Powertrain.FuelSystem.RelativeLevel", 70)
        add("Vehicle.Powertrain.FuelSystem.Range", range_m if pt != "PHEV" else range_m - 50_000)
    add(P + "DrivingMode", model["drive_modes"][0], allowed=model["drive_modes"])

    # climate
    lo, hi = model["temp_range_c"]
    stations = ["Row1.Driver"]
    if model["climate_zones"] >= 2:
        stations.append("Row1.Passenger")
    if model["climate_zones"] >= 4:
        stations += ["Row2.Driver", "Row2.Passenger"]
    for st in stations:
        base = f"Vehicle.Cabin.HVAC.Station.{st}."
        add(base + "Temperature", 21.0, lo, hi, 0.5)
        add(base + "FanSpeed", 30, 0, 100, 10)
        add(base + "AirDistribution", "MIDDLE", allowed=["UP", "MIDDLE", "DOWN"])
    for flag, default in (("IsRecirculationActive", False), ("IsAirConditioningActive", True),
                          ("IsFrontDefrosterActive", False), ("IsRearDefrosterActive", False)):
        add("Vehicle.Cabin.HVAC." + flag, default)
    add(P + "HVAC.IsAutoActive", True)
    if model["climate_zones"] > 1:
        add(P + "HVAC.IsZoneSyncActive", False)
    add("Vehicle.Body.Windshield.Rear.IsHeatingOn", False)

    # seats
    for side, key in (("DriverSide", "driver"), ("PassengerSide", "passenger")):
        base = f"Vehicle.Cabin.Seat.Row1.{side}."
        add(base + "OccupancyStatus", "OCCUPIED" if key == "driver" else "EMPTY")
        add(base + "IsBelted", False)
        for axis, (a, b) in model["seats"].get(key, {}).items():
            if axis not in SEAT_AXES:
                raise ValueError(f"{model['id']}: unknown seat axis {axis}")
            step = 1 if axis.startswith("Backrest.Recline") or axis == "Tilt" else (5 if axis == "Backrest.LumbarSupport" else 10)
            add(base + axis, _mid(a, b, step), a, b, step)
        if model["seat_heating"]:
            add(base + "HeatingCooling", 0, -100 if model["seat_cooling"] else 0, 100)
        if model["massage"] and model["seats"].get(key):
            add(base + "Massage.Level", 0, 0, 100, 10)
    if model["memory_presets"]:
        add(P + "Seat.EasyEntry.IsEnabled", False)

    # steering wheel and mirrors
    if model["wheel_adjust"]:
        add("Vehicle.Chassis.SteeringWheel.Tilt", 50, 0, 100, 5)
        add("Vehicle.Chassis.SteeringWheel.Extension", 50, 0, 100, 5)
    if model["heated_wheel"]:
        add("Vehicle.Chassis.SteeringWheel.HeatingCooling", 0, 0, 100)
    for side in ("DriverSide", "PassengerSide"):
        base = f"Vehicle.Body.Mirrors.{side}."
        add(base + "Tilt", 0, -100, 100, 5)
        add(base + "Yaw", 0, -100, 100, 5)
        if model["mirror_fold"]:
            add(base + "IsFolded", False)
        if model["mirror_heating"]:
            add(base + "IsHeatingOn", False)

    # lights
    add("Vehicle.Body.Lights.LightSwitch", "AUTO", allowed=["OFF", "POSITION", "DAYTIME_RUNNING_LIGHTS", "AUTO", "BEAM"])
    add("Vehicle.Body.Lights.IsHighBeamSwitchOn", False)
    add("Vehicle.Body.Lights.Fog.Front.IsOn", False)
    add("Vehicle.Body.Lights.Hazard.IsSignaling", False)
    add("Vehicle.Cabin.Light.IsDomeOn", False)
    add("Vehicle.Cabin.Light.IsGloveBoxOn", False)
    add("Vehicle.Cabin.RearviewMirror.DimmingLevel", 0, 0, 100, 10)
    if model["ambient_light"]:
        for side in ("DriverSide", "PassengerSide"):
            base = f"Vehicle.Cabin.Light.AmbientLight.Row1.{side}."
            add(base + "IsLightOn", True)
            add(base + "Intensity", 60, 1, 100, 5)
            add(base + "Color", brand["theme"]["accent"].upper())
        add(P + "Cabin.Light.DomeIntensity", 70, 0, 100, 10)

    # body
    rows_of_doors = ["Row1"] + (["Row2"] if model["doors"] >= 4 else [])
    for row in rows_of_doors:
        for side in ("DriverSide", "PassengerSide"):
            base = f"Vehicle.Cabin.Door.{row}.{side}."
            add(base + "IsOpen", False)
            add(base + "IsLocked", True)
            add(base + "Window.Position", 0, 0, 100, 10)
            add(base + "Window.Switch", "INACTIVE")  # body and health (issue 17): one-touch moves
            if row == "Row2":
                add(base + "IsChildLockActive", False)
    if model["doors"] >= 4:
        add("Vehicle.Cabin.IsWindowChildLockEngaged", False)
    add("Vehicle.Body.Trunk.Rear.IsOpen", False)
    add("Vehicle.Body.Trunk.Rear.IsLocked", True)
    if model.get("frunk"):
        add("Vehicle.Body.Trunk.Front.IsOpen", False)
        add("Vehicle.Body.Trunk.Front.IsLocked", True)
    for axle in ("Row1", "Row2"):  # the placard pressure is the reading's factory value
        for wheel in ("Left", "Right"):
            add(f"Vehicle.Chassis.Axle.{axle}.Wheel.{wheel}.Tire.Pressure", model.get("tire_kpa", 240))
            add(f"Vehicle.Chassis.Axle.{axle}.Wheel.{wheel}.Tire.IsPressureLow", False)
    add("Vehicle.Body.Windshield.Front.WasherFluid.IsLevelLow", False)
    add("Vehicle.Service.TimeToService", 200 * 86400)
    add("Vehicle.OBD.Status.IsMILOn", False)
    for system in ("ABS", "TCS", "ESC"):
        add(f"Vehicle.ADAS.{system}.IsError", False)
    add(P + "Simulation.PinchObstacle", "")
    add(P + "Simulation.TireLeak", "")
    add("Vehicle.Body.Hood.IsOpen", False)
    add("Vehicle.Body.Windshield.Front.Wiping.Mode", "OFF",
        allowed=["OFF", "SLOW", "MEDIUM", "FAST", "INTERVAL", "RAIN_SENSOR"])
    add("Vehicle.Body.Windshield.Front.IsHeatingOn", False)
    add("Vehicle.Body.Windshield.Front.WasherFluid.Level", 75)
    if model["sunroof"]:
        add("Vehicle.Cabin.Sunroof.Switch", "INACTIVE",
            allowed=["INACTIVE", "CLOSE", "OPEN", "ONE_SHOT_CLOSE", "ONE_SHOT_OPEN", "TILT_UP", "TILT_DOWN"])
        add("Vehicle.Cabin.Sunroof.Position", 0, -100, 100)
        add("Vehicle.Cabin.Sunroof.Shade.Position", 0, 0, 100, 10)

    # infotainment and display
    add("Vehicle.Cabin.Infotainment.HMI.DistanceUnit", market["distance"])
    add("Vehicle.Cabin.Infotainment.HMI.TemperatureUnit", market["temperature"])
    add("Vehicle.Cabin.Infotainment.HMI.TimeFormat", market["time"])
    add("Vehicle.Cabin.Infotainment.HMI.DateFormat", market["date"])
    add("Vehicle.Cabin.Infotainment.HMI.SpeedUnit", market["speed"],
        allowed=["MILES_PER_HOUR", "KILOMETERS_PER_HOUR"])
    add("Vehicle.Cabin.Infotainment.HMI.FuelVolumeUnit", market["fuel"])
    add("Vehicle.Cabin.Infotainment.HMI.FuelEconomyUnits", market["economy"])
    add("Vehicle.Cabin.Infotainment.HMI.TirePressureUnit", market["pressure"])
    add("Vehicle.Cabin.Infotainment.HMI.CurrentLanguage", market["language"])
    add("Vehicle.Cabin.Infotainment.HMI.FontSize", "STANDARD")
    add("Vehicle.Cabin.Infotainment.HMI.Brightness", 80.0, 10, 100, 10)
    add("Vehicle.Cabin.Infotainment.HMI.DayNightMode", "DAY")
    add("Vehicle.Cabin.Infotainment.HMI.IsScreenAlwaysOn", True)
    add(P + "Display.Theme", "BRAND")
    add(P + "Display.Language", market["language"])
    add("Vehicle.Cabin.Infotainment.Media.Volume", 30, 0, 100, 2)
    add("Vehicle.Cabin.Infotainment.Media.Action", "STOP")
    add("Vehicle.Cabin.Infotainment.Media.Played.Source", "FM",
        allowed=["AM", "FM", "DAB", "USB", "BLUETOOTH", "INTERNET"])
    add("Vehicle.Cabin.Infotainment.Media.Played.Artist", "")
    add("Vehicle.Cabin.Infotainment.Media.Played.Track", "")
    add("Vehicle.Cabin.Infotainment.Media.SelectedURI", "")
    add("Vehicle.Cabin.Infotainment.Navigation.Volume", 40, 0, 100, 5)
    add("Vehicle.Cabin.Infotainment.Navigation.Mute", "UNMUTED")
    if model.get("smartphone_projection"):
        add("Vehicle.Cabin.Infotainment.SmartphoneProjection.Active", "INACTIVE")

    # driver assistance
    adas = set(model["adas"])
    unknown = adas - set(ADAS_FEATURES)
    if unknown:
        raise ValueError(f"{model['id']}: unknown driver-assist features {sorted(unknown)}")
    for system in ("ABS", "TCS", "ESC"):
        add(f"Vehicle.ADAS.{system}.IsEnabled", True)
    add("Vehicle.ADAS.CruiseControl.IsEnabled", False)
    add("Vehicle.ADAS.CruiseControl.IsActive", False)
    add("Vehicle.ADAS.CruiseControl.SpeedSet", 0.0, 0, 180, 1)
    if "ACC" in adas:
        add("Vehicle.ADAS.CruiseControl.IsAdaptive", True)
        add(P + "ADAS.FollowingDistance", 2, 1, 4, 1)
    if "LDW" in adas:
        add("Vehicle.ADAS.LaneDepartureDetection.IsEnabled", True)
        add("Vehicle.ADAS.LaneDepartureDetection.IsWarning", False)
    if "LKA" in adas:
        add(P + "ADAS.LaneKeepAssist.Mode", "ASSIST")
    if "OBSTACLE_FRONT" in adas:
        add("Vehicle.ADAS.ObstacleDetection.Front.Center.IsEnabled", True)
        add("Vehicle.ADAS.ObstacleDetection.Front.Center.IsWarning", False)
    if "OBSTACLE_REAR" in adas:
        add("Vehicle.ADAS.ObstacleDetection.Rear.Center.IsEnabled", True)
        add("Vehicle.ADAS.ObstacleDetection.Rear.Center.IsWarning", False)
    if "DMS" in adas:
        add("Vehicle.ADAS.DMS.IsEnabled", True)
        add("Vehicle.ADAS.DMS.IsWarning", False)
        add("Vehicle.Driver.IsEyesOnRoad", True)
        add("Vehicle.Driver.IsHandsOnWheel", True)
        add("Vehicle.Driver.FatigueLevel", 5.0)
    if "EBA" in adas:
        add("Vehicle.ADAS.EBA.IsEnabled", True)
        add(P + "ADAS.CollisionWarning", "MEDIUM")
    if "SPEED_LIMIT_ASSIST" in adas:
        add(P + "ADAS.SpeedLimitAssist.IsEnabled", True)
        add(P + "ADAS.SpeedLimitAssist.Offset", 0, -10, 10, 1)
    level = str(model["autodrive_level"])
    if level in ("2+", "3"):
        add(P + "ADAS.HandsFree.IsActive", False)
    if level == "3":
        add(P + "ADAS.EyesOff.IsActive", False)
    add(P + "SpeedLimit.IsEnabled", False)
    add(P + "SpeedLimit.Limit", 130, 80, 193, 1)
    add(P + "Valet.IsActive", False)
    add(P + "Valet.SpeedCap", 113, 40, 193, 1)
    return rows


def _mid(lo, hi, step):
    mid = (lo + hi) / 2
    value = round(mid / step) * step if step else mid
    value = min(max(value, lo), hi)
    return int(value) if float(value).is_integer() else value
