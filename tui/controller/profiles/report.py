"""The apply report: what switching to a profile did on this car, setting by setting, in four
categories (applied as it is, adapted to this car, not on this car, not moved while driving)."""

from __future__ import annotations

from dataclasses import dataclass, field

APPLIED, ADAPTED, MISSING, HELD = "applied", "adapted", "missing", "held"
CATEGORY_TITLES = {APPLIED: "Applied", ADAPTED: "Adapted to this car", MISSING: "Not on this car",
                   HELD: "Not moved while driving"}


@dataclass(frozen=True)
class ApplyItem:
    path: str
    label: str
    group: str
    category: str
    value: str  # as set on this car (or as kept in the profile when not applied)
    detail: str = ""


@dataclass
class ApplyReport:
    profile: str
    car: str
    items: list[ApplyItem] = field(default_factory=list)
    raw: dict = field(default_factory=dict, repr=False, compare=False)  # path -> value, to show in new units
    hmi: object = field(default=None, repr=False, compare=False)  # the units.Units it is shown in

    def of(self, category: str) -> list[ApplyItem]:
        return [i for i in self.items if i.category == category]

    def counts(self) -> dict[str, int]:
        return {c: len(self.of(c)) for c in (APPLIED, ADAPTED, MISSING, HELD)}

    def summary(self) -> str:
        n = self.counts()
        parts = [f"{n[APPLIED]} applied", f"{n[ADAPTED]} adapted", f"{n[MISSING]} not on this car"]
        if n[HELD]:
            parts.append(f"{n[HELD]} not moved while driving")
        return f"{self.profile}: " + ", ".join(parts)

    def to_dict(self) -> dict:
        return {"profile": self.profile, "car": self.car, "counts": self.counts(),
                "items": [{"path": i.path, "label": i.label, "group": i.group, "category": i.category,
                           "value": i.value, "detail": i.detail} for i in self.items]}

    @classmethod
    def from_dict(cls, data: dict) -> "ApplyReport":
        return cls(data["profile"], data["car"], [ApplyItem(**i) for i in data.get("items", [])])
