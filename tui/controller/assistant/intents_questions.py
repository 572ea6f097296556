"""Questions about the car: range, charge and fuel, outside and cabin temperature, trunk, doors,
windows, sunroof, speed, gear, service, time, which car, and a short status."""

from __future__ import annotations

from tui.controller import units
from tui.controller.assistant.common import temperature_text
from tui.controller.assistant.engine import intent
from tui.controller.assistant.words import learn

SOC = "Vehicle.Powertrain.TractionBattery.StateOfCharge.Current"
FUEL = "Vehicle.Powertrain.FuelSystem.RelativeLevel"
RANGE = "Vehicle.Powertrain.Range"
OUTSIDE = "Vehicle.Exterior.AirTemperature"
CABIN = "Vehicle.Cabin.HVAC.AmbientAirTemperature"
TRUNK = "Vehicle.Body.Trunk.Rear."
DOOR = "Vehicle.Cabin.Door."
DOORS = [f"{DOOR}{row}.{side}." for row in ("Row1", "Row2") for side in ("DriverSide", "PassengerSide")]
DOOR_NAMES = {"Row1.DriverSide": "driver's", "Row1.PassengerSide": "passenger", "Row2.DriverSide": "rear left",
              "Row2.PassengerSide": "rear right"}
QUESTION_START = ("is", "are", "what", "how", "do", "does", "did", "which", "who", "when", "where", "am", "any",
                  "tell me", "can you tell me", "check", "show me")


def asking(req) -> bool:
    return req.question or req.starts(*QUESTION_START) or req.has("left in", "status")


def _range_text(turn) -> str:
    return units.distance_text(turn.get(RANGE), turn.c.unit("DistanceUnit"))


def _energy_text(turn) -> str:
    soc = turn.get(SOC)
    fuel = turn.get(FUEL)
    if soc is not None:
        return f"battery {soc:.0f} %"
    if fuel is not None:
        return f"fuel {fuel} %"
    return ""


@intent("car.range", examples=("what's my range", "how far can I go"), priority=10)
def range_(req, a):
    if req.has("chargelimit"):
        return None
    if req.has("range") and (asking(req) or len(req.words) <= 2):
        return {}
    if req.has("how far", "miles left", "km left", "kilometres left", "how many miles", "how many km",
               "how many kilometres", "distance left", "until empty"):
        return {}
    return None


@range_.act
def act_range(turn):
    energy = _energy_text(turn)
    return f"Range {_range_text(turn)}" + (f", {energy}." if energy else ".")


@intent("car.reach", examples=("can I make it 200 miles", "is my range enough for 300 km"), priority=9)
def reach(req, a):
    q = req.number("km", "mi")
    if q is None or req.has("cruise", "speedlimit", "service"):
        return None
    if asking(req) or req.starts("can", "could", "will", "would") or req.has("enough", "make it", "reach"):
        return {"distance": q.number, "unit": q.unit}
    return None


@reach.act
def act_reach(turn):
    s = turn.slots
    metres = s["distance"] * (units.KM_PER_MILE * 1000 if s["unit"] == "mi" else 1000)
    have = turn.get(RANGE) or 0
    shown = _range_text(turn)
    spare = units.distance_text(abs(have - metres), turn.c.unit("DistanceUnit"))
    if have >= metres:
        return f"Yes: range {shown}, {spare} to spare."
    return f"Not without charging: range {shown}, {spare} short." if turn.get(SOC) is not None else (
        f"Not without filling up: range {shown}, {spare} short.")


@intent("car.energy", examples=("how much battery is left", "how much fuel do I have"), priority=11)
def energy(req, a):
    if not asking(req) and len(req.words) > 2:
        return None
    if req.has("battery", "charge", "fuel", "gas", "petrol", "diesel", "tank", "soc") and not req.has(
            "chargelimit", "charging", "start", "stop"):
        if req.has("charge") and req.has("is it", "are we") and req.has("charging"):
            return None
        return {"what": "fuel" if req.has("fuel", "gas", "petrol", "diesel", "tank") else "battery"}
    return None


@energy.act
def act_energy(turn):
    s = turn.slots
    if s["what"] == "battery":
        soc = turn.get(SOC)
        if soc is None:
            return f"This car has no traction battery; fuel {turn.get(FUEL)} %, range {_range_text(turn)}."
        charging = turn.get("Vehicle.Powertrain.TractionBattery.Charging.IsCharging")
        return f"Battery {soc:.0f} %, range {_range_text(turn)}" + (", charging." if charging else ".")
    fuel = turn.get(FUEL)
    if fuel is None:
        return f"This car is electric: battery {turn.get(SOC):.0f} %, range {_range_text(turn)}."
    return f"Fuel {fuel} %, range {_range_text(turn)}."


@intent("car.outside", examples=("how warm is it outside",), priority=10)
def outside(req, a):
    if req.has("outside", "outdoors", "out there", "exterior", "weather") and (
            asking(req) or req.has("temperature")) and not req.has("air distribution", "fresh air", "mirrors"):
        return {}
    return None


@outside.act
def act_outside(turn):
    return f"It's {temperature_text(turn, turn.get(OUTSIDE))} outside."


@intent("car.cabin", examples=("what's the temperature set to", "how warm is it in here"), priority=12)
def cabin(req, a):
    if not asking(req):
        return None
    if req.has("outside", "home", "house", "thermostat", "kitchen", "bedroom", "seat", "wheel"):
        return None
    if req.has("temperature", "warm", "cold", "hot", "degrees", "climate"):
        return {"what": "set" if req.has("set", "setting", "set to", "driver", "passenger") else "cabin"}
    return None


@cabin.act
def act_cabin(turn):
    st = "Vehicle.Cabin.HVAC.Station."
    driver = turn.get(st + "Row1.Driver.Temperature")
    inside = turn.get(CABIN)
    text = f"Inside {temperature_text(turn, inside)}; driver side set to {temperature_text(turn, driver)}"
    passenger = turn.get(st + "Row1.Passenger.Temperature")
    if passenger is not None and passenger != driver:
        text += f", passenger {temperature_text(turn, passenger)}"
    return text + "."


@intent("car.trunk", examples=("is the trunk open",), priority=10)
def trunk(req, a):
    if asking(req) and req.has("trunk", "frunk", "hood", "bonnet") and not req.starts("open", "close"):
        return {"what": "hood" if req.has("hood", "bonnet") else ("frunk" if req.has("frunk") else "trunk")}
    return None


@trunk.act
def act_trunk(turn):
    what = turn.slots["what"]
    base = {"trunk": TRUNK, "frunk": "Vehicle.Body.Trunk.Front.", "hood": "Vehicle.Body.Hood."}[what]
    if not turn.has(base + "IsOpen"):
        return f"This car has no {what} sensor."
    is_open = turn.get(base + "IsOpen")
    locked = turn.get(base + "IsLocked")
    name = {"trunk": "The trunk", "frunk": "The front trunk", "hood": "The hood"}[what]
    if is_open:
        return f"{name} is open."
    return f"{name} is closed" + (" and locked." if locked else (" but not locked." if locked is False else "."))


@intent("car.doors", examples=("are the doors locked", "is the car locked"), priority=10)
def doors(req, a):
    if not asking(req) or req.has("frontdoor", "backdoor", "house", "home", "garage", "trunk"):
        return None
    if req.has("door", "doors", "car", "vehicle") and req.has("locked", "lock", "unlocked", "open", "opened", "closed",
                                                              "shut"):
        return {"what": "open" if req.has("open", "opened", "closed", "shut") and not req.has("locked", "lock",
                                                                                               "unlocked") else "locked"}
    return None


@doors.act
def act_doors(turn):
    present = [(base, name) for base, name in zip(DOORS, DOOR_NAMES.values()) if turn.has(base + "IsLocked")]
    if turn.slots["what"] == "open":
        opened = [name for base, name in present if turn.get(base + "IsOpen")]
        if not opened:
            return "All doors are closed."
        return "Open: " + ", ".join(f"{n} door" for n in opened) + "."
    unlocked = [name for base, name in present if not turn.get(base + "IsLocked")]
    if not unlocked:
        return "The car is locked."
    if len(unlocked) == len(present):
        return "The car is unlocked."
    return "Unlocked: " + ", ".join(f"{n} door" for n in unlocked) + "."


def _home_room(req, a) -> bool:
    """A word of the request names a room of the home (not a car word): the home answers."""
    if req.has("car", "driver", "passenger", "rear", "front", "back", "left", "right"):
        return False
    from tui.controller.assistant.intents_home import devices, room_of

    rooms = {w for d in devices(a) for w in room_of(d).lower().split() if len(w) > 2}
    return bool(rooms & req.wordset) or req.has("home", "house")


@intent("car.windows", examples=("are the windows open",), priority=10)
def windows(req, a):
    if asking(req) and req.has("windows", "window", "sunroof") and not req.has("defrost"):
        if _home_room(req, a):
            return None  # "is the kitchen window open": the home's
        return {"what": "sunroof" if req.has("sunroof") else "windows"}
    return None


@windows.act
def act_windows(turn):
    if turn.slots["what"] == "sunroof":
        if not turn.has("Vehicle.Cabin.Sunroof.Position"):
            return "This car has no sunroof."
        pos = turn.get("Vehicle.Cabin.Sunroof.Position") or 0
        return "The sunroof is closed." if pos == 0 else f"The sunroof is {'open' if pos > 0 else 'tilted'} {abs(pos)} %."
    found = []
    for base, name in zip(DOORS, DOOR_NAMES.values()):
        path = base + "Window.Position"
        if turn.has(path) and (turn.get(path) or 0) > 0:
            found.append(f"{name} {turn.get(path)} %")
    return "All windows are closed." if not found else "Open: " + ", ".join(found) + "."


@intent("car.speed", examples=("how fast am I going",), priority=12)
def speed(req, a):
    if req.has("speedlimit", "cruise", "fan", "wipers"):
        return None
    if asking(req) and (req.has("speed") or req.has("how fast")):
        return {}
    return None


@speed.act
def act_speed(turn):
    return f"You're doing {units.speed_text(turn.get('Vehicle.Speed'), turn.c.unit('SpeedUnit'))}."


@intent("car.parked", examples=("am I parked",), priority=12)
def parked(req, a):
    if asking(req) and (req.has("parked", "gear", "moving") or req.text in ("are we moving", "is the car moving")):
        return {}
    return None


@parked.act
def act_parked(turn):
    r = turn.c.restrictions()
    gear = units.gear_text(turn.get("Vehicle.Powertrain.Transmission.SelectedGear"))
    return f"{r.state}, gear {gear}."


@intent("car.service", examples=("when is my next service",), priority=12)
def service(req, a):
    if asking(req) and req.has("service", "maintenance", "inspection") and not req.has("services", "trial",
                                                                                       "subscription"):
        return {}
    return None


@service.act
def act_service(turn):
    due = turn.get("Vehicle.Service.IsServiceDue")
    km = turn.get("Vehicle.Service.DistanceToService")
    if due:
        return "A service is due now."
    if km is None:
        return "No service is due."
    return f"Next service in {units.distance_text(km * 1000, turn.c.unit('DistanceUnit'))}."


@intent("car.time", examples=("what time is it",), priority=12)
def time_(req, a):
    if req.text in ("what time is it", "what is the time", "time", "the time", "what time is it now", "tell me the time"):
        return {}
    return None


@time_.act
def act_time(turn):
    return f"It's {turn.c.time_text(turn.c.clock.now())}."


@intent("car.which", examples=("which car is this",), priority=12)
def which_car(req, a):
    if asking(req) and req.has("car", "vehicle", "model") and req.has("which", "what") and not req.has(
            "locked", "moving", "range", "parked", "open", "temperature", "speed", "mode"):
        return {}
    return None


@which_car.act
def act_which(turn):
    car = turn.c.car
    return f"A {car.title} {car.model.model_year}" + (f", '{car.nickname}'." if car.nickname else ".")


@intent("car.status", examples=("car status",), priority=13)
def status(req, a):
    if req.text in ("status", "car status", "how is the car", "how is my car", "vehicle status", "give me a status",
                    "what is the status", "status report"):
        return {}
    return None


@status.act
def act_status(turn):
    s = turn.c.status()
    return f"{s.driving}, {s.gear} {s.speed}, {s.outside} outside, {s.energy}."


learn(QUESTION_START, ("frunk", "hood", "bonnet", "maintenance", "inspection"))


# ---------------------------------------------------------------------------- "is the AC on?", "what mode am I in?"
HV = "Vehicle.Cabin.HVAC."
PV = "Vehicle.Private.SmartCockpit."
ASKABLE = [  # (words, what, paths)
    (("ac",), "The AC", [HV + "IsAirConditioningActive"]),
    (("recirculation",), "Recirculation", [HV + "IsRecirculationActive"]),
    (("defrost",), "Windscreen defrost", [HV + "IsFrontDefrosterActive"]),
    (("auto climate", "climate auto"), "Auto climate", [PV + "HVAC.IsAutoActive"]),
    (("headlights", "lights"), "Headlights", ["Vehicle.Body.Lights.LightSwitch"]),
    (("highbeam",), "High beam", ["Vehicle.Body.Lights.IsHighBeamSwitchOn"]),
    (("fog",), "Fog lights", ["Vehicle.Body.Lights.Fog.Front.IsOn"]),
    (("hazard",), "Hazard lights", ["Vehicle.Body.Lights.Hazard.IsSignaling"]),
    (("dome", "interiorlights"), "Dome light", ["Vehicle.Cabin.Light.IsDomeOn"]),
    (("cruise",), "Cruise control", ["Vehicle.ADAS.CruiseControl.IsEnabled"]),
    (("lanekeep",), "Lane keeping", [PV + "ADAS.LaneKeepAssist.Mode"]),
    (("following", "gap"), "Following distance", [PV + "ADAS.FollowingDistance"]),
    (("drivemode", "mode", "modes"), "Driving mode", [PV + "DrivingMode"]),
    (("wipers",), "Wipers", ["Vehicle.Body.Windshield.Front.Wiping.Mode"]),
    (("fan",), "Fan", ["Vehicle.Cabin.HVAC.Station.Row1.Driver.FanSpeed"]),
    (("volume",), "Volume", ["Vehicle.Cabin.Infotainment.Media.Volume"]),
    (("brightness",), "Screen brightness", ["Vehicle.Cabin.Infotainment.HMI.Brightness"]),
    (("seat heating", "heated seat", "seat heat", "seats heating"), "Seat heating",
     ["Vehicle.Cabin.Seat.Row1.DriverSide.HeatingCooling"]),
    (("valet",), "Valet mode", [PV + "Valet.IsActive"]),
    (("speedlimit",), "Speed limit mode", [PV + "SpeedLimit.IsEnabled"]),
    (("charging",), "Charging", ["Vehicle.Powertrain.TractionBattery.Charging.IsCharging"]),
    (("chargelimit",), "Charge limit", ["Vehicle.Powertrain.TractionBattery.Charging.ChargeLimit"]),
]


@intent("car.setting", examples=("is the AC on", "what mode am I in"), priority=18)
def setting(req, a):
    if not req.question or req.has("home", "house", "kitchen", "bedroom", "garage", "outside"):
        return None
    if req.has("passenger", "rear", "back", "navigation", "nav"):
        return None  # a more particular setting: see settings.get
    for keys, what, paths in ASKABLE:
        if req.has(*keys):
            if "drivemode" in paths[0] and not req.has("drive", "driving", "drivemode", "mode", "modes"):
                continue
            return {"what": what, "list": req.has("modes", "which", "there") and paths[0].endswith("DrivingMode")}
    return None


@setting.act
def act_setting(turn):
    what = turn.slots["what"]
    paths = next(p for _, w, p in ASKABLE if w == what)
    path = paths[0]
    if not turn.has(path):
        return f"This car has no {what.lower().removeprefix('the ')}."
    value = turn.get(path)
    spec = turn.c.spec(path)
    if path.endswith("DrivingMode"):
        modes = ", ".join(m.replace("_", " ").title() for m in (spec.allowed or ()))
        current = str(value).replace("_", " ").title()
        return f"{current} mode. Modes: {modes}." if turn.slots.get("list") else f"{current} mode."
    if path.endswith("HeatingCooling"):
        level = {0: "off", 33: "low", 67: "medium", 100: "high"}.get(abs(value or 0), f"{value} %")
        return f"{what} {'(cooling) ' if (value or 0) < 0 else ''}{level}."
    if isinstance(value, bool):
        return f"{what} {'are' if what.endswith('s') else 'is'} {'on' if value else 'off'}."
    return f"{what}: {turn.fmt(path)}."
