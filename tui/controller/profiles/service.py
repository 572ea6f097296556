"""`Profiles` (``controller.profiles``): a person's settings, carried from car to car.

A profile holds the preferences that belong to a person, keyed by VSS path. Switching applies them
all to the current car in one transaction and says what happened: applied as they are, adapted to
this car (positions as a share of the car's travel, climate zones mapped, values clamped to the
car's range), or not on this car (kept in the profile all the same). Changes a person makes while
a profile is at the wheel are remembered in it, automatically or after asking. The Guest profile
forgets its changes when someone else takes the car.

This module puts the one object together from the mixins of its sibling modules (each holds one
part of the domain) and starts it: its write guard, write hook, feature gate and event handler,
and the Guest and the first profile made when the controller opens.
"""

from __future__ import annotations

from tui.controller.errors import CockpitError
from tui.controller.profiles.adapt import AdaptMixin
from tui.controller.profiles.history import HistoryMixin
from tui.controller.profiles.people import PeopleMixin
from tui.controller.profiles.report import ApplyReport
from tui.controller.profiles.rules import GUEST, PersonalRulesMixin
from tui.controller.profiles.switching import SwitchingMixin
from tui.controller.profiles.transfer import TransferMixin
from tui.controller.profiles.valet import ValetMixin


class Profiles(PersonalRulesMixin, PeopleMixin, AdaptMixin, SwitchingMixin, ValetMixin, HistoryMixin, TransferMixin):
    """The profiles domain as one object; each mixin's methods use `c` (the controller), `store`
    and the state set up here."""

    def __init__(self, controller):
        self.c = controller
        self.store = controller.store
        self._valet_changing = False  # valet: its own writes pass the guard and are not remembered
        self.last_report: ApplyReport | None = None  # switching
        self._labels: dict[str, str] = {}  # adapt: labels already looked up
        self._offcar: dict = {}  # specs of settings the current car lacks, to show their values
        self._personal_rules: dict[str, tuple[str, bool]] | None = None  # rules: built on first use
        controller.add_write_guard(self._guard)
        controller.add_write_hook(self._remember)
        controller.add_feature_gate(self._gate)
        controller.subscribe(self._on_event)

    def started(self) -> None:
        if not any(p.is_guest for p in self.store.profiles.list()):
            try:
                with self.store.write():
                    self.store.profiles.add(GUEST, "G", "#6B7280", is_guest=True,
                                            permissions={"home_security": False, "purchases": False})
            except CockpitError:
                pass  # another instance made it at the same moment
        active = self.store.profiles.get(self.c.active_profile_id()) if self.c.active_profile_id() is not None else None
        if active is not None and not active.is_guest and not self.store.profiles.prefs(active.id):
            try:  # the first profile starts from the car as it is
                with self.store.write():
                    self.store.profiles.put_prefs(active.id, self.snapshot())
            except CockpitError:
                pass
        self._load_report()
