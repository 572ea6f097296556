"""What a profile carries besides the car's settings, each as one entry of its document with its
own clock: the radio presets and media favourites (the media group), the home favourites (the home
group) and the profile's recent things (the history group). Read from the store, checked on arrival
like any setting (sizes, types), and put back: media whole, home favourites whole (the ones this
car's home does not have are kept, shown as unavailable), history as a union (each item has its
own time; the newest of each kind are kept). The home and history parts are in extras_home.py."""

from __future__ import annotations

from store.sync import Change
from tui.controller.sync import extras_home
from tui.controller.sync.crypto import Refused
from tui.controller.sync.extras_home import HISTORY, HOME

MEDIA = "@media"
EXTRAS = {MEDIA: "media", HOME: "home", HISTORY: "history"}  # entry -> its consent group
BANDS = ("FM", "AM", "DAB")
MAX_FAVOURITES = 200


def local(store, pid: int, groups, sync=None) -> list[Change]:
    out = extras_home.local(sync, pid, groups) if sync is not None else []
    if "media" in groups:
        presets = {band: {str(p.slot): p.station_id for p in store.media.presets(pid, band)} for band in BANDS}
        favourites = [[f.uri, f.title, f.added_at] for f in store.media.favourites(pid)]
        out.append(Change(MEDIA, {"presets": presets, "favourites": favourites}, None, None, ""))
    return out


def _text(v, limit: int) -> bool:
    return isinstance(v, str) and 0 < len(v) <= limit and v.isprintable()


def check(path: str, value) -> dict:
    if path in (HOME, HISTORY):
        return extras_home.check(path, value)
    if path != MEDIA:
        raise Refused(f"{path[:40]!r} is not something a profile carries")
    try:
        presets, favourites = value["presets"], value["favourites"]
        ok = (isinstance(presets, dict) and set(presets) <= set(BANDS)
              and all(isinstance(slots, dict) and all(s in {"1", "2", "3", "4", "5", "6"} and _text(st, 80)
                                                      for s, st in slots.items()) for slots in presets.values())
              and isinstance(favourites, list) and len(favourites) <= MAX_FAVOURITES
              and all(isinstance(f, list) and len(f) == 3 and _text(f[0], 300) and _text(f[1], 200)
                      and _text(f[2], 40) for f in favourites))
    except (TypeError, KeyError, AttributeError):
        ok = False
    if not ok:
        raise Refused("the media presets and favourites are malformed")
    return {"presets": presets, "favourites": favourites}


def take(store, pid: int, path: str, value: dict, sync=None) -> None:
    """Put the arrived entry in place of the profile's own (the caller holds the transaction)."""
    if path in (HOME, HISTORY):
        if sync is not None:
            extras_home.take(sync, pid, path, value)
        return
    if path != MEDIA:
        return
    for band in BANDS:
        slots = value["presets"].get(band, {})
        for p in store.media.presets(pid, band):
            if str(p.slot) not in slots:
                store.media.clear_preset(pid, band, p.slot)
        for slot, station in slots.items():
            store.media.set_preset(pid, band, int(slot), station)
    keep = {f[0] for f in value["favourites"]}
    for f in store.media.favourites(pid):
        if f.uri not in keep:
            store.media.remove_favourite(pid, f.uri)
    for uri, title, at in value["favourites"]:
        store.media.add_favourite(pid, uri, title, at)
