"""One authority for who may do what, and when.

Every sensitive action is decided here, and only here: may this actor do this action now?
The answer is a Decision: allow, ask (a yes first, and/or a PIN: whose) or refuse, with the
sentence the driver reads. Screens, the command line, the assistant, routines, profile import,
backup restore and the simulator all ask `decide` (to know what to ask) and `require` (to carry
out the checks that are not a person's answer: rules, the PIN). Nothing else decides.

Actor: who acts (`role`: the car's owner, another driver, the Guest, a valet driver, the fleet
operator) through which entry point (`channel`: the screens "ui", the local command line "cli",
the "assistant", a "routine", the "simulator"). A routine acts for its profile but can neither say
yes nor type a PIN, so what needs either is refused to it.

Context: parked or moving (from a live reading: a speed nobody refreshes expires, see
Controller.motion), the distance from home, valet mode, and the lockout of the PIN to be asked.
"""

from __future__ import annotations

import re
from contextlib import contextmanager
from dataclasses import dataclass, field

from tui.controller.errors import NotAllowed

ALLOW, ASK, REFUSE = "allow", "ask", "refuse"

ROLES = ("owner", "driver", "guest", "valet", "operator")
CHANNELS = ("ui", "cli", "assistant", "routine", "simulator")
# what a write's `source` says about the entry point
CHANNEL_OF_SOURCE = {"ui": "ui", "cli": "cli", "assistant": "assistant", "routine": "routine",
                     "simulator": "simulator", "system": "simulator", "profile": "ui", "undo": "ui"}

# action -> what it is, in words the refusals use ("may not <doing>")
ACTIONS = {
    "home.unlock": "unlock a door",
    "home.disarm": "disarm the alarm",
    "home.garage": "open the garage",
    "services.buy": "buy a service",
    "services.trial": "start a trial",
    "services.change": "cancel or change a service",
    "profile.create": "create a profile",
    "profile.import": "import a profile",
    "profile.delete": "delete a profile",
    "profile.permissions": "change a profile's permissions",
    "profile.pin": "change a PIN",
    "profile.switch": "switch profile",
    "profile.edit": "change a profile",
    "profile.history": "read a profile's history",
    "profile.export": "export a profile",
    "home.place": "set the home's place",
    "valet.leave": "leave valet mode",
    "db.restore": "restore a backup",
    "ledger.read": "read the partner settlement",
    "ledger.set_pin": "set the operator PIN",
    "body.move": "move a seat, the steering wheel or a mirror",
    "data.read": "see personal data (receipts, routines, the home's log)",
    "fleet.read": "see the fleet and its rollouts",
    "fleet.manage": "change the fleet, its releases or its rollouts",
    "update.install": "install or postpone a software update",
    "sync.pair": "pair this car with an account or remove a car from it",  # profile sync (issue 19)
    "sync.consent": "change how a profile syncs",
    "sync.share_pin": "send a profile's PIN hash to the account's other cars",
    "body.unlock": "unlock the car",  # the car's doors and trunks, from every entry point (issue 17)
    "body.trunk": "open the trunk",  # the trunk, tailgate or frunk (issue 17)
}
HOME_SECURITY = {"home.unlock", "home.disarm", "home.garage"}
PARKED_ONLY = {"services.buy", "services.trial", "profile.create", "profile.import", "profile.delete",
               "profile.permissions", "profile.pin", "profile.export", "home.place", "db.restore", "ledger.read",
               "ledger.set_pin", "body.move", "fleet.read", "fleet.manage",
               "update.install", "sync.pair", "body.unlock", "body.trunk"}
VALET_ALLOWED = {"valet.leave"}
# a valet may not; the owner may, with the valet PIN (the one the owner set), while valet mode is on
VALET_OWNER_PIN = {"body.unlock", "body.trunk"}
PARKED_TEXT = {
    "body.move": "Move seats, the steering wheel and mirrors when parked.",
    "services.buy": "Buy services when parked.",
    "services.trial": "Start trials when parked.",
    "update.install": "Install software updates when parked.",
}


@dataclass(frozen=True)
class Actor:
    role: str  # one of ROLES
    channel: str = "ui"  # one of CHANNELS
    profile_id: int | None = None
    name: str = ""


@dataclass(frozen=True)
class Context:
    moving: bool = False
    reading_current: bool = True  # the speed reading is live (a stale one means parked)
    near_home: bool | None = None  # None: the home's place or the car's is unknown
    distance_m: float | None = None
    valet: bool = False


@dataclass(frozen=True)
class Decision:
    verdict: str  # ALLOW, ASK or REFUSE
    reason: str = ""  # the refusal, or the question to ask
    confirm: bool = False  # ask a yes first (default No)
    pin: str | None = None  # the PIN to ask: "profile:<id>", "valet" or "operator"
    whose: str = ""  # "Ana's PIN", "the valet PIN", "the operator PIN"
    notes: tuple = field(default=())

    @property
    def allowed(self) -> bool:
        return self.verdict == ALLOW

    @property
    def refused(self) -> bool:
        return self.verdict == REFUSE

    @property
    def asks(self) -> bool:
        return self.verdict == ASK

    def outcome(self) -> str:
        """A short fingerprint for comparing answers across entry points: "allow", "refuse",
        "ask:confirm", "ask:pin:<subject>" or "ask:confirm+pin:<subject>"."""
        if self.verdict != ASK:
            return self.verdict
        parts = (["confirm"] if self.confirm else []) + ([f"pin:{self.pin}"] if self.pin else [])
        return "ask:" + "+".join(parts)


def allow() -> Decision:
    return Decision(ALLOW)


def refuse(reason: str) -> Decision:
    return Decision(REFUSE, reason)


def ask(reason: str, *, confirm: bool = False, pin: str | None = None, whose: str = "") -> Decision:
    return Decision(ASK, reason, confirm, pin, whose)


class PinNeeded(NotAllowed):
    """The action needs a PIN that was not given: ask for it (this is a question, not a try)."""

    def __init__(self, message: str, decision: Decision | None = None):
        super().__init__(message)
        self.decision = decision


class ConfirmNeeded(NotAllowed):
    """The action asks a yes that the call did not say it has (`confirmed=True`): ask it, then
    call again. A question, as PinNeeded is (not one: nothing here reads it as a PIN to ask)."""

    def __init__(self, message: str, decision: Decision | None = None):
        super().__init__(message)
        self.decision = decision


# what moves a seat, the steering wheel or a mirror (body.move): parked only, from every entry point
BODY_MOVES = re.compile(
    r"Vehicle\.Cabin\.Seat\.Row\d\.\w+\.(Position|Height|Tilt|Backrest\.Recline|Backrest\.LumbarSupport"
    r"|Headrest\.Height|Seating\.Length)$"
    r"|Vehicle\.Body\.Mirrors\.\w+\.(Tilt|Yaw|IsFolded)$"
    r"|Vehicle\.Chassis\.SteeringWheel\.(Extension|Tilt)$")
READINGS = ("simulator", "system")  # the car's own readings, not a person's request
# what unlocks the car (body.unlock, a write of False) or opens a trunk (body.trunk, a write of True)
UNLOCKS = re.compile(r"Vehicle\.(Cabin\.Door\.Row\d\.\w+|Body\.Trunk\.\w+)\.IsLocked$")
TRUNKS = re.compile(r"Vehicle\.Body\.Trunk\.(Rear|Front)\.IsOpen$")


class Authority:
    def __init__(self, controller):
        self.c = controller
        self._granted: set[str] = set()
        controller.add_write_guard(self._guard)

    def _guard(self, controller, spec, value, source: str) -> None:
        """Every write of a position that moves a seat, the wheel or a mirror asks for body.move:
        the screens, the command line, the assistant, routines, undo and profile switches alike.
        Every write that unlocks the car or opens a trunk asks body.unlock / body.trunk: what the
        body domain carries out after require() is `granted`; any other write (`state set`, a
        routine's action, undo) passes only when the authority allows it outright."""
        if source in READINGS:
            return
        if BODY_MOVES.match(spec.path):
            action = "body.move"
        elif UNLOCKS.match(spec.path) and value is False:
            action = "body.unlock"
        elif TRUNKS.match(spec.path) and value is True:
            action = "body.trunk"
        else:
            return
        if controller.get(spec.path) == value or action in self._granted:
            return
        doing = "open the frunk" if action == "body.trunk" and ".Front." in spec.path else None
        decision = self.decide(action, source=source, doing=doing)
        if decision.refused:
            raise NotAllowed(decision.reason)
        if decision.asks:
            word = "unlock" if action == "body.unlock" else "trunk open"
            raise NotAllowed(f"{decision.reason} Use the Vehicle screen, the assistant or `smartcockpit body {word}`.")

    def carrying_out(self, path: str, value) -> bool:
        """For valet mode's own guard (which locks every setting): True for locking and closing a
        trunk (always may, a valet too), and while a granted body.unlock / body.trunk writes this
        path (the owner's, once the valet PIN was checked)."""
        if UNLOCKS.match(path):
            return value is True or "body.unlock" in self._granted
        if TRUNKS.match(path):
            return value is False or "body.trunk" in self._granted
        return False

    @contextmanager
    def granted(self, action: str):
        """The writes inside carry out `action`, already required (its PIN checked, its yes asked)."""
        self._granted.add(action)
        try:
            yield
        finally:
            self._granted.discard(action)

    # ------------------------------------------------------------------ who and when
    def actor(self, source: str = "ui") -> Actor:
        channel = CHANNEL_OF_SOURCE.get(source, "ui")
        if self._valet():
            return Actor("valet", channel, None, "Valet")
        pid = self.c.active_profile_id()
        p = self.c.store.profiles.get(pid) if pid is not None else None
        if p is None:
            return Actor("guest", channel, None, "Nobody")
        role = "owner" if p.is_owner else "guest" if p.is_guest else "driver"
        return Actor(role, channel, p.id, p.name)

    def _valet(self) -> bool:
        return bool(self.c.get("Vehicle.Private.SmartCockpit.Valet.IsActive"))

    def context(self) -> Context:
        moving, current = self.c.motion()
        distance = near = None
        home = self.c.__dict__.get("home")
        if home is not None:
            distance = home.distance_m()
            near = home.near() if distance is not None else None
        return Context(moving, current, near, distance, self._valet())

    # ------------------------------------------------------------------ the decision
    def decide(self, action: str, actor: Actor | None = None, context: Context | None = None,
               target: int | None = None, source: str = "ui", doing: str | None = None) -> Decision:
        """May `actor` (default: whoever is at the wheel, through the entry point `source` names)
        do `action` now? `target`: the profile acted on; `doing`: the action in words for the
        messages ("unlock the front door")."""
        if action not in ACTIONS:
            raise ValueError(f"unknown action {action!r}")
        actor = actor or self.actor(source)
        ctx = context or self.context()
        doing = doing or self._doing(action)
        if actor.role == "valet" or ctx.valet:
            if action in VALET_OWNER_PIN:
                return self._valet_owner(actor, ctx, doing)
            if action == "valet.leave":
                return self._with_lock(ask("Enter the valet PIN to leave valet mode.", pin="valet",
                                           whose="the valet PIN"))
            if action == "body.move" and not ctx.moving:
                return refuse("Settings are locked in valet mode. Leave valet mode with its PIN.")
            return refuse(_VALET_TEXT.get(action, "Not available in valet mode."))
        if action == "valet.leave":
            return refuse("Valet mode is not on.")
        if actor.channel == "simulator":
            return refuse(f"The simulator may not {doing}.")
        if ctx.moving and action in PARKED_ONLY:
            return refuse(PARKED_TEXT.get(action, f"{doing[:1].upper()}{doing[1:]} when parked."))
        rule = getattr(self, "_" + action.replace(".", "_"))
        decision = rule(actor, ctx, target, doing)
        if decision.asks and actor.channel == "routine":
            return refuse(f"A routine can't {doing}: that needs your PIN or your yes.")
        return self._with_lock(decision)

    def _doing(self, action: str) -> str:
        """The action in words; the trunk by this car's name for it ("open the tailgate")."""
        if action == "body.trunk":
            rear = dict(self.c.body.trunks()).get("Rear")
            if rear:
                return f"open the {rear.lower()}"
        return ACTIONS[action]

    def _valet_owner(self, actor: Actor, ctx: Context, doing: str) -> Decision:
        """body.unlock / body.trunk in valet mode: parked only; the valet PIN (the owner's)."""
        if ctx.moving:
            return refuse(f"{doing[:1].upper()}{doing[1:]} when parked.")
        if actor.channel in ("routine", "simulator"):
            return refuse(f"In valet mode only the owner may {doing}, with the valet PIN.")
        return self._with_lock(ask(f"A valet may not {doing}. Enter the valet PIN (the owner's) to {doing}.",
                                   pin="valet", whose="the valet PIN"))

    def _with_lock(self, decision: Decision) -> Decision:
        """A PIN that is locked out is not asked: the answer is a refusal saying how long."""
        if decision.asks and decision.pin:
            left = self.c.security.lock_left(decision.pin)
            if left:
                from tui.controller.security import duration_text

                return refuse(f"Too many wrong PINs ({decision.whose}). Try again in {duration_text(left)}.")
        return decision

    # ------------------------------------------------------------------ checking
    def require(self, action: str, pin: str | None = None, target: int | None = None, source: str = "ui",
                actor: Actor | None = None, doing: str | None = None) -> Decision:
        """Carry out the decision's checks that are not a person's yes: refuse with NotAllowed,
        raise PinNeeded when a PIN is needed and none was given (no try is counted), check the
        PIN when one was given. The yes is the entry point's to ask (a dialog, --yes, "yes")."""
        decision = self.decide(action, actor, target=target, source=source, doing=doing)
        if decision.refused:
            raise NotAllowed(decision.reason)
        if decision.asks and decision.pin:
            if pin is None or pin == "":
                raise PinNeeded(decision.reason, decision)
            self.verify(decision.pin, pin)
        return decision

    def verify(self, subject: str, pin) -> None:
        """Check a PIN by its subject ("profile:<id>", "valet", "operator")."""
        security = self.c.security
        if subject.startswith("profile:"):
            security.verify(pin, int(subject.partition(":")[2]))
        elif subject == "valet":
            self.c.profiles.verify_valet(pin)
        elif subject == "operator":
            self.c.ledger.verify_operator(pin)
        else:
            raise ValueError(f"unknown PIN {subject!r}")

    # ------------------------------------------------------------------ helpers for the rules
    def _profile(self, pid):
        return self.c.store.profiles.get(pid) if pid is not None else None

    def _pin_of(self, p, doing: str, confirm: bool = False, actor: Actor | None = None,
                question: str | None = None) -> Decision:
        """Ask for this profile's PIN when it has one (and a yes first when confirm); else ask the
        yes when confirm; else allow."""
        if p is not None and p.has_pin:
            whose = "your PIN" if actor is not None and actor.profile_id == p.id else f"{p.name}'s PIN"
            return ask(f"Enter {whose} to {doing}.", confirm=confirm, pin=f"profile:{p.id}", whose=whose)
        return ask(question or f"{doing[:1].upper()}{doing[1:]}?", confirm=True) if confirm else allow()

    def _owner_authority(self, actor: Actor, doing: str, confirm: bool = False) -> Decision:
        """The owner decides: with the owner's PIN when the owner has one, else the owner must be
        the one at the wheel."""
        owner = self.c.store.profiles.owner()
        if owner is None:
            return ask(f"{doing[:1].upper()}{doing[1:]}?", confirm=True) if confirm else allow()
        if owner.has_pin:
            return ask(f"Enter {owner.name}'s PIN (the car's owner) to {doing}.", confirm=confirm,
                       pin=f"profile:{owner.id}", whose=f"{owner.name}'s PIN")
        if actor.profile_id == owner.id and actor.role == "owner":
            return ask(f"{doing[:1].upper()}{doing[1:]}?", confirm=True) if confirm else allow()
        return refuse(f"Only the car's owner, {owner.name}, may {doing}.")

    # ------------------------------------------------------------------ the rules, one per action
    def _home_security(self, actor: Actor, ctx: Context, doing: str) -> Decision:
        p = self._profile(actor.profile_id)
        if p is None or not p.permissions.get("home_security", False):
            return refuse(f"{actor.name} may not {doing}.")
        if not ctx.near_home:
            block = self.c.feature_block("home.remote_access")
            if block:
                return refuse(block)
        return self._pin_of(p, doing, confirm=True, actor=actor)

    def _home_unlock(self, actor, ctx, target, doing):
        return self._home_security(actor, ctx, doing)

    def _home_disarm(self, actor, ctx, target, doing):
        return self._home_security(actor, ctx, doing)

    def _home_garage(self, actor, ctx, target, doing):
        return self._home_security(actor, ctx, doing)

    def _services_buy(self, actor, ctx, target, doing):
        p = self._profile(actor.profile_id)
        if p is None or not p.permissions.get("purchases", False):
            return refuse(f"{actor.name} may not buy services.")
        return self._pin_of(p, "buy", confirm=True, actor=actor, question="Buy it?")

    def _services_trial(self, actor, ctx, target, doing):
        p = self._profile(actor.profile_id)
        if p is None or not p.permissions.get("purchases", False):
            return refuse(f"{actor.name} may not buy services.")
        return allow()  # free, ends by itself, never charges unasked: no question needed

    def _services_change(self, actor, ctx, target, doing):
        """target: the profile that bought the purchase (None: any purchase; only valet refuses)."""
        if target is None or target == actor.profile_id:
            return allow()
        owner = self._profile(target)
        return refuse(f"Only {owner.name if owner else 'the profile that bought it'} can change this purchase.")

    def _profile_create(self, actor, ctx, target, doing):
        owner = self.c.store.profiles.owner()
        if owner is not None and owner.has_pin:
            return self._owner_authority(actor, doing)
        return allow()

    _profile_import = _profile_create

    def _profile_delete(self, actor, ctx, target, doing):
        p = self._profile(target)
        if p is not None and p.is_owner:
            return refuse("The car's owner's profile can't be deleted.")
        if p is not None and p.is_guest:
            return refuse("The guest profile can't be deleted.")
        owner = self.c.store.profiles.owner()
        if owner is not None and owner.has_pin:
            return self._owner_authority(actor, doing, confirm=True)
        name = p.name if p is not None else "the profile"
        return self._pin_of(p, f"delete {name}", confirm=True, actor=actor)

    def _profile_permissions(self, actor, ctx, target, doing):
        p = self._profile(target)
        if p is not None and p.is_guest:
            return refuse("The guest profile never has security or purchase rights.")
        return self._owner_authority(actor, doing)

    def _profile_pin(self, actor, ctx, target, doing):
        p = self._profile(target if target is not None else actor.profile_id)
        if p is None:
            return refuse("There is no such profile.")
        if p.is_guest:
            return refuse("The guest profile has no PIN.")
        if p.has_pin:
            return self._pin_of(p, "change it", actor=actor)
        if actor.profile_id == p.id:
            return allow()
        return self._owner_authority(actor, f"set {p.name}'s PIN")

    def _profile_switch(self, actor, ctx, target, doing):
        p = self._profile(target)
        if p is None:
            return refuse("There is no such profile.")
        if p.id == actor.profile_id:
            return allow()
        sync = self.c.__dict__.get("sync")
        if sync is not None and sync.locked(p.id):
            return refuse(f"{p.name} arrived locked from another car: share its PIN from there, or set one here.")
        moves = not ctx.moving and self.c.profiles.moves_seat(p.id)
        return self._pin_of(p, f"switch to {p.name}", confirm=moves, actor=actor,
                            question=f"Switching to {p.name} moves the driver seat. Check that nobody and nothing "
                                     "is behind or under it. Switch now?")

    def _profile_edit(self, actor, ctx, target, doing):
        p = self._profile(target if target is not None else actor.profile_id)
        if p is None:
            return refuse("There is no such profile.")
        return self._pin_of(p, f"change {p.name}", actor=actor)

    def _profile_history(self, actor, ctx, target, doing):
        p = self._profile(target if target is not None else actor.profile_id)
        if p is None or p.id == actor.profile_id:
            return allow()
        return self._pin_of(p, f"read {p.name}'s history", actor=actor)

    def _profile_export(self, actor, ctx, target, doing):
        p = self._profile(target if target is not None else actor.profile_id)
        if p is None:
            return refuse("There is no such profile.")
        return self._pin_of(p, f"export {p.name}", actor=actor)

    def _home_place(self, actor, ctx, target, doing):
        return self._owner_authority(actor, doing, confirm=True)

    def _valet_leave(self, actor, ctx, target, doing):  # only reached when valet is off
        return refuse("Valet mode is not on.")

    def _db_restore(self, actor, ctx, target, doing):
        return self._owner_authority(actor, doing, confirm=True)

    def _ledger_read(self, actor, ctx, target, doing):
        ledger = self.c.ledger
        if not ledger.has_operator_pin():
            return refuse("No operator PIN is set yet: the car's owner sets one first.")
        return ask("Enter the operator PIN.", pin="operator", whose="the operator PIN")

    def _ledger_set_pin(self, actor, ctx, target, doing):
        return self._owner_authority(actor, doing)

    def _fleet_read(self, actor, ctx, target, doing):
        if not self.c.ledger.has_operator_pin():
            return refuse("No operator PIN is set yet: the car's owner sets one first.")
        return ask("Enter the operator PIN.", pin="operator", whose="the operator PIN")

    _fleet_manage = _fleet_read

    def _body_move(self, actor, ctx, target, doing):
        return allow()

    def _body_unlock(self, actor, ctx, target, doing):
        """Parked (moving refused above): the PIN of the profile at the wheel when it has one, else
        a yes. A routine can give neither, so it never unlocks the car."""
        p = self._profile(actor.profile_id)
        if p is not None and p.has_pin:
            return ask(f"Enter your PIN to {doing}.", pin=f"profile:{p.id}", whose="your PIN")
        return ask(f"{doing[:1].upper()}{doing[1:]}?", confirm=True)

    def _body_trunk(self, actor, ctx, target, doing):
        return allow()  # parked (moving refused above); in valet mode the valet PIN (above)

    def _update_install(self, actor, ctx, target, doing):
        """The owner installs; another driver with the owner's leave (the owner's PIN); never the Guest."""
        if actor.role == "owner":
            return allow()
        if actor.role == "driver":
            return self._owner_authority(actor, doing)
        return refuse(f"{actor.name} may not {doing}.")

    def _data_read(self, actor, ctx, target, doing):
        return allow()  # the driver's own receipts, routines and home log: hidden only in valet mode

    def _sync_pair(self, actor, ctx, target, doing):
        return self._owner_authority(actor, doing, confirm=True)

    def _sync_consent(self, actor, ctx, target, doing):
        p = self._profile(target if target is not None else actor.profile_id)
        if p is None or p.is_guest:
            return refuse("The guest profile never syncs." if p else "There is no such profile.")
        return self._pin_of(p, f"change how {p.name} syncs", actor=actor)

    def _sync_share_pin(self, actor, ctx, target, doing):
        p = self._profile(target if target is not None else actor.profile_id)
        if p is None or p.is_guest or not p.has_pin:
            return refuse(f"{p.name if p else 'That profile'} has no PIN to share.")
        return self._pin_of(p, f"send {p.name}'s PIN hash to the account's other cars", confirm=True, actor=actor)


_VALET_TEXT = {
    "home.unlock": "The home is hidden in valet mode.",
    "home.disarm": "The home is hidden in valet mode.",
    "home.garage": "The home is hidden in valet mode.",
    "home.place": "The home is hidden in valet mode.",
    "services.buy": "Services can't be bought or changed in valet mode.",
    "services.trial": "Services can't be bought or changed in valet mode.",
    "services.change": "Services can't be bought or changed in valet mode.",
    "profile.switch": "Profiles are hidden in valet mode.",
    "profile.history": "History is hidden in valet mode.",
    "profile.export": "Profiles are hidden in valet mode.",
    "profile.import": "Profiles are hidden in valet mode.",
    "profile.create": "Settings are locked in valet mode.",
    "profile.delete": "Settings are locked in valet mode.",
    "profile.permissions": "Settings are locked in valet mode.",
    "profile.pin": "Settings are locked in valet mode.",
    "profile.edit": "Settings are locked in valet mode.",
    "db.restore": "A backup can't be restored in valet mode: leave valet mode with its PIN first.",
    "ledger.read": "The settlement is hidden in valet mode.",
    "ledger.set_pin": "The settlement is hidden in valet mode.",
    "body.move": "Settings are locked in valet mode. Leave valet mode with its PIN.",
    "data.read": "Personal data is hidden in valet mode.",
    "fleet.read": "The fleet is hidden in valet mode.",
    "fleet.manage": "The fleet is hidden in valet mode.",
    "update.install": "Software updates wait until valet mode is off.",
}


__all__ = ["Authority", "Actor", "Context", "Decision", "PinNeeded", "ConfirmNeeded", "ACTIONS", "ROLES", "CHANNELS", "ALLOW",
           "ASK", "REFUSE"]
