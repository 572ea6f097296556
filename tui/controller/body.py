"""The car's body: doors, windows and the sunroof (positions that move over time on the
controller's clock, one-touch, anti-pinch), the trunk or tailgate and the frunk, central locking,
child locks. Mirror folding lives in mirrors.py and is shown from there.

A person asks for a position (Left/Right: a step; Enter: one touch to the end; "close all"); the
window's Switch says so at once (OPEN, CLOSE, ONE_SHOT_OPEN, ONE_SHOT_CLOSE, as VSS has it) and
the Position follows at the motor's speed on every tick, written as the car's reading ("system").
Something in the way of a closing window or sunroof (the simulator's PinchObstacle) stops it
and backs it off, as anti-pinch does. Setting a Switch directly (`state set`, a routine) moves
the same way.
"""

from __future__ import annotations

from dataclasses import dataclass

from tui.controller.controls import AtLimit, Control, ControlDomain
from tui.controller.authority import ConfirmNeeded
from tui.controller.errors import InvalidValue, NotOnThisCar, UnknownName

DOOR = "Vehicle.Cabin.Door."
SUNROOF = "Vehicle.Cabin.Sunroof."
TRUNK = "Vehicle.Body.Trunk."
P = "Vehicle.Private.SmartCockpit."
OBSTACLE = P + "Simulation.PinchObstacle"
WINDOW_CHILD_LOCK = "Vehicle.Cabin.IsWindowChildLockEngaged"
PLACES = tuple(f"Row{r}.{s}Side" for r in (1, 2) for s in ("Driver", "Passenger"))
SPEED = {"window": 25.0, "sunroof": 15.0}  # percent per second: 4 s and about 7 s end to end
STEP = 20  # a Left/Right press moves this far (a short pull of the switch)
PINCH_BACK = 20  # anti-pinch backs off this far
SWITCHES = ("OPEN", "CLOSE", "ONE_SHOT_OPEN", "ONE_SHOT_CLOSE", "TILT_UP", "TILT_DOWN")
MOVING_WORDS = {"OPEN": "opening", "CLOSE": "closing", "ONE_SHOT_OPEN": "opening", "ONE_SHOT_CLOSE": "closing",
                "TILT_UP": "tilting", "TILT_DOWN": "closing"}


@dataclass(frozen=True)
class Opening:
    """A window or the sunroof: what moves, its switch, and how far it goes."""

    key: str  # "Row1.DriverSide" ... or "Sunroof"
    name: str  # "Driver window"
    position: str
    switch: str | None
    low: int  # -100 for a sunroof that tilts
    kind: str  # "window" or "sunroof"


@dataclass
class Move:
    target: int
    switch: str
    at: float | None = None  # where it is, to the fraction (the reading is whole percent)


def place_name(place: str, driver_left: bool) -> str:
    """Row1.DriverSide -> "Driver", Row2.PassengerSide -> "Rear right" on a left-hand drive car."""
    row, side = place.split(".")
    if row == "Row1":
        return "Driver" if side == "DriverSide" else "Passenger"
    left = (side == "DriverSide") == driver_left
    return "Rear left" if left else "Rear right"


class Body(ControlDomain):
    def __init__(self, controller):
        super().__init__(controller)
        self._moves: dict[str, Move] = {}
        self._last: float | None = None
        self._writing = False
        controller.add_write_hook(self._switch_hook)
        self._activators.update({"open": self._activate_opening, "closeall": lambda cid, s: self.close_all(s),
                                 "lockall": lambda cid, s: self.set_locked(not self.all_locked(), s),
                                 "trunk": self._activate_trunk, "childlock": self._activate_child_lock,
                                 "tilt": lambda cid, s: self.tilt(s)})
        self._changers.update({"open": lambda cid, d, s: self.step(cid.split(":", 1)[1], d, s)})

    # ------------------------------------------------------------------ what the car has
    def _driver_left(self) -> bool:
        return self.c.get("Vehicle.Cabin.DriverPosition") != "RIGHT"

    def openings(self) -> list[Opening]:
        out = []
        left = self._driver_left()
        for place in PLACES:
            path = f"{DOOR}{place}.Window.Position"
            if self.c.has(path):
                switch = f"{DOOR}{place}.Window.Switch"
                out.append(Opening(place, f"{place_name(place, left)} window", path,
                                   switch if self.c.has(switch) else None, 0, "window"))
        if self.c.has(SUNROOF + "Position") and self.c.has(SUNROOF + "Switch"):
            low = int(self.c.spec(SUNROOF + "Position").min or 0)
            out.append(Opening("Sunroof", "Sunroof", SUNROOF + "Position", SUNROOF + "Switch", min(0, low), "sunroof"))
        return out

    def opening(self, key: str) -> Opening:
        for op in self.openings():
            if op.key.lower() == key.lower():
                return op
        if key.lower() == "sunroof":
            raise NotOnThisCar(f"This {self.c.car.model.name} has no sunroof.")
        raise UnknownName(f"This {self.c.car.model.name} has no such window.")

    def windows(self) -> list[Opening]:
        return [op for op in self.openings() if op.kind == "window"]

    def doors(self) -> list[str]:
        return [p for p in PLACES if self.c.has(f"{DOOR}{p}.IsOpen")]

    def trunks(self) -> list[tuple[str, str]]:
        """(which, name) of the trunks this car has: the rear (trunk or tailgate) and the frunk."""
        body = (self.c.car.model.features or {}).get("body", "")
        rear = "Tailgate" if body in ("SUV", "minivan", "hatchback", "wagon") else "Trunk"
        out = [("Rear", rear)] if self.c.has(TRUNK + "Rear.IsOpen") else []
        if self.c.has(TRUNK + "Front.IsOpen"):
            out.append(("Front", "Frunk"))
        return out

    # ------------------------------------------------------------------ moving windows and the sunroof
    def position(self, key: str) -> int:
        return int(self.c.get(self.opening(key).position) or 0)

    def moving(self, key: str | None = None) -> bool:
        return bool(self._moves) if key is None else key in self._moves

    def target(self, key: str) -> int | None:
        move = self._moves.get(key)
        return move.target if move else None

    def move_to(self, key: str, percent: int, source: str = "ui", one_touch: bool = False) -> str:
        """Start moving a window (0 closed .. 100 open) or the sunroof (-100 tilted .. 100 open)
        toward a position; the Position follows on each tick. Returns what the driver is told."""
        op = self.opening(key)
        if isinstance(percent, bool) or not isinstance(percent, (int, float)) or not op.low <= percent <= 100:
            lowest = "-100 (tilted)" if op.low < 0 else "0 (closed)"
            raise InvalidValue(f"The {op.name.lower()} goes from {lowest} to 100 % (open).")
        target = int(round(percent))
        now = int(self.c.get(op.position) or 0)
        if target == now and key not in self._moves:
            return f"{op.name} is already {self._state_word(op, now)}."
        if target == now:
            return self.stop(key, source)
        if target < 0:
            switch = "TILT_UP"
        elif target == 0 and now < 0:
            switch = "TILT_DOWN"
        elif one_touch and op.kind == "window":
            switch = "ONE_SHOT_OPEN" if target > now else "ONE_SHOT_CLOSE"
        else:
            switch = "OPEN" if target > now else "CLOSE"
        self._start(op, target, switch, source)
        return f"{op.name} {MOVING_WORDS[switch]}" + ("." if target in (0, 100, -100) else f" to {target} %.")

    def _start(self, op: Opening, target: int, switch: str, source: str) -> None:
        if not self._moves:
            self._last = self.c.clock.monotonic()
        self._moves[op.key] = Move(target, switch)
        if op.switch and self.c.get(op.switch) != switch:
            self._writing = True
            try:
                self.c.set(op.switch, switch, source)
            finally:
                self._writing = False

    def stop(self, key: str, source: str = "ui") -> str:
        op = self.opening(key)
        self._moves.pop(key, None)
        self._finish_switch(op, source)
        return f"{op.name} stopped at {self._state_word(op, int(self.c.get(op.position) or 0))}."

    def _finish_switch(self, op: Opening, source: str = "system") -> None:
        if op.switch and self.c.get(op.switch) != "INACTIVE":
            self._writing = True
            try:
                self.c.set(op.switch, "INACTIVE", source)
            finally:
                self._writing = False

    def one_touch(self, key: str, source: str = "ui") -> str:
        """Enter on a window or the sunroof: stop it if it moves, else all the way closed if it is
        open (or tilted), all the way open if it is closed."""
        op = self.opening(key)
        if key in self._moves:
            return self.stop(key, source)
        now = int(self.c.get(op.position) or 0)
        return self.move_to(key, 0 if now != 0 else 100, source, one_touch=True)

    def step(self, key: str, direction: int, source: str = "ui") -> str:
        """Left (-1, toward closed) or Right (+1, toward open): a short pull of the switch."""
        op = self.opening(key)
        base = self._moves[key].target if key in self._moves else int(self.c.get(op.position) or 0)
        low = 0 if base >= 0 else op.low  # the sunroof slides from 0 up; tilting is its own row
        target = max(low, min(100, base + direction * STEP))
        if target == base and key not in self._moves:
            return AtLimit(f"{op.name} is {self._state_word(op, base)}.")
        return self.move_to(key, target, source)

    def tilt(self, source: str = "ui") -> str:
        """The sunroof's tilt: closed -> tilted, tilted (or open) -> closed."""
        op = self.opening("Sunroof")
        if op.low >= 0:
            raise NotOnThisCar(f"The sunroof of this {self.c.car.model.name} does not tilt.")
        now = int(self.c.get(op.position) or 0)
        return self.move_to("Sunroof", 0 if now != 0 else op.low, source)

    def close_all(self, source: str = "ui") -> str:
        """Every window and the sunroof to closed (the car's "close all"; the smart home and
        routines call this too). Returns what the driver is told."""
        started = []
        for op in self.openings():
            now = int(self.c.get(op.position) or 0)
            if now != 0 or (op.key in self._moves and self._moves[op.key].target != 0):
                self._start(op, 0, "TILT_DOWN" if now < 0 else ("ONE_SHOT_CLOSE" if op.kind == "window" else "CLOSE"),
                            source)
                started.append(op)
        if not started:
            what = "windows and the sunroof are" if any(op.kind == "sunroof" for op in self.openings()) else "windows are"
            return f"All {what} closed."
        if len(started) == 1:
            return f"Closing the {started[0].name.lower()}."
        return f"Closing {len(started)} windows." if all(op.kind == "window" for op in started) else (
            f"Closing {len(started) - 1} window{'s' if len(started) != 2 else ''} and the sunroof.")

    def _adopt(self) -> None:
        """A Switch left active without a move here (set by another process: `state set`, a
        command that ended, or before a restart) moves its window too, from now on."""
        for op in self.openings():
            value = self.c.get(op.switch) if op.switch else None
            if op.key not in self._moves and value in SWITCHES:
                self._switch_hook(self.c, [(op.switch, None, value)], "cli")

    def tick(self) -> None:
        """Move what is moving by the time passed on the controller's clock."""
        self._adopt()
        if not self._moves:
            self._last = None
            return
        now = self.c.clock.monotonic()
        dt = max(0.0, now - (self._last if self._last is not None else now))
        self._last = now
        if dt <= 0:
            return
        blocked = str(self.c.get(OBSTACLE) or "") if self.c.has(OBSTACLE) else ""
        values, done, pinched = {}, [], []
        for key, move in list(self._moves.items()):
            op = self.opening(key)
            pos = int(self.c.get(op.position) or 0)
            at = move.at if move.at is not None and abs(move.at - pos) < 1 else float(pos)
            closing = abs(move.target) < abs(pos)
            if closing and blocked and blocked.lower() in (key.lower(), "any"):
                values[op.position] = pos + PINCH_BACK if pos > 0 else max(op.low, pos - PINCH_BACK)
                values[op.position] = max(op.low, min(100, values[op.position]))
                done.append(op)
                pinched.append(op)
                continue
            travel = SPEED[op.kind] * dt
            if abs(move.target - at) <= travel:
                values[op.position] = move.target
                done.append(op)
            else:
                move.at = at + travel * (1 if move.target > at else -1)
                values[op.position] = int(round(move.at))
        for op in done:
            self._moves.pop(op.key, None)
        self.c.set_many(values, "system")
        for op in done:
            self._finish_switch(op)
        for op in pinched:
            self.c.notice(f"Anti-pinch: the {op.name.lower()} stopped and opened a little.", "warning")

    def _switch_hook(self, controller, changes: list, source: str) -> None:
        """A Switch set by anyone else (`state set`, a routine, the simulator) moves the same way."""
        if self._writing or source == "system":
            return
        for path, _old, new in changes:
            if not path.endswith(".Switch") or new not in SWITCHES:
                continue
            op = next((o for o in self.openings() if o.switch == path), None)
            if op is None:
                continue
            target = {"OPEN": 100, "ONE_SHOT_OPEN": 100, "CLOSE": 0, "ONE_SHOT_CLOSE": 0, "TILT_UP": op.low,
                      "TILT_DOWN": 0}[new]
            if not self._moves:
                self._last = self.c.clock.monotonic()
            self._moves[op.key] = Move(target, new)

    def _state_word(self, op: Opening, pos: int) -> str:
        if pos == 0:
            return "closed"
        if pos < 0:
            return "tilted" if pos <= op.low else f"tilted {-pos} %"
        return "open" if pos >= 100 else f"open {pos} %"

    def opening_text(self, op: Opening) -> str:
        """What a row shows: "Open 40 %", "Closing · 60 %", "Tilted"."""
        pos = int(self.c.get(op.position) or 0)
        state = self._state_word(op, pos)
        move = self._moves.get(op.key)
        if move:
            return f"{MOVING_WORDS[move.switch].capitalize()} · {pos} %"
        return state[:1].upper() + state[1:]

    def simulate_obstacle(self, key: str | None, source: str = "simulator") -> str:
        """Something in the way of a window or the sunroof ("any" for all; None: nothing), as the
        simulator and `smartcockpit body simulate obstacle` put it."""
        if key in (None, "", "none"):
            self.c.set(OBSTACLE, "", source)
            return "Nothing in the way."
        name = "any" if key.lower() == "any" else self.opening(key).key
        self.c.set(OBSTACLE, name, source)
        return "Something is in the way of every window." if name == "any" else (
            f"Something is in the way of the {self.opening(name).name.lower()}.")

    def find(self, words: str) -> Opening:
        """An opening by what a person calls it: "driver", "rear left", "Row2.DriverSide", "sunroof"."""
        want = " ".join(words.replace("_", " ").replace("-", " ").lower().split()).removesuffix(" window")
        for op in self.openings():
            if want in (op.key.lower(), op.name.lower(), op.name.lower().removesuffix(" window")):
                return op
        names = ", ".join(op.name.lower().removesuffix(" window") for op in self.openings())
        raise UnknownName(f"Which one? This car has: {names}.")

    def status(self) -> dict:
        """Everything the Vehicle screens show, for `smartcockpit body status` and the assistant."""
        left = self._driver_left()
        return {
            "openings": {op.name: self.opening_text(op) for op in self.openings()},
            "doors": {f"{place_name(p, left)} door": self.door_text(p) for p in self.doors()},
            "trunks": {name: "Open" if self.c.get(f"{TRUNK}{w}.IsOpen") else "Closed" for w, name in self.trunks()},
            "locked": self.all_locked(),
        }

    # ------------------------------------------------------------------ trunks, locks, child locks
    def authorize(self, action: str, source: str, pin: str | None, confirmed: bool, doing: str):
        """The authority's checks for body.unlock / body.trunk (tui/controller/authority.py): a
        refusal (NotAllowed), a PIN not given (PinNeeded) or wrong, a yes not given (ConfirmNeeded,
        carrying the decision for the entry point to follow). Returns the context to write in."""
        decision = self.c.authority.require(action, pin=pin, source=source, doing=doing)
        if decision.asks and decision.confirm and not confirmed:
            raise ConfirmNeeded(decision.reason, decision)
        return self.c.authority.granted(action)

    def trunk_name(self, which: str) -> tuple[str, str]:
        """("Rear"|"Front", "Trunk"|"Tailgate"|"Frunk") for "rear", "front", "frunk", "tailgate"."""
        which = {"frunk": "Front", "tailgate": "Rear", "trunk": "Rear"}.get(which.lower(), which.capitalize())
        name = dict(self.trunks()).get(which)
        if name is None:
            raise NotOnThisCar(f"This {self.c.car.model.name} has no {'frunk' if which == 'Front' else 'power trunk'}.")
        return which, name

    def set_trunk(self, which: str, open_: bool, source: str = "ui", pin: str | None = None,
                  confirmed: bool = False) -> str:
        """Open (parked only; in valet mode with the valet PIN: body.trunk) or close a trunk."""
        which, name = self.trunk_name(which)
        path = f"{TRUNK}{which}.IsOpen"
        if bool(self.c.get(path)) == open_:
            return f"{name} is already {'open' if open_ else 'closed'}."
        if not open_:
            self.c.set(path, False, source)
            return f"{name} closing."
        with self.authorize("body.trunk", source, pin, confirmed, f"open the {name.lower()}"):
            self.c.set(path, True, source)
        return f"{name} opening."

    def set_trunk_locked(self, which: str, locked: bool, source: str = "ui", pin: str | None = None,
                         confirmed: bool = False) -> str:
        """Lock or unlock one trunk (unlocking: body.unlock, as the car's)."""
        which, name = self.trunk_name(which)
        path = f"{TRUNK}{which}.IsLocked"
        if not self.c.has(path):
            raise NotOnThisCar(f"The {name.lower()} of this {self.c.car.model.name} has no lock of its own.")
        word = "locked" if locked else "unlocked"
        if bool(self.c.get(path)) == locked:
            return f"{name} is already {word}."
        if locked:
            self.c.set(path, True, source)
        else:
            with self.authorize("body.unlock", source, pin, confirmed, f"unlock the {name.lower()}"):
                self.c.set(path, False, source)
        return f"{name} {word}."

    def carry_out(self, control_id: str, pin: str | None, source: str = "ui") -> str:
        """A row's unlock or trunk opening, once its entry point asked what the authority asks
        (the yes, the PIN): "lockall" unlocks, "trunk:<which>" opens."""
        kind, _, which = control_id.partition(":")
        if kind == "lockall":
            return self.set_locked(False, source, pin=pin, confirmed=True)
        if kind == "trunk":
            return self.set_trunk(which, True, source, pin=pin, confirmed=True)
        raise InvalidValue("Nothing to carry out on this row.")

    def lock_paths(self) -> list[str]:
        paths = [f"{DOOR}{p}.IsLocked" for p in PLACES if self.c.has(f"{DOOR}{p}.IsLocked")]
        return paths + [f"{TRUNK}{w}.IsLocked" for w in ("Rear", "Front") if self.c.has(f"{TRUNK}{w}.IsLocked")]

    def all_locked(self) -> bool:
        return all(self.c.get(p) for p in self.lock_paths())

    def set_locked(self, locked: bool, source: str = "ui", pin: str | None = None, confirmed: bool = False) -> str:
        """Central locking: every door and the trunks. Locking always may; unlocking is the
        authority's body.unlock, the same rule from every entry point."""
        paths = self.lock_paths()
        if not paths:
            raise NotOnThisCar(f"This {self.c.car.model.name} has no central locking.")
        word = "locked" if locked else "unlocked"
        if all(bool(self.c.get(p)) == locked for p in paths):
            return f"The car is already {word}."
        if locked:
            self.c.set_many({p: True for p in paths}, source)
        else:
            with self.authorize("body.unlock", source, pin, confirmed, "unlock the car"):
                self.c.set_many({p: False for p in paths}, source)
        return f"Car {word}."

    def child_lock_paths(self) -> list[str]:
        return [f"{DOOR}{p}.IsChildLockActive" for p in PLACES if self.c.has(f"{DOOR}{p}.IsChildLockActive")]

    def set_child_locks(self, on: bool, source: str = "ui") -> str:
        """The rear doors' child locks (the car carries out the request and reports it) and the
        rear window lock with them."""
        paths = self.child_lock_paths()
        if not paths:
            raise NotOnThisCar(f"This {self.c.car.model.name} has no rear doors.")
        self.c.set_many({p: on for p in paths}, "system")
        if self.c.has(WINDOW_CHILD_LOCK):
            self.c.set(WINDOW_CHILD_LOCK, on, source)
        return f"Child locks {'on' if on else 'off'}."

    def _activate_opening(self, cid: str, source: str) -> str:
        return self.one_touch(cid.split(":", 1)[1], source)

    def _activate_trunk(self, cid: str, source: str) -> str:
        which = cid.split(":", 1)[1]
        return self.set_trunk(which, not self.c.get(f"{TRUNK}{which}.IsOpen"), source)

    def _activate_child_lock(self, cid: str, source: str) -> str:
        paths = self.child_lock_paths()
        return self.set_child_locks(not (paths and self.c.get(paths[0])), source)

    # ------------------------------------------------------------------ what the screens show
    def door_text(self, place: str) -> str:
        base = f"{DOOR}{place}."
        state = "Open" if self.c.get(base + "IsOpen") else "Closed"
        return f"{state} · {'locked' if self.c.get(base + 'IsLocked') else 'unlocked'}"

    def open_doors(self) -> list[str]:
        """The names of what is open: doors, trunks, the hood."""
        left = self._driver_left()
        names = [f"{place_name(p, left)} door" for p in self.doors() if self.c.get(f"{DOOR}{p}.IsOpen")]
        names += [name for which, name in self.trunks() if self.c.get(f"{TRUNK}{which}.IsOpen")]
        if self.c.get("Vehicle.Body.Hood.IsOpen"):
            names.append("Hood")
        return names

    def controls(self, section: str | None = None) -> list[Control]:
        if section == "locks":
            return self._lock_rows()
        rows = []
        openings = self.openings()
        if openings:  # first: in reach while moving too (six rows show then)
            rows.append(Control("closeall", "Close all", "Windows and sunroof" if any(
                o.kind == "sunroof" for o in openings) else "All windows", "action"))
        for op in openings:
            rows.append(Control(f"open:{op.key}", op.name, self.opening_text(op), "range"))
            if op.kind == "sunroof" and op.low < 0:
                tilted = int(self.c.get(op.position) or 0) < 0
                rows.append(Control("tilt", "Sunroof tilt", "Tilted" if tilted else "Not tilted", "action"))
        left = self._driver_left()
        for place in self.doors():
            rows.append(Control(f"door:{place}", f"{place_name(place, left)} door", self.door_text(place), "info"))
        moving = self.c.restrictions().moving
        for which, name in self.trunks():
            opened = bool(self.c.get(f"{TRUNK}{which}.IsOpen"))
            reason = "Available when parked" if moving and not opened else None
            rows.append(Control(f"trunk:{which}", name, "Open" if opened else "Closed", "toggle", reason))
        return rows

    def _lock_rows(self) -> list[Control]:
        rows = [Control("lockall", "Central locking", "Locked" if self.all_locked() else "Unlocked", "toggle")]
        paths = self.child_lock_paths()
        if paths:
            rows.append(Control("childlock", "Child locks (rear)", "On" if self.c.get(paths[0]) else "Off", "toggle"))
        else:
            rows.append(Control("childlock", "Child locks (rear)", "—", "toggle",
                                f"This {self.c.car.model.name} has no rear doors"))
        folds = self.c.mirrors.controls()
        rows += [r for r in folds if r.id == "fold"]  # folding is the mirrors' (mirrors.py)
        return rows

    def activate(self, control_id: str, source: str = "ui") -> str:
        if control_id == "fold":
            return self.c.mirrors.activate(control_id, source)
        return super().activate(control_id, source)

    def change(self, control_id: str, direction: int, source: str = "ui") -> str:
        """Left/Right: a window or the sunroof a step; a toggle off (Left) or on (Right)."""
        kind, _, which = control_id.partition(":")
        if kind == "fold":
            return self.c.mirrors.change(control_id, direction, source)
        if kind == "open":
            return super().change(control_id, direction, source)
        if kind == "lockall":
            return self.set_locked(direction > 0, source)
        if kind == "childlock":
            self._check_enabled(control_id)
            return self.set_child_locks(direction > 0, source)
        if kind == "trunk":
            return self.set_trunk(which, direction > 0, source)
        if kind == "door":
            raise InvalidValue("Doors open and close by hand; the row shows them.")
        raise InvalidValue("Press Enter for this one.")

    def controls_for(self, control_id: str) -> list[Control]:
        return self._lock_rows() if control_id in ("lockall", "childlock", "fold") else self.controls()

    def openings_text(self) -> str:
        """The Doors & windows row: what is open by name (doors, trunks, the hood), else how many
        windows or the sunroof stand open, else "All closed"."""
        opened = self.open_doors()
        if opened:
            return (", ".join(opened) + " open")[:30]
        ajar = sum(1 for op in self.openings() if self.c.get(op.position))
        return f"{ajar} open" if ajar else "All closed"

    def summary(self) -> str:
        """The Vehicle tile's line, whole (the tile cuts it to its width with an ellipsis)."""
        if self._moves:
            return "Windows moving"
        opened = self.open_doors()
        if opened:
            return f"{opened[0]} open" if len(opened) == 1 else f"{len(opened)} open"
        ajar = [op for op in self.openings() if int(self.c.get(op.position) or 0) != 0]
        if ajar:
            return f"{ajar[0].name} open" if len(ajar) == 1 else f"{len(ajar)} windows open"
        return "Locked · all closed" if self.all_locked() else "Unlocked · all closed"
