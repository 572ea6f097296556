"""Export and import: a profile written to a JSON file (never its PIN), whole or not at all, never
replacing a file unasked nor landing outside the chosen folder; a profile file read (at most 1 MB),
checked in every part, imported with no rights whatever it says, and not at all on any problem."""

from __future__ import annotations

import json
import math
from pathlib import Path

from store import StoreError
from store.files import write_text_atomic
from store.profiles import Preference
from tui.controller.errors import CockpitError, FileExists, InvalidValue, NotAllowed
from tui.controller.events import ContextChanged
from tui.controller.profiles.people import ProfileInfo
from tui.controller.profiles.rules import BIDI_MARKS, MAX_PROFILES, NOT_IN_NAMES, REMEMBER
from tui.controller.security import PERMISSIONS
from tui.controller.signals import effective, validate

EXPORT_FORMAT = "smartcockpit-profile"
EXPORT_VERSION = 1
MAX_IMPORT_BYTES = 1_000_000


class ImportProblems(InvalidValue):
    def __init__(self, problems: list[str]):
        self.problems = problems
        n = len(problems)
        super().__init__(f"The file has {n} problem{'s' if n != 1 else ''}; nothing was imported. {problems[0]}")


class TransferMixin:
    """`Profiles`' export and import."""

    def export_data(self, profile=None) -> dict:
        p = self._resolve(profile)
        prefs = self.store.profiles.prefs(p.id)
        return {
            "format": EXPORT_FORMAT,
            "version": EXPORT_VERSION,
            "profile": {"name": p.name, "initials": p.initials, "colour": p.colour,
                        "permissions": dict(p.permissions), "remember": self.store.profiles.remember(p.id)},
            "preferences": [
                {k: v for k, v in {"path": x.path, "value": x.value, "relative": x.relative, "model": x.model_id}.items()
                 if v is not None or k == "value"}
                for x in sorted(prefs.values(), key=lambda x: x.path)
            ],
        }

    def export_name(self, profile=None) -> str:
        """The file name an export gets by default: the profile's name (never a path)."""
        return f"{self._resolve(profile).name}.smartcockpit.json"

    def export(self, profile, path: str | Path, pin: str | None = None, *, force: bool = False,
               folder: str | Path | None = None, source: str = "ui") -> Path:
        """Write the profile to a JSON file (never its PIN). Written whole or not at all.

        With `folder` (the screens), `path` is a file name inside that folder: a name with a path
        separator, "..", or a leading "~" is refused, so a hostile name can never land outside it.
        Without (the command line), `path` is the path the person typed. An existing file is never
        replaced unless `force` (the screen asks first; the command line takes --force)."""
        p = self._resolve(profile)
        self.c.authority.require("profile.export", pin=pin, target=p.id, source=source)
        text = str(path)
        if "\x00" in text:
            raise InvalidValue("A file name cannot contain a NUL character.")
        if any(not ch.isprintable() or ch in BIDI_MARKS for ch in text):
            raise InvalidValue("A file name cannot contain control or text-direction characters.")
        if folder is not None:
            name = text.strip()
            if not name:
                raise InvalidValue("Give the file a name.")
            if any(ch in NOT_IN_NAMES for ch in name) or name in (".", "..") or name.startswith("~"):
                raise InvalidValue("Give a file name only, without a folder: the file goes in "
                                   f"{Path(folder)}.")
            base = Path(folder).expanduser()
            target = base / name
            try:
                if target.resolve().parent != base.resolve():
                    raise InvalidValue(f"The file must stay in {base}.")
            except OSError as exc:
                raise NotAllowed(f"Cannot write a file there: {exc.strerror or exc}.") from None
        else:
            target = Path(text).expanduser()
        try:
            if target.is_dir():
                target = target / self.export_name(p)
            exists = target.exists() or target.is_symlink()
        except OSError as exc:  # a name too long for the file system, a folder we may not read
            raise NotAllowed(f"Cannot write a file there: {exc.strerror or exc}.") from None
        if exists and not force and target.is_file():  # a special file is refused by the writer below
            raise FileExists(f"{target} already exists. Replace it?", target)
        try:
            write_text_atomic(target, json.dumps(self.export_data(p), indent=2, ensure_ascii=False))
        except StoreError as exc:
            raise NotAllowed(str(exc)) from None
        return target

    def read_import(self, path: str | Path) -> dict:
        if "\x00" in str(path):
            raise ImportProblems(["A file name cannot contain a NUL character."])
        source = Path(path).expanduser()
        from store.files import NotPlainFile, TooLarge, read_limited

        try:
            # at most 1 MB is read whatever the file says of itself; a pipe or a device is refused
            raw = read_limited(source, MAX_IMPORT_BYTES)
        except TooLarge:
            raise ImportProblems([f"{source.name} is larger than 1 MB; a profile file is much smaller."]) from None
        except NotPlainFile:
            raise ImportProblems([f"{source} is not a plain file, so it cannot be a profile file."]) from None
        except FileNotFoundError:
            raise ImportProblems([f"There is no file {source}."]) from None
        except IsADirectoryError:
            raise ImportProblems([f"{source} is a folder, not a profile file."]) from None
        except OSError as exc:
            raise ImportProblems([f"Could not read {source}: {exc.strerror or exc}."]) from None
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise ImportProblems([f"{source.name} is not a text file (it is not UTF-8)."]) from None
        if not text.strip():
            raise ImportProblems([f"{source} is empty."])
        try:
            return json.loads(text, parse_constant=lambda c: (_ for _ in ()).throw(ValueError(c)))
        except RecursionError:
            raise ImportProblems([f"{source.name} is nested too deeply to be a profile file."]) from None
        except ValueError as exc:
            raise ImportProblems([f"{source.name} is not valid JSON ({str(exc)[:60]})."]) from None

    def check_import(self, data, name: str | None = None) -> tuple[dict, list[Preference]]:
        """Check every part of an export; raise ImportProblems listing all problems found."""
        problems: list[str] = []
        if not isinstance(data, dict):
            raise ImportProblems(["The file does not hold a SmartCockpit profile."])
        if data.get("format") != EXPORT_FORMAT:
            problems.append("The file is not a SmartCockpit profile export (format is missing or wrong).")
        version = data.get("version")
        if not isinstance(version, int) or isinstance(version, bool):
            problems.append("The file has no format version.")
        elif version > EXPORT_VERSION:
            problems.append(f"The file was made by a newer SmartCockpit (format {version}); update to import it.")
        elif version < 1:
            problems.append(f"Format version {version} does not exist.")
        head = data.get("profile")
        fields: dict = {}
        if not isinstance(head, dict):
            problems.append("The file has no profile section.")
            head = {}
        for key, check in (("name", lambda v: self.check_name(name if name is not None else v)),
                           ("initials", self.check_initials), ("colour", self.check_colour)):
            try:
                fields[key] = check(head.get(key))
            except CockpitError as exc:
                problems.append(f"Profile {key}: {exc}")
        perms = head.get("permissions", {})
        if not isinstance(perms, dict) or set(perms) - set(PERMISSIONS) or not all(isinstance(v, bool) for v in perms.values()):
            problems.append("Profile permissions: only home_security and purchases, each true or false.")
        else:
            fields["permissions"] = {**{k: False for k in PERMISSIONS}, **perms}
        remember = head.get("remember", "auto")
        if remember not in REMEMBER:
            problems.append("Profile remember: must be \"auto\" or \"ask\".")
        fields["remember"] = remember
        prefs: list[Preference] = []
        raw_prefs = data.get("preferences")
        if not isinstance(raw_prefs, list):
            problems.append("The file has no list of preferences.")
            raw_prefs = []
        seen = set()
        signals = self.c.signal_catalog
        ranges = self.store.profiles.catalog_ranges()
        choices = self.store.profiles.catalog_choices()
        for n, item in enumerate(raw_prefs, 1):
            where = f"Preference {n}"
            if not isinstance(item, dict) or "path" not in item or "value" not in item:
                problems.append(f"{where}: needs a path and a value.")
                continue
            path = item["path"]
            if not isinstance(path, str) or path not in signals:
                problems.append(f"{where}: {str(path)[:60]!r} is not a known VSS path.")
                continue
            where = f"Preference {n} ({path})"
            if path not in self._personal_paths:
                problems.append(f"{where}: not a personal setting a profile can carry.")
                continue
            if path in seen:
                problems.append(f"{where}: appears twice.")
                continue
            seen.add(path)
            spec = effective(signals[path], None)
            try:
                value = validate(spec, item["value"])
            except CockpitError as exc:
                problems.append(f"{where}: {exc}")
                continue
            lo, hi = ranges.get(path, (None, None))
            if isinstance(value, (int, float)) and not isinstance(value, bool) and (
                    (lo is not None and value < lo) or (hi is not None and value > hi)):
                span = f"{'' if lo is None else f'{lo:g}'} to {'' if hi is None else f'{hi:g}'}".strip()
                problems.append(f"{where}: {value:g} is out of range for every car ({span}).")
                continue
            if isinstance(value, str) and path in choices and value not in choices[path]:
                problems.append(f"{where}: {value[:40]!r} is not a choice of any car in the catalog.")
                continue
            relative = item.get("relative")
            if relative is not None:
                if (isinstance(relative, bool) or not isinstance(relative, (int, float)) or not math.isfinite(relative)
                        or not 0 <= relative <= 1):
                    problems.append(f"{where}: relative position must be between 0 and 1.")
                    continue
                if not self.is_position(path):
                    problems.append(f"{where}: only positions carry a relative value.")
                    continue
            model = item.get("model")
            if model is not None and (not isinstance(model, str) or len(model) > 80):
                problems.append(f"{where}: the model must be a catalog model id.")
                continue
            prefs.append(Preference(path, value, None if relative is None else float(relative), model))
        if not problems and len([p for p in self.store.profiles.list() if not p.is_guest]) >= MAX_PROFILES:
            problems.append(f"This car keeps {MAX_PROFILES} profiles besides the guest; delete one first.")
        if problems:
            raise ImportProblems(problems)
        return fields, prefs

    def import_file(self, path: str | Path, name: str | None = None, owner_pin: str | None = None,
                    source: str = "ui") -> ProfileInfo:
        """Import a profile file: everything is checked first; on any problem nothing is imported."""
        decision = self.c.authority.decide("profile.import", source=source)
        if decision.refused:
            raise NotAllowed(decision.reason)
        data = self.read_import(path)
        return self.import_data(data, name, owner_pin=owner_pin, source=source)

    def import_data(self, data, name: str | None = None, owner_pin: str | None = None,
                    source: str = "ui") -> ProfileInfo:
        """An imported profile never brings rights: whatever the file says, it may not unlock,
        disarm or buy until the owner grants it. The owner's PIN is needed when the owner has one."""
        fields, prefs = self.check_import(data, name)
        self.c.authority.require("profile.import", pin=owner_pin, source=source)
        fields["permissions"] = {k: False for k in PERMISSIONS}
        with self.store.write():
            p = self.store.profiles.add(fields["name"], fields["initials"], fields["colour"],
                                        permissions=fields["permissions"])
            self.store.profiles.set_remember(p.id, fields["remember"])
            if prefs:
                self.store.profiles.put_prefs(p.id, prefs)
        self.c.events.publish(ContextChanged("profile"))
        return self.get(p.id)
