"""The car, seen from the home: one Home Assistant device announced with device-based discovery
(retained) on the bridged home's broker, so the home's own automations can react to it.

Entities: where it is (device_tracker home / not_home / the saved place it is at, with latitude and longitude), charge, plugged in and charging,
range, locked, doors and windows, cabin temperature and climate, the driver at the wheel; device
triggers for arriving home, leaving home and ignition on/off. Availability: a retained `online`
when connected and a last will `offline` (set on the connection before it starts). On every
(re)connect and whenever `homeassistant/status` says `online`, it announces again and publishes
its state. States are published when the car's signals change, at most once per tick.
"""

from __future__ import annotations

import json
import logging
import re

from tui.controller.events import ContextChanged, StateBatch

log = logging.getLogger("smartcockpit.home.car")

SOC = "Vehicle.Powertrain.TractionBattery.StateOfCharge.Displayed"
RANGE = "Vehicle.Powertrain.Range"
CABIN = "Vehicle.Cabin.HVAC.AmbientAirTemperature"
AC = "Vehicle.Cabin.HVAC.IsAirConditioningActive"
IGNITION = "Vehicle.LowVoltageSystemState"
CHARGING = "Vehicle.Powertrain.TractionBattery.Charging."  # plugged in and charging (issue 17)
PLUGGED, IS_CHARGING = CHARGING + "ChargingPort.AnyPosition.IsChargingCableConnected", CHARGING + "IsCharging"
LAT, LON = "Vehicle.CurrentLocation.Latitude", "Vehicle.CurrentLocation.Longitude"
DOOR = re.compile(r"^Vehicle\.Cabin\.Door\.Row\d\.\w+\.IsOpen$")
WINDOW = re.compile(r"^Vehicle\.Cabin\.Door\.Row\d\.\w+\.Window\.Position$")
LOCK = re.compile(r"^Vehicle\.(Cabin\.Door\.Row\d\.\w+|Body\.Trunk\.\w+)\.IsLocked$")
TRIGGERS = {"arriving_home": ("arrived", "home"), "leaving_home": ("left", "home"),
            "ignition_on": ("ignition", "turned_on"), "ignition_off": ("ignition", "turned_off")}
STATUS = "homeassistant/status"


class CarDevice:
    """Announces controller.car on a bridge's link (tui/controller/home/bridge.py)."""

    def __init__(self, controller, bridge, prefix: str = "homeassistant") -> None:
        self.c = controller
        self.bridge = bridge
        self.prefix = prefix
        self.vin = re.sub(r"[^A-Za-z0-9_-]", "", controller.car.vin) or "car"
        self.base = f"smartcockpit/{self.vin}"
        self.availability = f"{self.base}/availability"
        self.dirty = True
        self.announced = 0
        self._last_state: dict[str, str] = {}
        self._was_near: bool | None = None
        self._was_on: bool | None = None
        link = bridge.link
        link.will = (self.availability, "offline", True)
        link.birth = (self.availability, "online", True)
        bridge.own_configs.add(self.config_topic())
        bridge.on_connected.append(self.announce)
        bridge.tickers.append(self.tick)
        bridge.watch(STATUS, self._home_status)
        controller.subscribe(self._on_event, batches=True)

    # ---------------------------------------------------------------- discovery
    def config(self) -> dict:
        car = self.c.car
        state = f"{self.base}/state"
        uid = f"smartcockpit_{self.vin}"

        def sensor(key, **extra):
            return {"p": "sensor", "unique_id": f"{uid}_{key}", "value_template": f"{{{{ value_json.{key} }}}}",
                    **extra}

        def binary(key, device_class, **extra):
            return {"p": "binary_sensor", "unique_id": f"{uid}_{key}", "device_class": device_class,
                    "value_template": f"{{{{ 'ON' if value_json.{key} else 'OFF' }}}}", **extra}

        cmps = {
            "location": {"p": "device_tracker", "unique_id": f"{uid}_location", "name": "Location",
                         "state_topic": f"{self.base}/location", "json_attributes_topic": f"{self.base}/location/attributes",
                         "payload_home": "home", "payload_not_home": "not_home", "source_type": "gps"},
            "charge": sensor("charge", device_class="battery", unit_of_measurement="%", state_class="measurement",
                             name="Charge"),
            "range": sensor("range_km", device_class="distance", unit_of_measurement="km", name="Range"),
            "locked": binary("unlocked", "lock", name="Locks"),  # HA's lock class: on means unlocked
            "doors": binary("doors_open", "door", name="Doors"),
            "windows": binary("windows_open", "window", name="Windows"),
            "cabin": sensor("cabin_c", device_class="temperature", unit_of_measurement="°C", name="Cabin temperature"),
            "climate": binary("climate_on", "running", name="Climate"),
            "driver": sensor("driver", name="Driver", icon="mdi:account"),
        }
        if self.c.has(PLUGGED):  # the home's automations can use them: "plugged in at home" (issue 17)
            cmps["plugged"] = binary("plugged", "plug", name="Plugged in")
            cmps["charging"] = binary("charging", "battery_charging", name="Charging")
        for key, (kind, subtype) in TRIGGERS.items():
            cmps[key] = {"p": "device_automation", "automation_type": "trigger", "topic": f"{self.base}/event",
                         "payload": key, "type": kind, "subtype": subtype}
        return {"dev": {"ids": [uid], "name": car.nickname or car.title, "mf": car.brand.name,
                        "mdl": f"{car.model.name} {car.model.model_year}", "sw": "SmartCockpit"},
                "o": {"name": "SmartCockpit", "sw": "0.1"}, "cmps": cmps, "state_topic": state,
                "availability_topic": self.availability, "qos": 1}

    def config_topic(self) -> str:
        return f"{self.prefix}/device/smartcockpit_{self.vin}/config"

    def announce(self) -> None:
        """The device config and every state, again (retained)."""
        if self._send(self.config_topic(), json.dumps(self.config())):
            self.announced += 1
            self._send(self.availability, "online")
            self._last_state = {}
            self.publish_state()

    # ---------------------------------------------------------------- state
    def state(self) -> dict[str, str]:
        c = self.c
        paths = c.signal_paths()
        doors = any(c.get(p) for p in paths if DOOR.match(p))
        windows = any((c.get(p) or 0) > 0 for p in paths if WINDOW.match(p))
        unlocked = any(c.get(p) is False for p in paths if LOCK.match(p))
        body = {"charge": _num(c.get(SOC)), "range_km": _num(c.get(RANGE), 1000), "unlocked": unlocked,
                "doors_open": doors, "windows_open": windows, "cabin_c": _num(c.get(CABIN)),
                "climate_on": bool(c.get(AC)), "driver": c.active_profile_name()}
        if c.has(PLUGGED):
            body.update(plugged=bool(c.get(PLUGGED)), charging=bool(c.get(IS_CHARGING)))
        lat, lon = c.get(LAT), c.get(LON)
        where = "home" if c.home.near() else (c.navigation.zone_at(lat, lon) or "not_home")  # a zone: a saved place
        out = {f"{self.base}/state": json.dumps(body), f"{self.base}/location": where}
        if lat is not None and lon is not None:
            out[f"{self.base}/location/attributes"] = json.dumps({"latitude": lat, "longitude": lon, "gps_accuracy": 10})
        return out

    def publish_state(self) -> None:
        for topic, payload in self.state().items():
            if self._last_state.get(topic) != payload and self._send(topic, payload):
                self._last_state[topic] = payload
        self.dirty = False

    def tick(self) -> None:
        """Once a second: state if something changed, and the triggers."""
        near = self.c.home.near()
        on = str(self.c.get(IGNITION, "OFF")).upper() in ("ON", "START")
        if self._was_near is not None and near != self._was_near:
            self.trigger("arriving_home" if near else "leaving_home")
        if self._was_on is not None and on != self._was_on:
            self.trigger("ignition_on" if on else "ignition_off")
        self._was_near, self._was_on = near, on
        if self.dirty and self.bridge.available:
            self.publish_state()

    def trigger(self, name: str) -> None:
        self._send(f"{self.base}/event", name, retain=False)
        self.dirty = True

    # ---------------------------------------------------------------- plumbing
    def _send(self, topic: str, payload: str, retain: bool = True) -> bool:
        from tui.controller.net.mqtt import BrokerUnreachable

        try:
            self.bridge.link.publish(topic, payload, retain=retain)
            return True
        except BrokerUnreachable:
            return False  # announced again on the next connect

    def _home_status(self, payload: bytes) -> None:
        if payload.strip() == b"online":  # Home Assistant restarted: tell it again
            self.announce()

    def _on_event(self, event) -> None:
        if isinstance(event, (StateBatch, ContextChanged)):  # published at the next tick, once
            self.dirty = True


def _num(value, divide: float = 1):
    if value is None:
        return None
    try:
        return round(float(value) / divide, 1)
    except (TypeError, ValueError):
        return None
