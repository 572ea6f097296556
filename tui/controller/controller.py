"""The Controller: the one object the screens and the command line hold.

It owns the current car and profile, validates every write against the car's capability and the
VSS spec, writes each change in one transaction with its audit row, announces changes to its
listeners, and undoes. Domain modules (profiles, climate, home, ...) hang off it as attributes.
"""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

from store import Store, open_store
from store.vehicles import now_iso
from tui import __version__
from tui.controller import units
from tui.controller.units import Status  # noqa: F401 (what the status bar shows; kept importable from here)
from tui.controller.cars import CarInfo, CarsMixin
from tui.controller.clock import SystemClock
from tui.controller.composition import DOMAIN_ORDER, ON_FIRST_USE, domain_classes, first_use_class
from tui.controller.motion import PARKED_VALUES, MotionLease
from tui.controller.restrictions import Restrictions, restrictions_for
from tui.controller.errors import CockpitError, InvalidValue, NotOnThisCar, NothingToUndo, UnknownName
from tui.controller.events import ContextChanged, Event, EventBus, PendingBatch, StateBatch, StateChanged
from tui.controller.signals import Spec, check_writable, effective, parse, stepped, validate
from tui.controller.undo import UNDOABLE_SOURCES, UndoMixin  # noqa: F401 (undo: a whole user action)

if TYPE_CHECKING:  # the domains' types, for readers and type checkers (imported for real on first need)
    from tui.controller.alerts import Alerts
    from tui.controller.driver_assistance import DriverAssist
    from tui.controller.assistant import Assistant
    from tui.controller.authority import Authority
    from tui.controller.body import Body
    from tui.controller.charging import Charging
    from tui.controller.health import Health
    from tui.controller.climate import Climate
    from tui.controller.drive import Drive
    from tui.controller.home import Home
    from tui.controller.ledger import Ledger
    from tui.controller.lights import Lights
    from tui.controller.media import Media
    from tui.controller.mirrors import MirrorsSteering
    from tui.controller.navigation import Navigation
    from tui.controller.profiles import Profiles
    from tui.controller.routines import Routines
    from tui.controller.seats import Seats
    from tui.controller.security import Security
    from tui.controller.services import Services
    from tui.controller.simulator import Simulator
    from tui.controller.sync import Sync
    from tui.controller.trips import Trips
    from tui.controller.updates import Updates

DEMO_MODEL = "jeep-wagoneer-s-2024"
DEFAULT_PROFILE = "Driver"
HMI = "Vehicle.Cabin.Infotainment.HMI."
SPEED = "Vehicle.Speed"

WriteGuard = Callable[["Controller", Spec, Any, str], None]
WriteHook = Callable[["Controller", list, str], None]


class Controller(UndoMixin, CarsMixin):
    # the domains, typed (built by finish_start, or on first use; see DOMAIN_ORDER)
    alerts: Alerts  # the alert centre (issue 17)
    security: Security
    authority: Authority
    profiles: Profiles
    climate: Climate
    seats: Seats
    mirrors: MirrorsSteering
    lights: Lights
    driver_assistance: DriverAssist
    body: Body  # doors, windows, sunroof, trunks, locks (issue 17)
    health: Health  # tyres, washer fluid, 12 V, service, warning lights (issue 17)
    simulator: Simulator
    drive: Drive
    charging: Charging  # limit, current, cheap hours, departure, sessions (issue 17)
    trips: Trips  # every drive, totals, CSV (issue 17)
    ledger: Ledger
    services: Services
    media: Media
    home: Home
    routines: Routines
    assistant: Assistant
    sync: Sync  # profiles that roam (issue 19)
    navigation: Navigation  # destinations, routes, arrival (issue 17)
    updates: Updates  # software updates on the car (issue 20), built on first use

    def __init__(self, store: Store, clock=None, staged: bool = False):
        """staged=True (the full-screen app): the domains are built by finish_start(), which the
        app calls right after the home screen's first paint; until then the core (car, state,
        validation, status) works alone. Anything that needs a domain finishes the start first:
        using one, every write, undo, tick, sync, car change and feature check. The command line
        and tests build everything at once."""
        self.store = store
        self.clock = clock or SystemClock()
        self.events = EventBus()
        self._guards: list[WriteGuard] = []
        self._hooks: list[WriteHook] = []
        self._batch: PendingBatch | None = None  # the write transaction open, if any
        self._gates: list[Callable[[str], str | None]] = []
        self._formatters: dict[str, Callable[[Any], str | None]] = {}  # a domain's own words for a value
        self._signals = store.catalog.signals()
        self._specs: dict[str, Spec] = {}
        self._caps_by_model: dict[str, dict] = {}  # model id -> its capabilities, read once (see capabilities_of)
        self._first_run()
        self._load_car(self.store.settings.get("active_vin"))
        self._motion = MotionLease(store.settings, self.clock)
        self._motion.load()
        self._data_version = store.data_version()
        self._domains = []
        self._pending = list(DOMAIN_ORDER)
        if not staged:
            self.finish_start()

    @property
    def ready(self) -> bool:
        """True once every domain (except those built on first use) is built and started."""
        return not self._pending

    def finish_start(self) -> bool:
        """Build and start the domains not built yet, in DOMAIN_ORDER; True if there were any."""
        if not self._pending:
            return False
        classes = domain_classes()
        built = []
        while self._pending:  # one at a time: a failure leaves the rest to the next call
            attribute = self._pending[0]
            built.append(self._make_domain(attribute, classes[attribute]))
            self._pending.pop(0)
        for domain in built:
            self._start_domain(domain)
        self.park_if_stale()  # a drive that nobody drives any more (a killed simulator) ends parked
        return True

    def _make_domain(self, attribute: str, cls: type):
        domain = cls(self)
        setattr(self, attribute, domain)
        self._domains.append(domain)
        return domain

    @staticmethod
    def _start_domain(domain) -> None:
        started = getattr(domain, "started", None)
        if started is not None:
            started()

    def __getattr__(self, name: str):
        # only reached for attributes not set yet: a domain not built yet is built on first use
        pending = self.__dict__.get("_pending")
        if pending and name in pending:
            self.finish_start()
            return getattr(self, name)
        if name in ON_FIRST_USE and "_domains" in self.__dict__:
            domain = self._make_domain(name, first_use_class(name))
            self._start_domain(domain)
            return domain
        raise AttributeError(name)

    # ------------------------------------------------------------------ opening
    @classmethod
    def open(cls, path: str | Path, clock=None, staged: bool = False) -> "Controller":
        return cls(open_store(path), clock=clock, staged=staged)

    def close(self) -> None:
        self.store.close()

    def _first_run(self) -> None:
        s = self.store
        if not s.vehicles.list():
            with s.write():
                car = self._add_vehicle(DEMO_MODEL, "Demo car")
                s.settings.set("active_vin", car.vin)
        if not s.profiles.list():
            with s.write():
                # the first profile is the car's owner, with every right
                p = s.profiles.add(DEFAULT_PROFILE, "DR", "#3B82F6",
                                   permissions={"home_security": True, "purchases": True})
                s.profiles.make_owner(p.id)
                s.settings.set("active_profile_id", p.id)

    def _load_car(self, vin: str | None) -> None:
        s = self.store
        vehicle = s.vehicles.get(vin) if vin else None
        if vehicle is None:
            vehicle = s.vehicles.list()[0]
        model = s.catalog.model(vehicle.model_id)
        self.car = CarInfo(vehicle.vin, vehicle.nickname, model, s.catalog.brand(model.brand_id))
        self._caps = self.capabilities_of(model.id)
        self._state = s.state.all(vehicle.vin)
        self._specs = {}

    def capabilities_of(self, model_id: str) -> dict:
        """A model's capabilities, read from the catalog once: the catalog changes only when the store
        opens (a new release's catalog is loaded then), so an outside write or a car change does not
        read and parse them again."""
        caps = self._caps_by_model.get(model_id)
        if caps is None:
            caps = self._caps_by_model[model_id] = self.store.catalog.capabilities(model_id)
        return caps

    # ------------------------------------------------------------------ events
    def subscribe(self, listener: Callable[[Event], None], batches: bool = False) -> Callable[[], None]:
        """batches=True: each transaction's changes as one StateBatch, else one StateChanged each."""
        return self.events.subscribe(listener, batches)

    def add_write_guard(self, guard: WriteGuard) -> None:
        """A guard may veto a write by raising NotAllowed (valet mode, moving, permissions)."""
        self._guards.append(guard)

    def add_write_hook(self, hook: WriteHook) -> None:
        """Runs inside the write's transaction with the changes made (path, old, new), the state
        already showing them; what it writes through the controller joins that transaction."""
        self._hooks.append(hook)

    def add_formatter(self, path: str, formatter: Callable[[Any], str | None]) -> None:
        """A domain's own words for a value of one signal (None: the usual text), used by format()
        everywhere: hands-free on while parked reads "Armed" on screens, the CLI and the assistant."""
        self._formatters[path] = formatter

    def tick(self) -> None:
        """Called about once a second by the app (and by tests with a FakeClock): time-driven
        rules of each domain (seat-heating step-down, routines, renewals) run here."""
        self.finish_start()
        self.park_if_stale()
        for domain in self._domains:
            tick = getattr(domain, "tick", None)
            if tick is not None:
                tick()

    def add_feature_gate(self, gate: Callable[[str], str | None]) -> None:
        """A gate answers, for a feature name, why it is not available now (or None)."""
        self._gates.append(gate)

    def feature_block(self, feature: str) -> str | None:
        """Why a feature (e.g. "media.streaming", "autodrive.hands_free", "wifi.hotspot",
        "nav.live_traffic", "home.remote_access") is not available on this car and profile, or None."""
        self.finish_start()
        for gate in self._gates:
            reason = gate(feature)
            if reason:
                return reason
        return None

    def notice(self, text: str, severity: str = "information") -> None:
        """A short message for the car screen (at most 80 characters)."""
        from tui.controller.restrictions import MAX_TEXT_MOVING, short
        from tui.controller.events import Notice

        notice = Notice(short(text, MAX_TEXT_MOVING), severity)
        if self._batch is not None:  # told after the change it is about, and not if that rolls back
            self._batch.notices.append(notice)
        else:
            self.events.publish(notice)

    def catch_up(self) -> bool:
        """Pick up what another process wrote to the same database. True if anything changed.
        (Not `sync`: controller.sync is the domain of profiles that roam between cars.)"""
        self.finish_start()
        version = self.store.data_version()
        if version == self._data_version:
            return False
        self._data_version = version
        active = self.store.settings.get("active_vin")
        self._load_car(active)
        self._motion.load()
        self.events.publish(ContextChanged("external"))
        return True

    # ------------------------------------------------------------------ signals
    @property
    def signal_catalog(self) -> dict:
        """Every signal of the catalog by VSS path (the spec's, not this car's ranges)."""
        return self._signals

    def wrote(self) -> None:
        """A domain wrote to the store itself (not through set_many): what this controller has
        seen is up to date, so catch_up() does not mistake its own write for another process's."""
        self._data_version = self.store.data_version()

    def has(self, path: str) -> bool:
        return path in self._caps

    def spec(self, path: str) -> Spec:
        spec = self._specs.get(path)
        if spec is not None:
            return spec
        signal = self._signals.get(path)
        if signal is None:
            raise UnknownName(f"There is no setting called {path!r}.")
        cap = self._caps.get(path)
        if cap is None:
            raise NotOnThisCar(f"{self.car.title} does not have {effective(signal, None).label.lower()}.")
        spec = self._specs[path] = effective(signal, cap)
        return spec

    def signal_paths(self) -> list[str]:
        return sorted(self._caps)

    def get(self, path: str, default=None):
        return self._state.get(path, default)

    def state(self) -> dict:
        return dict(self._state)

    # ------------------------------------------------------------------ writes
    def validate(self, path: str, value: Any, source: str = "ui") -> Any:
        self.finish_start()  # the domains' write guards take part
        spec = self.spec(path)
        check_writable(spec, source)
        value = validate(spec, value, lambda v, step=False: (step and self.hmi_units().step_text(spec, v))
                         or self.format(path, v))
        for guard in self._guards:
            guard(self, spec, value, source)
        return value

    def set(self, path: str, value: Any, source: str = "ui") -> StateChanged | None:
        events = self.set_many({path: value}, source)
        return events[0] if events else None

    def set_many(self, values: dict[str, Any], source: str = "ui", profile_id: int | None = -1) -> list[StateChanged]:
        """Validate every value first, then write all in one transaction with their audit rows.

        A single invalid value rejects the whole set and nothing changes.
        """
        self.finish_start()  # every guard and hook is in place before a write
        changes = []
        for path, value in values.items():
            value = self.validate(path, value, source)
            old = self._state.get(path)
            if old != value or type(old) is not type(value):
                changes.append((path, old, value))
        live = self._motion.due(values.get(SPEED), source)
        if not changes:
            if live:
                self.keep_moving()
            return []
        who = self.active_profile_id() if profile_id == -1 else profile_id
        with self.transaction() as batch:
            events = self._record(batch, changes, who, source)
            if live:
                self._motion.renew()
            for hook in self._hooks:
                hook(self, changes, source)
        return events

    @contextmanager
    def transaction(self):
        """One write transaction; writes made inside it (a write hook's follow-up) join it. Once it
        has committed, one StateBatch announces every change it made, then its notices."""
        if self._batch is not None:
            yield self._batch
            return
        batch = self._batch = PendingBatch(now_iso())
        try:
            with self.store.write():
                yield batch
        except BaseException:
            batch.put_back(self._state)
            raise
        finally:
            self._batch = None
        self._data_version = self.store.data_version()
        if batch.changes:
            self.events.publish(StateBatch(tuple(batch.changes)))
        for notice in batch.notices:
            self.events.publish(notice)

    def _record(self, batch: PendingBatch, changes: list, who: int | None, source: str) -> list[StateChanged]:
        ids = self.store.state.write(self.car.vin, changes, who, source, at=batch.at)
        self._group(changes, ids, source)  # one user action, one undo step (tui/controller/undo.py)
        events = [StateChanged(self.car.vin, *change, source, who, audit_id) for change, audit_id in zip(changes, ids)]
        for event in events:
            batch.record(self._state, event)
        return events

    def set_text(self, path: str, text: str, source: str = "cli") -> StateChanged | None:
        return self.set(path, self.parse_text(path, text)[0], source)

    def parse_text(self, path: str, text: str) -> tuple[Any, str]:
        """What a person typed ("72", "72F", "22 °C", "60mph") -> (value, note naming the unit it was
        read in, "" when there was nothing to assume). A bare number is in the driver's unit."""
        spec = self.spec(path)
        read = self.hmi_units().parse(spec, text)
        return read if read is not None else (parse(spec, text), "")

    def step(self, path: str, direction: int, source: str = "ui") -> StateChanged | None:
        spec = self.spec(path)
        return self.set(path, stepped(spec, self._state.get(path), direction), source)

    def toggle(self, path: str, source: str = "ui") -> StateChanged | None:
        spec = self.spec(path)
        current = self._state.get(path)
        if spec.kind == "toggle":
            return self.set(path, not bool(current), source)
        if spec.kind == "choice":
            choices = list(spec.allowed)
            nxt = choices[(choices.index(current) + 1) % len(choices)] if current in choices else choices[0]
            return self.set(path, nxt, source)
        raise InvalidValue(f"{spec.label} is changed with Left and Right.")

    def undo_entry(self, audit_id: int) -> StateChanged:
        self.finish_start()
        entry = self.store.audit.get(audit_id)
        if entry is None or entry.vin != self.car.vin:
            raise UnknownName("That change is not in this car's history.")
        if entry.undone:
            raise NothingToUndo("That change was already undone.")
        value = entry.old if entry.old is not None else self.spec(entry.path).default
        value = self.validate(entry.path, value, "undo")
        old = self._state.get(entry.path)
        changes = [(entry.path, old, value)]
        with self.transaction() as batch:  # the undo, its audit rows and what the hooks do: all or nothing
            event = self._record(batch, changes, self.active_profile_id(), "undo")[0]
            self.store.audit.mark_undone(entry.id)
            for hook in self._hooks:
                hook(self, changes, "undo")
        return event

    # ------------------------------------------------------------------ profile (the profiles module extends this)
    def active_profile_id(self) -> int | None:
        return self.store.settings.get("active_profile_id")

    def active_profile_name(self) -> str:
        if self._state.get("Vehicle.Private.SmartCockpit.Valet.IsActive"):
            return "Valet"  # the driver's name is personal data, hidden in valet mode (issue 3)
        pid = self.active_profile_id()
        p = self.store.profiles.get(pid) if pid is not None else None
        return p.name if p else "—"

    # ------------------------------------------------------------------ moving, from a live reading
    def motion(self) -> tuple[bool, bool]:
        """(moving, reading current): a speed above 0 counts as moving only while its reading is
        live (tui/controller/motion.py); a stale one means parked."""
        return self._motion.state(self._state.get(SPEED))

    def keep_moving(self) -> None:
        """Whatever drives the car says it still does (a paused simulator holds the car as it is)."""
        with self.store.write():
            self._motion.renew()
        self.wrote()

    def keep_moving_if_due(self) -> None:
        if self._motion.due(self._state.get(SPEED), "simulator"):
            self.keep_moving()

    def park_if_stale(self) -> bool:
        """The car is parked when nothing drives it: a speed whose reading expired is set to 0 (in
        Park) with an audit row from the system. True if it did."""
        moving, current = self.motion()
        if moving or current:
            return False
        values = {SPEED: 0.0, **{path: value for path, value in PARKED_VALUES if path in self._caps}}
        try:
            self.set_many(values, source="system")
        except CockpitError:
            return False
        return True

    # ------------------------------------------------------------------ what the driver sees
    def restrictions(self) -> Restrictions:
        moving, _ = self.motion()
        return restrictions_for(self._state.get(SPEED) if moving else 0.0,
                                self._state.get("Vehicle.Powertrain.Transmission.SelectedGear"))

    def unit(self, name: str) -> str:
        return self._state.get(HMI + name) or ""

    def hmi_units(self, over: dict | None = None) -> units.Units:
        """The driver's units, time and date formats (tui/controller/units.py), `over` laid on top."""
        return units.Units.of(self._state, over)

    def time_text(self, moment) -> str:
        return self.hmi_units().time_text(moment)

    def date_text(self, moment) -> str:
        return self.hmi_units().date_text(moment)

    def format(self, path: str, value: Any = None, hmi: units.Units | None = None) -> str:
        """A value as the driver reads it, in the driver's units (or in `hmi`)."""
        from tui.controller.labels import value_text

        if value is None:
            value = self._state.get(path)
        own = self._formatters.get(path)
        if own is not None and (said := own(value)) is not None:
            return said
        spec = self.spec(path) if path in self._caps else None
        hmi = hmi or self.hmi_units()
        shown = hmi.quantity(spec, value)
        return value_text(spec, value, hmi) if shown is None else shown

    def status(self) -> Status:
        st = self._state
        soc = st.get("Vehicle.Powertrain.TractionBattery.StateOfCharge.Current")
        fuel = st.get("Vehicle.Powertrain.FuelSystem.RelativeLevel")
        level = f"{soc:.0f} %" if soc is not None else (f"{fuel} % fuel" if fuel is not None else "")
        hmi = self.hmi_units()
        rng = units.distance_text(st.get("Vehicle.Powertrain.Range"), hmi.distance)
        return Status(
            profile=self.active_profile_name(),
            car=self.car.title,
            gear=units.gear_text(st.get("Vehicle.Powertrain.Transmission.SelectedGear")),
            speed=units.speed_text(st.get("Vehicle.Speed"), hmi.speed),
            outside=units.temperature_text(st.get("Vehicle.Exterior.AirTemperature"), hmi.temperature),
            energy=f"{level} {rng}".strip(),
            clock=hmi.time_text(self.clock.now()),
            driving=self.restrictions().state,
            media=self.media.status_line() if "media" in self.__dict__ else "",  # once built
        )

    def about(self) -> dict:
        return {
            "version": __version__,
            "database": str(self.store.path),
            "schema_version": self.store.schema_version(),
            "vin": self.car.vin,
            "car": self.car.title,
            "model_year": self.car.model.model_year,
            "platform": self.car.model.platform,
            "architecture": self.car.model.architecture,
            "head_unit": self.car.model.head_unit,
        }

    def db_check(self) -> list[str]:
        return self.store.check()


__all__ = ["Controller", "CockpitError", "CarInfo", "Status", "DEMO_MODEL"]
