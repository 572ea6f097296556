"""The assistant's side of the domain intents, against small stand-in domains hung on a real
controller (the store stays real): names matched fuzzily, numbered choices when two devices fit,
the garage asks first, unlock and disarm need the PIN, a purchase asks first, a profile switch by
a misspelt name. The real domains are tested in test_assistant_domains.py once they exist."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from tui.controller import NotAllowed


@dataclass
class Device:
    id: str
    name: str
    kind: str
    room: str = ""
    state: str = "off"


class StandInHome:
    def __init__(self, c):
        self.c = c
        self.calls = []
        self._devices = [
            Device("l1", "Kitchen ceiling", "light", "Kitchen"), Device("l2", "Kitchen counter", "light", "Kitchen"),
            Device("l3", "Hall lamp", "light", "Hall"), Device("g1", "Garage door", "cover", "", "closed"),
            Device("k1", "Front door", "lock", "", "locked"), Device("a1", "Alarm", "alarm", "", "disarmed"),
            Device("t1", "Thermostat", "climate", "", "19.0"), Device("s1", "Coffee machine", "switch", "Kitchen"),
        ]

    def devices(self):
        return list(self._devices)

    def _get(self, device_id):
        return next(x for x in self._devices if x.id == device_id)

    def turn_on(self, device_id, source="ui"):
        self.calls.append(("on", device_id, source))
        self._get(device_id).state = "on"

    def turn_off(self, device_id, source="ui"):
        self.calls.append(("off", device_id, source))
        self._get(device_id).state = "off"

    def set_light(self, device_id, brightness, source="ui"):
        self._get(device_id).state = "on"
        self.calls.append(("brightness", device_id, brightness))

    def open(self, device_id, source="ui"):
        self._get(device_id).state = "open"

    def close(self, device_id, source="ui"):
        self._get(device_id).state = "closed"

    def lock(self, device_id, source="ui"):
        self._get(device_id).state = "locked"

    def unlock(self, device_id, pin=None, source="ui"):
        self.c.security.verify(pin)
        self._get(device_id).state = "unlocked"

    def arm(self, device_id, mode="away", source="ui"):
        self._get(device_id).state = f"armed_{mode}"

    def disarm(self, device_id, pin=None, source="ui"):
        self.c.security.verify(pin)
        self._get(device_id).state = "disarmed"

    def set_temperature(self, device_id, value, source="ui"):
        self._get(device_id).state = f"{value:.1f}"


class StandInProfiles:
    def __init__(self, c):
        self.c = c

    def list(self):
        return self.c.store.profiles.list()

    def switch(self, profile_id, source="ui"):
        if self.c.restrictions().moving:
            raise NotAllowed("Switch profiles when parked.")
        with self.c.store.write():
            self.c.store.settings.set("active_profile_id", profile_id)


@dataclass
class Offer:
    id: str
    name: str
    price: str
    trial_days: int = 0


class StandInServices:
    def __init__(self):
        self.trials, self.bought = [], []

    def catalog(self):
        return [Offer("music", "Music Premium", "9.99 a month", 30), Offer("traffic", "Live Traffic", "4.99 a month"),
                Offer("wifi", "Wi-Fi Hotspot", "15 a month", 7)]

    def start_trial(self, service_id, source="ui"):
        self.trials.append((service_id, source))

    def buy(self, service_id, source="ui"):
        self.bought.append((service_id, source))


class StandInMedia:
    def __init__(self):
        self.log = []

    def play(self, query=None, source="ui"):
        self.log.append(("play", query))
        return None

    def next(self, source="ui"):
        self.log.append(("next", None))

    def now_playing(self):
        return {"title": "So What", "artist": "Miles Davis"}


@pytest.fixture
def home(controller):
    controller.home = StandInHome(controller)
    yield controller.home
    del controller.home


def test_room_lights_and_numbered_choices(controller, home):
    a = controller.assistant
    reply = a.ask("turn on the kitchen lights")
    assert reply.acted and {x.state for x in home.devices() if x.room == "Kitchen" and x.kind == "light"} == {"on"}
    assert all(call[2] == "assistant" for call in home.calls)
    reply = a.ask("turn off the kitchen light")
    assert reply.acted  # the room named: both lights of the room
    reply = a.ask("turn on the kitchen ceiling")
    assert reply.acted and home._get("l1").state == "on" and home._get("l2").state == "off"
    reply = a.ask("dim the hall lamp to 40 percent")
    assert ("brightness", "l3", 40) in home.calls


def test_two_devices_fit_so_it_asks_which(controller, home):
    a = controller.assistant
    home._devices.append(Device("l4", "Porch light", "light", ""))
    home._devices.append(Device("l5", "Porch lantern", "light", ""))
    reply = a.ask("turn on the porch lights")
    assert reply.needs == "choice" and reply.choices == ["Porch light", "Porch lantern"], reply.text
    assert a.ask("2").acted and home._get("l5").state == "on" and home._get("l4").state == "off"


def test_garage_asks_first(controller, home):
    a = controller.assistant
    reply = a.ask("open the garage")
    assert reply.needs == "confirm" and reply.text == "Open the garage door?"
    assert a.ask("no").text == "OK, I won't." and home._get("g1").state == "closed"
    a.ask("open the garage")
    assert a.ask("yes").acted and home._get("g1").state == "open"
    assert a.ask("close the garage").acted and home._get("g1").state == "closed"  # closing does not ask


def test_unlock_and_disarm_need_the_pin(controller, home):
    controller.security.set_pin("1357")
    a = controller.assistant
    assert a.ask("lock the front door").acted
    reply = a.ask("unlock the front door")
    assert reply.needs == "pin" and reply.text == "Say your PIN to unlock the front door."
    assert "Wrong PIN" in a.answer(pin="1111").text and home._get("k1").state == "locked"
    a.ask("unlock the front door")
    assert a.answer(pin="1357").acted and home._get("k1").state == "unlocked"
    assert a.ask("arm the alarm").acted and home._get("a1").state == "armed_away"
    assert a.ask("disarm the alarm").needs == "pin"
    assert a.answer(pin="1357").acted and home._get("a1").state == "disarmed"


def test_questions_switches_and_thermostat(controller, home):
    a = controller.assistant
    assert a.ask("is the front door locked").text == "Front door: locked."
    assert a.ask("is the garage open").text == "Garage door: closed."
    assert a.ask("turn on the coffee machine").acted and home._get("s1").state == "on"
    assert a.ask("set the thermostat to 68").acted and home._get("t1").state == "20.0"
    assert a.ask("headlights on").intent == "lights.headlights"  # the car's own lights are not the home's


def test_switch_profile_by_misspelt_name(controller):
    controller.profiles = StandInProfiles(controller)
    try:
        with controller.store.write():
            controller.store.profiles.add("Alexandra", "AX", "#00FF00")
            controller.store.profiles.add("Sam", "SA", "#0000FF")
        a = controller.assistant
        reply = a.ask("switch to alexandr")
        assert reply.acted and controller.active_profile_name() == "Alexandra", reply.text
        assert a.ask("change profile to Sam").acted and controller.active_profile_name() == "Sam"
        assert "no profile" in a.ask("switch profile to Zebedee").text
        controller.set_many({"Vehicle.Speed": 40.0}, source="simulator")
        reply = a.ask("switch to Alexandra")
        assert reply.refused and "parked" in reply.text  # the domain's rule holds
    finally:
        del controller.profiles


def test_services_trial_and_purchase(controller):
    controller.services = services = StandInServices()
    try:
        a = controller.assistant
        reply = a.ask("start the music trial")
        assert reply.acted and services.trials == [("music", "assistant")]
        assert "30 days" in reply.text
        reply = a.ask("subscribe to live trafic")
        assert reply.needs == "confirm" and reply.text == "Buy Live Traffic for 4.99 a month?"
        assert a.ask("yes").acted and services.bought == [("traffic", "assistant")]
    finally:
        del controller.services


def test_media_play_next_and_now_playing(controller):
    controller.media = media = StandInMedia()
    try:
        a = controller.assistant
        assert a.ask("play jazz").text == "Playing jazz."
        assert a.ask("next song").acted
        assert media.log == [("play", "jazz"), ("next", None)]
        assert a.ask("what's playing").text == "So What — Miles Davis."
    finally:
        del controller.media


class StandInSeats:
    def __init__(self):
        self.log = []

    def recall(self, preset, source="ui"):
        self.log.append(("recall", preset, source))

    def save_memory(self, preset, source="ui"):
        self.log.append(("save", preset, source))


def test_seat_memory_recall_save_and_range(controller):
    controller.seats = seats = StandInSeats()
    try:
        a = controller.assistant
        assert a.ask("seat memory two").text == "Seat memory 2."
        assert a.ask("save my seat to memory 1").acted
        assert seats.log == [("recall", 2, "assistant"), ("save", 1, "assistant")]
        reply = a.ask("seat memory 4")
        assert reply.refused and reply.text == "Seat memory goes from 1 to 3."
        reply = a.ask("recall my seat memory")
        assert reply.needs == "choice" and reply.choices == ["1", "2", "3"]
        assert a.ask("3").acted and seats.log[-1] == ("recall", 3, "assistant")
        controller.car_for_model("fiat-500e-2024")
        assert "no seat memory" in a.ask("seat memory 1").text
    finally:
        del controller.seats
