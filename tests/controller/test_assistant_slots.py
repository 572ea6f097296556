"""The assistant's slots (tui/controller/assistant/slots.py): what a request says (where in the
cabin, more or less, how much, which level, on or off), read one way by every domain.

First the readers on parsed requests; then rows run like the assistant's table
(tests/controller/test_assistant_table.py, same checks, a fresh database each) for the places
where two domains used to read the same words differently: each group says what was decided.
"""

from __future__ import annotations

import pytest

from tests.controller import test_assistant_table as table
from tests.controller.test_assistant_table import (
    DT, FAN, HMI, LOCKS, PT, RLT, RRT, SEAT_D, SEAT_P, VOL, WIN, P, row,
)
from tui.controller.assistant import slots, words
from tui.controller.assistant.conversation import load_intents

template = table.template  # the table's fixtures: one fresh database file per row
fresh = table.fresh
VAUXHALL = "vauxhall-grandland-2025"  # UK: right-hand drive, two climate zones
DOOR = "Vehicle.Cabin.Door."
WHEEL = "Vehicle.Chassis.SteeringWheel.HeatingCooling"
SEAT_HEAT = SEAT_D + "HeatingCooling"

load_intents()  # every domain has taught the vocabulary its words


def parse(text: str):
    return words.parse(text)


def blind_at(entity_id, percent):
    def check(c, reply):
        table.settle(c)
        assert c.home.backend.get(entity_id).attributes["current_position"] == percent, reply.text
    return check


# ---------------------------------------------------------------------- where in the cabin
@pytest.mark.parametrize("text, zone", [
    ("set the passenger side to 20", "passenger"),
    ("rear left 20 degrees", "rear_left"),
    ("back right cooler", "rear_right"),
    ("set the back to 22", "rear"),
    ("everyone 22 degrees", "all"),
    ("both sides warmer", "all"),
    ("open my window", "driver"),
    ("open the window for me", "driver"),
    ("i am cold", "driver"),
    ("left side 19", "left"),
    ("open the right window", "right"),
    ("warmer", None),
    ("set it to 20 right now", None),  # "right now" is no side
    ("set the rear to 20 right now", "rear"),
    ("set the right side to 20 right now", "right"),
    ("close all windows", None),  # "all windows" are windows, not every zone
])
def test_zone_of(text, zone):
    assert slots.zone_of(parse(text)) == zone


def test_back_is_the_backrest_for_a_seat():
    assert slots.zone_of(parse("warm my seat back"), rear=("rear",)) == "driver"
    assert slots.zone_of(parse("warm my seat back")) == "rear"
    assert slots.zone_of(parse("heat the back right seat"), rear=("rear", "back left", "back right")) == "rear_right"


class _Turn:
    def __init__(self, position):
        self.position = position

    def get(self, path, default=None):
        return self.position if path == "Vehicle.Cabin.DriverPosition" else default


@pytest.mark.parametrize("position, zone, seats", [
    ("LEFT", "left", [(1, "Driver")]),
    ("LEFT", "rear_right", [(2, "Passenger")]),
    ("RIGHT", "left", [(1, "Passenger")]),
    ("RIGHT", "rear_left", [(2, "Passenger")]),
    ("RIGHT", "rear_right", [(2, "Driver")]),
    ("RIGHT", None, [(1, "Driver")]),
    ("LEFT", "rear", [(2, "Driver"), (2, "Passenger")]),
])
def test_places_follow_the_side_the_driver_sits_on(position, zone, seats):
    assert slots.places(_Turn(position), zone) == seats


# ---------------------------------------------------------------------- more, less, how much
@pytest.mark.parametrize("text, relative, change", [
    ("set the temperature to 22", False, None),
    ("volume 12", False, None),
    ("turn up the volume to 20", False, 1),  # "to": a target, said with a direction
    ("turn the volume up 5", True, 1),  # a number with a direction: a change (as "2 degrees warmer")
    ("2 degrees warmer", True, 1),
    ("turn the volume down by 10", True, -1),
    ("temperature +2", True, 1),  # the sign says which way
    ("volume minus 10", True, -1),
    ("louder", False, 1),
])
def test_target_or_change(text, relative, change):
    req = parse(text)
    q = req.number()
    assert slots.is_relative(req, q) is relative
    assert slots.change_of(req, q) == change


@pytest.mark.parametrize("text, top, bottom, end", [
    ("fan max", (), (), "max"),
    ("volume to minimum", (), (), "min"),
    ("lowest fan", (), (), "min"),
    ("hottest", ("hottest",), (), "max"),
    ("shortest following distance", (), ("shortest",), "min"),
    ("warmer", (), (), None),
])
def test_extreme(text, top, bottom, end):
    assert slots.extreme(parse(text), top, bottom) == end


# ---------------------------------------------------------------------- heating and cooling levels
@pytest.mark.parametrize("text, cooling, slots_", [
    ("heat my seat", False, {"level": 3}),
    ("seat heating off", False, {"level": 0}),
    ("seat heating low", False, {"level": 1}),
    ("seat heating to one", False, {"level": 1}),
    ("seat heating 5", False, {"level": 5}),  # refused when carried out: levels go to 3
    ("seat heating 50 percent", False, {"level": 2}),  # the nearest level
    ("warmer seat", False, {"change": 1}),
    ("turn down the seat heating", False, {"change": -1}),
    ("turn up the seat heating", False, {"change": 1}),
    ("seat heating down to low", False, {"level": 1}),  # the level said wins over the direction
    ("cool my seat", True, {"level": 2}),
    ("make my seat cooler", True, {"change": 1}),  # cooler is more cooling
    ("turn down the seat cooling", True, {"change": -1}),
])
def test_heat_level(text, cooling, slots_):
    assert slots.heat_level(parse(text), 2 if cooling else 3, cooling=cooling) == slots_


# ---------------------------------------------------------------------- how open
@pytest.mark.parametrize("text, percent", [
    ("open my window", 100),
    ("close the window", 0),
    ("open the window halfway", 50),
    ("crack the window", 20),
    ("open the window a bit", 20),
    ("close the window a bit", 0),
    ("raise the window a bit", 0),  # raising a window closes it (before: open 20 %)
    ("open the window 30 percent", 30),
    ("vent the window", 20),  # "vent" reads "ventilate"
    ("roll the window down", 100),
    ("window", None),
])
def test_window_position(text, percent):
    assert slots.position(parse(text), ("open", "down", "lower"), ("close", "shut", "up", "raise")) == percent


# ---------------------------------------------------------------------- the assistant, where domains differed
ROWS = [
    # windows read the cabin as climate does: left and right by the side the driver sits on (before:
    # asked which window), "me"/"I" is the driver, and on a right-hand-drive car the rear left window
    # is the row 2 passenger side (before: the driver side, which is the rear right there)
    row("open the left window", "body.windows", {"window": "left"}, {WIN["d"]: 100, WIN["p"]: 0},
        says="Opening the driver window."),
    row("open the right window", "body.windows", {"window": "right"}, {WIN["p"]: 100, WIN["d"]: 0}),
    row("open the left window", "body.windows", {"window": "left"}, {DOOR + "Row1.PassengerSide.Window.Position": 100,
                                                                     DOOR + "Row1.DriverSide.Window.Position": 0},
        car=VAUXHALL, says="Opening the passenger window."),
    row("open the rear left window", "body.windows", {"window": "rear_left"},
        {DOOR + "Row2.PassengerSide.Window.Position": 100, DOOR + "Row2.DriverSide.Window.Position": 0},
        car=VAUXHALL, says="Opening the rear left window."),
    row("open the window for me", "body.windows", {"window": "driver"}, {WIN["d"]: 100, WIN["p"]: 0}),
    row("lock the car", "body.locks", {"locked": True}, {lock: True for lock in LOCKS},
        setup={lock: False for lock in LOCKS}),
    # "right now" is no side, at the back too (before: the rear right zone)
    row("set the rear to 20 right now", "climate.temperature", {"zone": "rear"}, {RLT: 20.0, RRT: 20.0}),
    row("set the right side to 20 right now", "climate.temperature", {"zone": "right"}, {PT: 20.0, DT: 21.0}),
    # seats read the cabin as climate does (before: "driver" unless "passenger" was said, and the
    # front seats for "the rear seats")
    row("heat the right seat", "seats.heating", {"side": "right"}, {SEAT_P + "HeatingCooling": 100,
                                                                  SEAT_D + "HeatingCooling": 0},
        says="Passenger seat heating high."),
    row("heat the left seat", "seats.heating", {"side": "left"}, car=VAUXHALL,
        state={"Vehicle.Cabin.Seat.Row1.PassengerSide.HeatingCooling": 100,
               "Vehicle.Cabin.Seat.Row1.DriverSide.HeatingCooling": 0}),
    row("heat the rear seats", "seats.heating", {"side": "rear"}, {SEAT_D + "HeatingCooling": 0,
                                                                 SEAT_P + "HeatingCooling": 0},
        refused=True, says="has no rear seat heating"),
    row("massage on the right", "seats.massage", {"side": "right"}, {SEAT_P + "Massage.Level": 50,
                                                                    SEAT_D + "Massage.Level": 0}),
    row("warm my seat back", "seats.heating", {"side": "driver"}, {SEAT_D + "HeatingCooling": 100}),
    row("heat the back right seat", "seats.heating", {"side": "rear_right"}, {SEAT_P + "HeatingCooling": 0},
        refused=True, says="has no rear seat heating"),
    row("move the right seat back", "seats.move", {"side": "right"}, {SEAT_P + "Position": 160},
        says="Passenger seat moved"),
    # one list of the home's rooms (slots.ROOMS): the car steps aside for any of them (before: the
    # windows and locks knew 8 rooms, the car lights 19, the home lights 15)
    row("open the bathroom window", "app.unknown_screen", {}, {WIN["d"]: 0, WIN["p"]: 0},
        says="no 'bathroom window'"),  # as "open the kitchen window" (before: "Which window?")
    row("lock the doors in the study", None, {}, {LOCKS[0]: False}, setup={LOCKS[0]: False}),  # before: the car
    row("turn on the patio lights", "home.lights", {"room": "patio"}, refused=True,
        says="No light called 'patio' at home"),  # before: not understood
    # a number is a change when said with a direction and no "to"/"at", or with a sign, as climate
    # read it (before: the volume, the brightness and the following distance took "up 5" as a
    # target, and nobody but the fan's off-switch took "+2" or "minus 1")
    row("turn the volume up 5", "media.volume", {"change": 1, "amount": 5}, {VOL: 35}),  # before: volume 5; 36 (snapped)
    row("volume minus 10", "media.volume", {"change": -1, "amount": 10}, {VOL: 20}),
    row("turn up the volume to 20", "media.volume", {"volume": 20}, {VOL: 20}),
    row("brightness up 20", "display.brightness", {"change": 1, "amount": 20}, {HMI + "Brightness": 100.0}),
    row("dim the screen 40 percent", "display.brightness", {"change": -1, "amount": 40}, {HMI + "Brightness": 40.0}),
    row("temperature +2", "climate.temperature", {"direction": 1, "amount": 2}, {DT: 22.0}),  # 2 °F
    row("temperature minus 1", "climate.temperature", {"direction": -1}, {DT: 20.5}),
    row("fan +2", "climate.fan", {"direction": 1, "steps": 2}, {FAN: 50}),
    row("following distance +1", "assist.following", {"change": 1}, {P + "ADAS.FollowingDistance": 3}),
    # the ends of a range, one list of words: the volume had no minimum; the climate's and the
    # following distance's own words were never learnt, so spelling correction made "hottest"
    # "warmer" (one step) and "shortest" "shorter"
    row("volume to minimum", "media.volume", {"volume": 0}, {VOL: 0}),
    row("temperature to the hottest", "climate.temperature", {"value": "max"}, {DT: 28.5}),
    row("shortest following distance", "assist.following", {"distance": 1}, {P + "ADAS.FollowingDistance": 1}),
    # seat heating and cooling and the heated steering wheel read levels one way, as the climate
    # screen has them (0-3, a step up or down): before, "turn down the seat heating" and "turn down
    # the steering wheel heating" set high, the wheel had no steps ("warmer steering wheel": high),
    # took "50 percent" and "5" as percentages, the seat cooling had no steps either, and "seat
    # heating down to low" stepped down instead of going to low
    row("turn down the seat heating", "seats.heating", {"change": -1}, {SEAT_HEAT: 67}, setup={SEAT_HEAT: 100}),
    row("turn up the seat heating", "seats.heating", {"change": 1}, {SEAT_HEAT: 67}, setup={SEAT_HEAT: 33}),
    row("seat heating down to low", "seats.heating", {"level": 1}, {SEAT_HEAT: 33}, setup={SEAT_HEAT: 100}),
    row("warmer steering wheel", "climate.wheel", {"change": 1}, {WHEEL: 67}, setup={WHEEL: 33}),
    row("turn down the steering wheel heating", "climate.wheel", {"change": -1}, {WHEEL: 33}, setup={WHEEL: 67},
        says="Steering wheel heating low."),
    row("steering wheel heating 50 percent", "climate.wheel", {"level": 2}, {WHEEL: 67}),
    row("steering wheel heating 5", "climate.wheel", {"level": 5}, {WHEEL: 0}, refused=True, says="0 (off) to 3"),
    row("heat the steering wheel", "climate.wheel", {"level": 3}, {WHEEL: 100}, setup={WHEEL: 100},
        says="Steering wheel heating is already high."),
    row("make my seat cooler", "seats.cooling", {"change": 1}, {SEAT_HEAT: -100}, setup={SEAT_HEAT: -67}),
    row("turn down the seat cooling", "seats.cooling", {"change": -1}, {SEAT_HEAT: -33}, setup={SEAT_HEAT: -67}),
    # the sunshade and the home's blinds are opened as far as the windows: "halfway", "a bit"
    # (before: fully open), and "vent" (read "ventilate") tilts the sunroof and cracks the windows
    # (before: not understood)
    row("open the sunshade halfway", "body.sunroof", {"shade": 50}, {"Vehicle.Cabin.Sunroof.Shade.Position": 50}),
    row("open the sunshade a bit", "body.sunroof", {"shade": 20}, {"Vehicle.Cabin.Sunroof.Shade.Position": 20}),
    row("close the bedroom blinds halfway", "home.blinds", {"room": "bedroom", "position": 50},
        check=blind_at("cover.bedroom_blinds", 50)),
    row("open the blinds a bit", "home.blinds", {"position": 20}, check=blind_at("cover.living_room_blinds", 20)),
    row("close the bedroom blinds", "home.blinds", {"room": "bedroom", "open": False},
        home={"cover.bedroom_blinds": "closed", "cover.living_room_blinds": "open"}),
    row("vent the sunroof", "body.sunroof", {"action": "TILT_UP"}, {"Vehicle.Cabin.Sunroof.Position": -100}),
    row("vent the windows", "body.windows", {"window": "all", "percent": 20}, {WIN["d"]: 20, WIN["rr"]: 20}),
    row("raise the window a bit", "body.windows", {"percent": 0}, needs="choice"),
]


@pytest.mark.parametrize("r", ROWS, ids=[f"{i:03d} {r.text}"[:60] for i, r in enumerate(ROWS)])
def test_request(fresh, r):
    table.test_request(fresh, r)
