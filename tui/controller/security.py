"""PINs and permissions.

A PIN is 4 to 6 digits, stored as a salted scrypt hash whose cost is stored beside it (hashes
made by an earlier release, at a lower cost, still verify and are re-made at the current cost
the next time the PIN is entered right). Every PIN — a profile's, valet mode's, the operator's —
is checked by `check_pin`: the wrong-try count is read, checked and written in one BEGIN IMMEDIATE
transaction, so tries made at the same moment from several processes all count. Five wrong
tries lock that PIN, for longer each time (1 min, 5 min, 30 min, 2 h, then 8 h), and the lock is
kept in the database, so a restart does not lift it. A missing PIN is a question, never a try.
"""

from __future__ import annotations

import hashlib
import hmac
import os

from tui.controller.errors import InvalidValue, NotAllowed, UnknownName

MAX_ATTEMPTS = 5
LOCKOUTS = (60, 300, 1800, 7200, 28800)  # seconds, one more step per lockout
LOCK_SECONDS = LOCKOUTS[0]
PIN_MIN, PIN_MAX = 4, 6
# scrypt cost: n=2**15, r=8 takes 32 MiB and about 0.1 s per try on a car's head unit class CPU;
# hashes from before this release used n=2**14 and are re-made on the next right PIN
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**15, 8, 1
LEGACY_N = 2**14
PERMISSIONS = {  # key -> what the right allows, as a row reads it ("May ...")
    "home_security": "use home security actions",
    "purchases": "buy services",
}


def check_pin_format(pin) -> str:
    if not isinstance(pin, str) or not PIN_MIN <= len(pin) <= PIN_MAX or not pin.isascii() or not pin.isdigit():
        raise InvalidValue(f"A PIN is {PIN_MIN} to {PIN_MAX} digits.")
    return pin


def well_formed(pin) -> bool:
    return isinstance(pin, str) and PIN_MIN <= len(pin) <= PIN_MAX and pin.isascii() and pin.isdigit()


def hash_pin(pin: str, salt: bytes | None = None, n: int | None = None) -> tuple[str, str]:
    """(digest hex, salt field), at the cost `n` (by default SCRYPT_N, read when called). The salt
    field carries the cost: "n=32768$<salt hex>"."""
    salt = salt or os.urandom(16)
    n = n or SCRYPT_N
    digest = hashlib.scrypt(pin.encode(), salt=salt, n=n, r=SCRYPT_R, p=SCRYPT_P, dklen=32,
                            maxmem=256 * SCRYPT_R * n)
    return digest.hex(), f"n={n}${salt.hex()}"


def _split_salt(field: str) -> tuple[int, bytes]:
    if field.startswith("n=") and "$" in field:
        cost, _, salt = field.partition("$")
        return int(cost[2:]), bytes.fromhex(salt)
    return LEGACY_N, bytes.fromhex(field)


def pin_matches(pin, digest: str, salt_field: str) -> bool:
    if not well_formed(pin):
        return False
    n, salt = _split_salt(salt_field)
    return hmac.compare_digest(hash_pin(pin, salt, n)[0], digest)


def needs_rehash(salt_field: str) -> bool:
    return _split_salt(salt_field)[0] < SCRYPT_N


def lock_seconds(lockouts: int) -> int:
    """How long the n-th lockout (1-based) lasts."""
    return LOCKOUTS[min(max(lockouts, 1), len(LOCKOUTS)) - 1]


def duration_text(seconds: int) -> str:
    if seconds < 120:
        return f"{seconds} s"
    if seconds < 7200:
        return f"{(seconds + 59) // 60} min"
    return f"{(seconds + 3599) // 3600} h"


class Security:
    def __init__(self, controller):
        self.c = controller

    # ------------------------------------------------------------------ the one PIN check
    def lock_left(self, subject: str) -> int:
        """Seconds left in the lockout of this PIN (0 when not locked)."""
        guard = self.c.store.pins.get(subject)
        if not guard.locked_until:
            return 0
        return max(0, int(guard.locked_until - self.c.clock.now().timestamp() + 0.999))

    def check_pin(self, subject: str, pin, record: tuple[str | None, str | None], whose: str,
                  rehash=None) -> None:
        """Pass silently when `pin` is right for record (digest, salt field); raise NotAllowed when it
        is wrong or the PIN is locked. `whose` names it in messages ("Ana's PIN", "the valet PIN").
        The count, the lock and the check are one write transaction (BEGIN IMMEDIATE)."""
        digest, salt = record
        if digest is None:
            return
        ok = pin_matches(pin, digest, salt)  # the slow part, before taking the write lock
        store = self.c.store
        with store.write():
            guard = store.pins.get(subject)
            now = self.c.clock.now().timestamp()
            if guard.locked_until and now < guard.locked_until:
                left = int(guard.locked_until - now + 0.999)
                raise NotAllowed(f"Too many wrong PINs ({whose}). Try again in {duration_text(left)}.")
            failed = 0 if guard.locked_until else guard.failed  # a lock that has run out starts a new count
            if ok:
                store.pins.clear(subject)
                if rehash is not None and needs_rehash(salt):
                    rehash(*hash_pin(pin))
                return
            failed += 1
            if failed >= MAX_ATTEMPTS:
                lockouts = guard.lockouts + 1
                seconds = lock_seconds(lockouts)
                store.pins.put(type(guard)(subject, 0, lockouts, now + seconds))
            else:
                store.pins.put(type(guard)(subject, failed, guard.lockouts, None))
        if failed >= MAX_ATTEMPTS:
            self.c.alerts.raise_("security", "pin_lockout", f"{whose[:1].upper()}{whose[1:]} was locked for "
                                 f"{duration_text(seconds)} after {MAX_ATTEMPTS} wrong tries.", "warning")
            raise NotAllowed(f"Wrong PIN. {whose[:1].upper()}{whose[1:]} is locked for {duration_text(seconds)}.")
        left = MAX_ATTEMPTS - failed
        raise NotAllowed(f"Wrong PIN. {left} {'try' if left == 1 else 'tries'} left.")

    # ------------------------------------------------------------------ profiles' PINs
    def _profile(self, profile_id: int | None):
        pid = self.c.active_profile_id() if profile_id is None else profile_id
        profile = self.c.store.profiles.get(pid) if pid is not None else None
        if profile is None:
            raise UnknownName("There is no such profile.")
        return profile

    def has_pin(self, profile_id: int | None = None) -> bool:
        return self._profile(profile_id).has_pin

    def locked_for(self, profile_id: int | None = None) -> int:
        """Seconds left in a lockout of the profile's PIN (0 when not locked)."""
        return self.lock_left(f"profile:{self._profile(profile_id).id}")

    def verify(self, pin, profile_id: int | None = None) -> None:
        """Pass silently when the PIN is right (or the profile has none); raise NotAllowed otherwise."""
        profile = self._profile(profile_id)
        store = self.c.store

        def rehash(digest, salt):
            store.profiles.set_pin(profile.id, digest, salt)

        self.check_pin(f"profile:{profile.id}", pin, store.profiles.pin_hash(profile.id), f"{profile.name}'s PIN",
                       rehash)

    def set_pin(self, new_pin: str | None, current_pin: str | None = None, profile_id: int | None = None) -> None:
        """Set, change or remove (new_pin None) a profile's PIN. The authority decides who may."""
        profile = self._profile(profile_id)
        self.c.authority.require("profile.pin", pin=current_pin, target=profile.id)
        self.store_pin(profile.id, new_pin)

    def store_pin(self, profile_id: int, new_pin: str | None) -> None:
        if new_pin is None:
            with self.c.store.write():
                self.c.store.profiles.set_pin(profile_id, None, None)
                self.c.store.pins.clear(f"profile:{profile_id}")
            return
        check_pin_format(new_pin)
        digest, salt = hash_pin(new_pin)
        with self.c.store.write():
            self.c.store.profiles.set_pin(profile_id, digest, salt)
            self.c.store.pins.clear(f"profile:{profile_id}")
