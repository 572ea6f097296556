"""Two things a profile carries that the car does not keep per person, so sync keeps them for it:

- the home favourites (consent group "home"): the car's six favourite keys belong to the profile at
  the wheel. Each roams as [key, kind, id, name]: a device by its home's stable entity id (and its
  name, to find it in another home), a scene by its name. A car whose home has no such device or
  scene keeps the favourite, shown as unavailable, and sends it on; it is never dropped.
- the history (consent group "history"): the destinations driven to and the items played while the
  profile was at the wheel, recorded only while its history consent is on (where the driver goes is
  never written down otherwise). It merges as a union: each item keeps its own time, the newest
  KEEP of each kind stay. Destinations that arrive join the car's recent places when the profile
  is at the wheel.

`sync` is the `Sync` domain; the caller holds the transaction where it says so."""

from __future__ import annotations

import math

from store.sync import HistoryItem, Change
from tui.controller.sync.crypto import Refused

HOME, HISTORY = "@home", "@history"
SLOTS = range(1, 7)
KEEP = 20  # of each kind of recent thing
KINDS = ("entity", "scene")


# ---------------------------------------------------------------------- reading
def known(sync, pid: int, path: str):
    """The entry as this car last knew or will send it (outbox, else shadow), or None."""
    out = sync.store.sync.outbox(pid).get((pid, path))
    if out is not None:
        return out.value
    seen = sync.store.sync.shadow(pid).get(path)
    return seen.value if seen is not None else None


def _at_wheel(sync, pid: int) -> bool:
    return pid == sync.c.active_profile_id() and not sync.c.home.hidden()


def car_favourites(sync) -> list[list]:
    """The car's favourite keys as they roam: [key, kind, id, name]."""
    scenes = {str(s.id): s.name for s in sync.c.home.scenes()}
    out = []
    for f in sync.store.home.favourites():
        if f.kind == "entity":
            e = sync.c.home.backend.get(f.target)
            if e is not None:
                out.append([f.slot, "entity", f.target, e.name])
        elif f.target in scenes:
            out.append([f.slot, "scene", scenes[f.target], scenes[f.target]])
    return out


def resolve(sync, kind: str, ident: str, name: str) -> str | None:
    """This car's target for a favourite that arrived (entity id or scene id), None: its home has
    no such device or scene."""
    if kind == "scene":
        return next((str(s.id) for s in sync.c.home.scenes() if s.name.lower() == name.lower()), None)
    backend = sync.c.home.backend
    if backend.get(ident) is not None:
        return ident
    domain = ident.split(".", 1)[0]
    return next((e.entity_id for e in backend.entities() if e.domain == domain and e.name.lower() == name.lower()),
                None)


def history_value(store, pid: int) -> dict:
    return {"destinations": [[h.ref, h.latitude, h.longitude, h.at] for h in store.sync.history(pid, "destination", KEEP)],
            "played": [[h.ref, h.label, h.at] for h in store.sync.history(pid, "played", KEEP)]}


def local(sync, pid: int, groups) -> list[Change]:
    out = []
    if "home" in groups and _at_wheel(sync, pid):
        mine = car_favourites(sync)
        used = {f[0] for f in mine}
        for f in (known(sync, pid, HOME) or {}).get("favourites", []):  # unavailable here: kept
            if f[0] not in used and resolve(sync, f[1], f[2], f[3]) is None:
                mine.append(f)
                used.add(f[0])
        out.append(Change(HOME, {"favourites": sorted(mine)}, None, None, ""))
    if "history" in groups:
        out.append(Change(HISTORY, history_value(sync.store, pid), None, None, ""))
    return out


def favourites_view(sync, pid: int) -> list[dict]:
    """The profile's home favourites as this car knows them, each marked available here or not."""
    sp = sync.store.sync.profile(pid)
    if sp is None or not sp.enabled or "home" not in sp.groups:
        return []
    value = local(sync, pid, ("home",))[0].value if _at_wheel(sync, pid) else known(sync, pid, HOME)
    return [{"key": f[0], "kind": f[1], "id": f[2], "name": f[3],
             "available": resolve(sync, f[1], f[2], f[3]) is not None} for f in (value or {}).get("favourites", [])]


# ---------------------------------------------------------------------- checking what arrived
def _text(v, limit: int) -> bool:
    return isinstance(v, str) and 0 < len(v) <= limit and v.isprintable()


def _number(v, limit: float) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v) and -limit <= v <= limit


def check(path: str, value) -> dict:
    try:
        if path == HOME:
            favs = value["favourites"]
            ok = (isinstance(favs, list) and len(favs) <= len(SLOTS)
                  and all(isinstance(f, list) and len(f) == 4 and type(f[0]) is int and f[0] in SLOTS
                          and f[1] in KINDS and _text(f[2], 200) and _text(f[3], 200) for f in favs)
                  and len({f[0] for f in favs}) == len(favs))
            if ok:
                return {"favourites": favs}
            raise Refused("the home favourites are malformed")
        dest, played = value["destinations"], value["played"]
        ok = (isinstance(dest, list) and isinstance(played, list) and len(dest) <= KEEP and len(played) <= KEEP
              and all(isinstance(d, list) and len(d) == 4 and _text(d[0], 120) and _number(d[1], 90)
                      and _number(d[2], 180) and _text(d[3], 40) for d in dest)
              and all(isinstance(p, list) and len(p) == 3 and _text(p[0], 300) and _text(p[1], 200)
                      and _text(p[2], 40) for p in played))
    except (TypeError, KeyError, AttributeError):
        ok = False
    if not ok:
        raise Refused("the history is malformed")
    return {"destinations": dest, "played": played}


# ---------------------------------------------------------------------- taking it in
def take(sync, pid: int, path: str, value: dict) -> None:
    if path == HOME:
        if _at_wheel(sync, pid):
            apply_home(sync, value)
        return
    items = [HistoryItem("destination", d[0], d[0], d[1], d[2], d[3]) for d in value["destinations"]]
    items += [HistoryItem("played", p[0], p[1], None, None, p[2]) for p in value["played"]]
    if items:
        sync.store.sync.add_history(pid, items, KEEP)
    if _at_wheel(sync, pid):
        from tui.controller.navigation import RECENT_KEEP

        for d in value["destinations"][:RECENT_KEEP]:
            sync.store.places.put(d[0], d[1], d[2], "recent", d[3])
        sync.store.places.prune_recent(RECENT_KEEP)


def apply_home(sync, value: dict) -> None:
    """The car's favourite keys become the profile's; a key whose device or scene this home does
    not have stays empty here (the favourite is kept in the profile)."""
    want = {f[0]: f for f in value.get("favourites", [])}
    for slot in SLOTS:
        f = want.get(slot)
        target = resolve(sync, f[1], f[2], f[3]) if f else None
        if target is None:
            sync.store.home.remove_favourite(slot)
        else:
            sync.store.home.set_favourite(slot, f[1], target)


def record(sync, pid: int, kind: str, ref: str, label: str, lat=None, lon=None) -> None:
    """Note one recent thing of the profile (the caller checked its history consent)."""
    from store.vehicles import now_iso

    with sync.store.write():
        sync.store.sync.add_history(pid, [HistoryItem(kind, ref[:300], label[:200] or ref[:200], lat, lon,
                                                      now_iso())], KEEP)
