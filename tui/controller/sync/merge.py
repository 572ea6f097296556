"""Per-setting merge of what arrived with what this car knows and has not sent yet.

For each setting: the hybrid logical clock of the value the server holds (remote), of the value
this car last knew (shadow) and of an edit waiting in the outbox (local). The rules:
- the server holds this car's own pending edit (same clock): it was sent, count it as sent;
- nothing newer than what this car knew: nothing to do (an older clock is a replay: ignored);
- newer, and no local edit: take it;
- newer, and a local edit too: both changed it while apart, a conflict: the newer clock wins for
  now (marked as such) and the driver is asked; neither value is lost;
- a local edit the server does not have: send it.
Pure: no database, no network."""

from __future__ import annotations

from dataclasses import dataclass, field

from store.sync import Change


@dataclass
class Merge:
    take: list[Change] = field(default_factory=list)  # remote values to store here
    send: list[Change] = field(default_factory=list)  # local edits to write over the server's
    sent: list[Change] = field(default_factory=list)  # local edits the server already has
    conflicts: list[tuple[Change, Change, str]] = field(default_factory=list)  # (local, remote, chosen)
    stale: list[Change] = field(default_factory=list)  # older than what this car knew: ignored


def merge(remote: dict[str, Change], shadow: dict[str, Change], outbox: dict[str, Change]) -> Merge:
    m = Merge()
    for path, r in remote.items():
        seen, mine = shadow.get(path), outbox.get(path)
        if mine is not None and mine.hlc == r.hlc:
            m.sent.append(mine)
        elif seen is not None and r.hlc <= seen.hlc:
            if r.hlc < seen.hlc:
                m.stale.append(r)
            if mine is not None:
                m.send.append(mine)
        elif mine is None:
            m.take.append(r)
        elif same(mine, r):  # both set the same value: no conflict, the newer clock stays
            (m.send if mine.hlc > r.hlc else m.take).append(mine if mine.hlc > r.hlc else r)
            if mine.hlc < r.hlc:
                m.sent.append(mine)
        else:
            chosen = "local" if mine.hlc > r.hlc else "remote"
            m.conflicts.append((mine, r, chosen))
            if chosen == "local":
                m.send.append(mine)
            else:
                m.take.append(r)
                m.sent.append(mine)  # settled by the conflict record, not sent
    for path, mine in outbox.items():
        if path not in remote:
            m.send.append(mine)
    return m


def same(a: Change, b: Change) -> bool:
    return a.value == b.value and type(a.value) is type(b.value) and a.relative == b.relative
