"""The people: finding a profile (by name, id or record), listing them as `ProfileInfo`, and
creating, renaming, editing and deleting them, their names, initials and colours, and their PINs.
Who may create, delete, grant rights or change a PIN is the authority's decision."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from store.profiles import Preference
from tui.controller.authority import PinNeeded
from tui.controller.errors import InvalidValue, NotAllowed, UnknownName
from tui.controller.events import ContextChanged
from tui.controller.profiles.names import resolve as resolve_name
from tui.controller.profiles.rules import BIDI_MARKS, COLOURS, GUEST, MAX_NAME, MAX_PROFILES, NOT_IN_NAMES, REMEMBER
from tui.controller.security import PERMISSIONS, check_pin_format, hash_pin

PinRequired = PinNeeded  # the profile is protected: ask for its PIN and try again (not a try)


@dataclass(frozen=True)
class ProfileInfo:
    id: int
    name: str
    initials: str
    colour: str
    is_guest: bool
    has_pin: bool
    active: bool
    locked_for: int
    remember: str
    permissions: dict
    preferences: int


class PeopleMixin:
    """`Profiles`' people: listing, create, rename, update, delete, PINs."""

    # ------------------------------------------------------------------ listing
    def _resolve(self, profile) -> Any:
        s = self.store.profiles
        if profile is None:
            found = s.get(self.c.active_profile_id()) if self.c.active_profile_id() is not None else None
        elif hasattr(profile, "id") and hasattr(profile, "name"):
            found = s.get(profile.id)
        elif isinstance(profile, int) and not isinstance(profile, bool):
            found = s.get(profile)
        elif isinstance(profile, str):
            text = profile.strip()
            found = s.by_name(text)
            if found is None and text.isdigit():
                found = s.get(int(text))
            if found is None:  # case, accents, the start of a name: one resolver for every channel
                found = resolve_name(text, s.list())
        else:
            found = None
        if found is None:
            raise UnknownName(f"There is no profile called {str(profile)!r}." if isinstance(profile, str)
                              else "There is no such profile.")
        return found

    def get(self, profile=None) -> ProfileInfo:
        p = self._resolve(profile)
        return self._info(p, self.store.profiles.pref_counts().get(p.id, 0))

    def _info(self, p, prefs: int) -> ProfileInfo:
        return ProfileInfo(p.id, p.name, p.initials, p.colour, p.is_guest, p.has_pin,
                           p.id == self.c.active_profile_id(), self.c.security.locked_for(p.id) if p.has_pin else 0,
                           self.store.profiles.remember(p.id), dict(p.permissions), prefs)

    def list(self) -> list[ProfileInfo]:
        """Every profile, people first by name, the Guest last. Hidden (empty) in valet mode."""
        if self.valet_active():
            return []
        counts = self.store.profiles.pref_counts()
        return [self._info(p, counts.get(p.id, 0)) for p in self.store.profiles.list()]

    def active(self) -> ProfileInfo | None:
        pid = self.c.active_profile_id()
        return self.get(pid) if pid is not None and self.store.profiles.get(pid) else None

    def palette(self) -> list[tuple[str, int, str]]:
        """Command palette entries: (title, profile id, help) for each profile one can switch to."""
        if self.valet_active():
            return []
        active = self.c.active_profile_id()
        return [(f"Switch profile to {p.name}", p.id, "profile user driver " + ("PIN" if p.has_pin else ""))
                for p in self.store.profiles.list() if p.id != active]

    def preferences(self, profile=None) -> dict[str, Preference]:
        return self.store.profiles.prefs(self._resolve(profile).id)

    def pending(self, profile=None) -> dict[str, Preference]:
        return self.store.profiles.prefs(self._resolve(profile).id, pending=True)

    # ------------------------------------------------------------------ create, edit, delete
    def _parked(self, doing: str) -> None:
        if self.c.restrictions().moving:
            raise NotAllowed(f"{doing} when parked.")

    def _no_valet(self, message: str = "Settings are locked in valet mode.") -> None:
        if self.valet_active():
            raise NotAllowed(message)

    def _editable(self, profile, pin, parked: bool = True, doing: str = "Edit profiles"):
        """A profile to change (its name, looks, what it remembers): the authority's profile.edit
        (never in valet; its own PIN when it has one); names and looks are typed parked."""
        if parked:
            self._parked(doing)
        p = self._resolve(profile)
        self.c.authority.require("profile.edit", pin=pin, target=p.id)
        return p

    def check_name(self, name, exclude_id: int | None = None) -> str:
        if not isinstance(name, str):
            raise InvalidValue("A profile name is text.")
        name = " ".join(name.split())
        if not name:
            raise InvalidValue("Give the profile a name.")
        if len(name) > MAX_NAME:
            raise InvalidValue(f"A profile name is at most {MAX_NAME} characters.")
        if any(not ch.isprintable() or ch in BIDI_MARKS for ch in name):
            raise InvalidValue("A profile name cannot contain control characters.")
        if any(ch in NOT_IN_NAMES for ch in name) or name.strip(".") == "":
            raise InvalidValue("A profile name cannot contain / or \\ (it also names export files).")
        if name.isdigit():
            raise InvalidValue("A profile name needs at least one letter.")
        if name.lower() == GUEST.lower():
            raise InvalidValue(f"{GUEST} is the name of the guest profile; choose another.")
        other = self.store.profiles.by_name(name)
        if other is not None and other.id != exclude_id:
            raise InvalidValue(f"There is already a profile called {other.name}.")
        return name

    @staticmethod
    def check_initials(initials) -> str:
        if not isinstance(initials, str) or not (1 <= len(initials.strip()) <= 3) or not initials.strip().isalpha():
            raise InvalidValue("Initials are 1 to 3 letters.")
        return initials.strip().upper()

    @staticmethod
    def check_colour(colour) -> str:
        if not isinstance(colour, str) or not re.fullmatch(r"#[0-9A-Fa-f]{6}", colour):
            raise InvalidValue("A colour is written #RRGGBB, for example #3B82F6.")
        return colour.upper()

    @staticmethod
    def initials_of(name: str) -> str:
        letters = [w[0] for w in name.split() if w and w[0].isalpha()]
        if len(letters) >= 2:
            return (letters[0] + letters[-1]).upper()
        alpha = [ch for ch in name if ch.isalpha()]
        return ("".join(alpha[:2]) or "P").upper()

    def create(self, name: str, initials: str | None = None, colour: str | None = None, pin: str | None = None,
               copy_current: bool = True, remember: str = "auto", owner_pin: str | None = None,
               source: str = "ui") -> ProfileInfo:
        """A new profile (parked only), starting from this car's current settings. `pin`: the new
        profile's own PIN; `owner_pin`: the owner's, needed when the owner has one. A new profile
        has no security or purchase rights: only the owner grants them."""
        name = self.check_name(name)
        self.c.authority.require("profile.create", pin=owner_pin, source=source)
        initials = self.check_initials(initials) if initials else self.initials_of(name)
        people = [p for p in self.store.profiles.list() if not p.is_guest]
        if len(people) >= MAX_PROFILES:
            raise NotAllowed(f"This car keeps {MAX_PROFILES} profiles besides the guest; delete one first.")
        colour = self.check_colour(colour) if colour else COLOURS[len(people) % len(COLOURS)]
        if pin is not None:
            check_pin_format(pin)
        if remember not in REMEMBER:
            raise InvalidValue("Choose remember automatically or ask when switching away.")
        prefs = self.snapshot() if copy_current else []
        with self.store.write():
            p = self.store.profiles.add(name, initials, colour)
            self.store.profiles.set_remember(p.id, remember)
            if prefs:
                self.store.profiles.put_prefs(p.id, prefs)
            if pin is not None:
                digest, salt = hash_pin(pin)
                self.store.profiles.set_pin(p.id, digest, salt)
        self.c.events.publish(ContextChanged("profile"))
        return self.get(p.id)

    def rename(self, profile, new_name: str, pin: str | None = None) -> ProfileInfo:
        p = self._editable(profile, pin, doing="Rename profiles")
        if p.is_guest:
            raise NotAllowed("The guest profile keeps its name.")
        name = self.check_name(new_name, exclude_id=p.id)
        with self.store.write():
            self.store.profiles.update(p.id, name=name)
        self.c.events.publish(ContextChanged("profile"))
        return self.get(p.id)

    def update(self, profile, pin: str | None = None, *, initials: str | None = None, colour: str | None = None,
               permissions: dict | None = None, source: str = "ui") -> ProfileInfo:
        """`pin`: the profile's own PIN for its looks; for permissions, the owner's (only the owner
        grants rights)."""
        if permissions is not None:
            p = self._resolve(profile)
            self.c.authority.require("profile.permissions", pin=pin, target=p.id, source=source)
        else:
            p = self._editable(profile, pin)
        fields: dict = {}
        if initials is not None:
            fields["initials"] = self.check_initials(initials)
        if colour is not None:
            fields["colour"] = self.check_colour(colour)
        if permissions is not None:
            bad = set(permissions) - set(PERMISSIONS)
            if bad or not all(isinstance(v, bool) for v in permissions.values()):
                raise InvalidValue("Permissions are on or off: " + ", ".join(PERMISSIONS) + ".")
            if p.is_guest and any(permissions.values()):
                raise NotAllowed("The guest profile cannot use home security or buy services.")
            fields["permissions"] = {**p.permissions, **permissions}
        if fields:
            with self.store.write():
                self.store.profiles.update(p.id, **fields)
            self.c.events.publish(ContextChanged("profile"))
        return self.get(p.id)

    def delete(self, profile, pin: str | None = None, source: str = "ui") -> None:
        """`pin`: the owner's when the owner has one, else the profile's own when it has one."""
        p = self._resolve(profile)
        if p.is_guest:
            raise NotAllowed("The guest profile always exists; it cannot be deleted.")
        people = [x for x in self.store.profiles.list() if not x.is_guest]
        if len(people) <= 1:
            raise NotAllowed(f"{p.name} is the last profile; it cannot be deleted.")
        if p.id == self.c.active_profile_id():
            raise NotAllowed(f"{p.name} is at the wheel; switch to another profile first.")
        self.c.authority.require("profile.delete", pin=pin, target=p.id, source=source)
        with self.store.write():
            self.store.profiles.delete(p.id)
        self.c.events.publish(ContextChanged("profile"))

    # ------------------------------------------------------------------ PIN
    def set_pin(self, new_pin: str | None, current_pin: str | None = None, profile=None, source: str = "ui") -> None:
        """Set, change or remove (new_pin None) a profile's PIN, parked. `current_pin`: the
        profile's PIN when it has one; a profile without one sets its own, the owner sets others'."""
        p = self._resolve(profile)
        if new_pin is not None:
            check_pin_format(new_pin)  # a bad new PIN is refused before any try is counted
        self.c.authority.require("profile.pin", pin=current_pin, target=p.id, source=source)
        self.c.security.store_pin(p.id, new_pin)
        self.c.events.publish(ContextChanged("profile"))

    def remove_pin(self, current_pin: str, profile=None) -> None:
        self.set_pin(None, current_pin, profile)
