"""The simulated fleet's cars answering their assignments: success or failure, drawn with a
failure rate per brand or model (a model's rate wins over its brand's), seeded, so a run repeats."""

from __future__ import annotations

import random

from tui.controller.errors import InvalidValue

DEFAULT_FAILURE_RATE = 0.02


def parse_rates(text: str | None) -> dict[str, float]:
    """'jeep=0.1,fiat-500e-2024=0.5,default=0.01' -> {name: rate}; a rate in 0..1 or a % ('10%')."""
    rates: dict[str, float] = {}
    for part in (text or "").split(","):
        if not part.strip():
            continue
        name, sep, value = part.partition("=")
        try:
            value = value.strip()
            rate = float(value[:-1]) / 100 if value.endswith("%") else float(value)
        except ValueError:
            rate = -1.0
        if not sep or not name.strip() or not 0 <= rate <= 1:
            raise InvalidValue(f"{part.strip()!r} is not a failure rate (name=0.1 or name=10%).")
        rates[name.strip()] = rate
    return rates


class SimulatedCars:
    def __init__(self, rates: dict[str, float] | None = None, seed: int = 20):
        self.rates = dict(rates or {})
        self.default = self.rates.pop("default", DEFAULT_FAILURE_RATE)
        self.rng = random.Random(seed)

    def rate(self, brand_id: str, model_id: str) -> float:
        return self.rates.get(model_id, self.rates.get(brand_id, self.default))

    def answer(self, targets) -> list[tuple[int, bool, str]]:
        """One report per target (store.fleet.Target), in order: (car_id, ok, detail)."""
        out = []
        draw = self.rng.random
        for t in targets:
            ok = draw() >= self.rate(t.brand_id, t.model_id)
            out.append((t.car_id, ok, "installed" if ok else "install failed; rolled back to the previous slot"))
        return out


__all__ = ["SimulatedCars", "parse_rates", "DEFAULT_FAILURE_RATE"]
