"""The cars this console knows (the catalog's brands and models, the garage of vehicles, the car in
use) and making a new one from the factory: a mixin of the Controller."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tui.controller.errors import NotAllowed, UnknownName
from tui.controller.events import ContextChanged
from tui.controller.text import clean_name

VIN_CHARS = "ABCDEFGHJKLMNPRSTUVWXYZ0123456789"
WMI = {
    "abarth": "ZFA", "alfa-romeo": "ZAR", "chrysler": "2C4", "citroen": "VF7", "dodge": "2C3",
    "ds": "VR1", "fiat": "ZFA", "jeep": "1C4", "lancia": "ZLA", "maserati": "ZAM", "opel": "W0L",
    "peugeot": "VF3", "ram": "1C6", "vauxhall": "W0V",
}


@dataclass(frozen=True)
class CarInfo:
    """The car in use: VIN, nickname, catalog model and brand."""

    vin: str
    nickname: str | None
    model: Any  # store.records.Model
    brand: Any  # store.records.Brand

    @property
    def title(self) -> str:
        return f"{self.brand.name} {self.model.name}"


class CarsMixin:
    """The Controller's cars (it holds store, car, _state, _load_car, restrictions, finish_start)."""

    def brands(self):
        return self.store.catalog.brands()

    def models(self, brand_id: str | None = None):
        return self.store.catalog.models(brand_id)

    def vehicles(self) -> list[CarInfo]:
        cat = self.store.catalog
        brands = {b.id: b for b in cat.brands()}
        models = {m.id: m for m in cat.models()}
        out = []
        for v in self.store.vehicles.list():
            m = models[v.model_id]
            out.append(CarInfo(v.vin, v.nickname, m, brands[m.brand_id]))
        return out

    def _add_vehicle(self, model_id: str, nickname: str | None):
        s = self.store
        model = s.catalog.model(model_id)
        if model is None:
            raise UnknownName(f"There is no model {model_id!r} in the catalog.")
        import hashlib

        n = len(s.vehicles.list())
        seed = hashlib.sha256(f"{model_id}:{n}".encode()).digest()
        tail = "".join(VIN_CHARS[b % len(VIN_CHARS)] for b in seed[:14])
        vin = WMI.get(model.brand_id, "ZZZ") + tail
        caps = self.capabilities_of(model_id)
        state = {path: cap.default for path, cap in caps.items()}
        state["Vehicle.VehicleIdentification.VIN"] = vin
        return s.vehicles.add(vin, model_id, nickname, state)

    def add_vehicle(self, model_id: str, nickname: str | None = None, use: bool = True) -> CarInfo:
        self.finish_start()
        if use:
            self._check_car_change()  # before anything is written
        nickname = clean_name(nickname, "nickname", required=False)
        with self.store.write():
            vehicle = self._add_vehicle(model_id, nickname)
        if use:
            self.use_vehicle(vehicle.vin)
        return next(c for c in self.vehicles() if c.vin == vehicle.vin)

    def car_for_model(self, model_id: str) -> CarInfo:
        """Use a car of this model: the one already known, or a new one from the factory."""
        for car in self.vehicles():
            if car.model.id == model_id:
                self.use_vehicle(car.vin)
                return car
        return self.add_vehicle(model_id)

    def _check_car_change(self) -> None:
        if self.restrictions().moving:
            raise NotAllowed("Change cars when parked.")
        if self._state.get("Vehicle.Private.SmartCockpit.Valet.IsActive"):
            raise NotAllowed("Valet mode is on: leave it with its PIN before changing cars.")

    def use_vehicle(self, vin: str) -> CarInfo:
        self.finish_start()
        vin = vin.strip().upper()
        if self.store.vehicles.get(vin) is None:
            raise UnknownName(f"No car with VIN {vin} is known here. `smartcockpit vehicle list` shows them.")
        self._check_car_change()
        with self.store.write():
            self.store.settings.set("active_vin", vin)
        self._load_car(vin)
        self._data_version = self.store.data_version()
        self.events.publish(ContextChanged("vehicle"))
        return self.car
