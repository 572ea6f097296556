"""A simulated fleet: N cars spread over the catalog's brands, models, regions and installed
versions, seeded (the same N and seed give the same fleet), written in one transaction."""

from __future__ import annotations

import random

from tui.controller.errors import InvalidValue
from tui.controller.fleet.versions import COMPONENTS

DEFAULT_CARS = 10_000
MAX_CARS = 1_000_000
# the regions a brand's cars are sold in, by the brand's market
REGIONS = {
    "US": ("US-East", "US-West", "Canada", "Mexico"),
    "EU": ("EU-West", "EU-South", "EU-Central", "EU-North"),
    "UK": ("UK", "Ireland"),
}
# the versions installed across the fleet today, and how common each is (older ones rarer)
FIELD_VERSIONS = {  # the newest of each is what the car half's catalog leaves the factory with
    "head_unit": (("4.8.0", 1), ("5.0.2", 3), ("5.1.0", 4), ("5.2.0", 2)),
    "driver_assistance": (("3.0.0", 2), ("3.1.0", 5), ("3.1.4", 3)),
    "battery_management": (("2.0.0", 2), ("2.0.5", 5), ("2.0.7", 3)),
    "connectivity": (("1.8.0", 3), ("1.9.0", 5), ("1.9.2", 2)),
    "language_pack": (("2026.8.0", 3), ("2026.9.1", 5), ("2026.10.0", 2)),
}
# the check digit place of a VIN holds this letter in simulated cars ("S"): never a real car's VIN
SIM_MARK = "S"


def fleet_rows(count: int, models, brands, seed: int = 20) -> list[tuple]:
    """Rows for store.fleet.replace_cars: brand uniform, then model uniform within the brand,
    region uniform within the brand's market, each component's version by FIELD_VERSIONS."""
    from tui.controller.cars import WMI

    if not isinstance(count, int) or count < 1 or count > MAX_CARS:
        raise InvalidValue(f"A fleet has 1 to {MAX_CARS:,} cars.")
    rng = random.Random(seed)
    market = {b.id: b.market for b in brands}
    by_brand: dict[str, list] = {}
    for m in models:
        by_brand.setdefault(m.brand_id, []).append(m)
    brand_ids = sorted(by_brand)
    picked_brands = rng.choices(brand_ids, k=count)
    versions = {}
    for comp in COMPONENTS:
        names, weights = zip(*FIELD_VERSIONS[comp])
        versions[comp] = rng.choices(names, weights, k=count)
    rows = []
    for i, brand in enumerate(picked_brands):
        m = rng.choice(by_brand[brand])
        region = rng.choice(REGIONS.get(market.get(brand, "EU"), REGIONS["EU"]))
        vin = f"{WMI.get(brand, 'ZZZ')}{SIM_MARK}{i + 1:013d}"
        rows.append((vin, brand, m.id, m.platform, m.architecture, region, *(versions[c][i] for c in COMPONENTS)))
    return rows


__all__ = ["fleet_rows", "DEFAULT_CARS", "REGIONS", "FIELD_VERSIONS"]
