"""PINs: 4 digits, stored as a salted scrypt hash, five wrong tries lock for 60 s (kept in the
database, so a restart does not reset the lock). Permissions per profile."""

from __future__ import annotations

import hashlib
import hmac
import os

from tui.controller.errors import InvalidValue, NotAllowed, UnknownName

MAX_ATTEMPTS = 5
LOCK_SECONDS = 60
PERMISSIONS = {
    "home_security": "use home security actions (unlock, disarm, open the garage from afar)",
    "purchases": "buy services",
}


def check_pin_format(pin) -> str:
    if not isinstance(pin, str) or len(pin) != 4 or not pin.isascii() or not pin.isdigit():
        raise InvalidValue("A PIN is exactly 4 digits.")
    return pin


def hash_pin(pin: str, salt: bytes | None = None) -> tuple[str, str]:
    salt = salt or os.urandom(16)
    digest = hashlib.scrypt(pin.encode(), salt=salt, n=2**14, r=8, p=1, dklen=32)
    return digest.hex(), salt.hex()


class Security:
    def __init__(self, controller):
        self.c = controller

    def _profile(self, profile_id: int | None):
        pid = self.c.active_profile_id() if profile_id is None else profile_id
        profile = self.c.store.profiles.get(pid) if pid is not None else None
        if profile is None:
            raise UnknownName("There is no such profile.")
        return profile

    def has_pin(self, profile_id: int | None = None) -> bool:
        return self._profile(profile_id).has_pin

    def locked_for(self, profile_id: int | None = None) -> int:
        """Seconds left in a lockout (0 when not locked)."""
        profile = self._profile(profile_id)
        _, _, _, locked_until = self.c.store.profiles.pin_record(profile.id)
        if not locked_until:
            return 0
        left = locked_until - self.c.clock.now().timestamp()
        return max(0, int(left + 0.999))

    def verify(self, pin, profile_id: int | None = None) -> None:
        """Pass silently when the PIN is right (or the profile has none); raise NotAllowed otherwise."""
        profile = self._profile(profile_id)
        pin_hash, salt, failed, locked_until = self.c.store.profiles.pin_record(profile.id)
        if pin_hash is None:
            return
        now = self.c.clock.now().timestamp()
        if locked_until and now < locked_until:
            raise NotAllowed(f"Too many wrong PINs for {profile.name}. Try again in {int(locked_until - now + 0.999)} s.")
        if locked_until and now >= locked_until:
            failed = 0
        ok = (
            isinstance(pin, str) and len(pin) == 4 and pin.isdigit()
            and hmac.compare_digest(hash_pin(pin, bytes.fromhex(salt))[0], pin_hash)
        )
        with self.c.store.write():
            if ok:
                self.c.store.profiles.record_pin_attempt(profile.id, 0, None)
                return
            failed += 1
            lock = now + LOCK_SECONDS if failed >= MAX_ATTEMPTS else None
            self.c.store.profiles.record_pin_attempt(profile.id, 0 if lock else failed, lock)
        if lock:
            raise NotAllowed(f"Wrong PIN. {profile.name} is locked for {LOCK_SECONDS} s.")
        left = MAX_ATTEMPTS - failed
        raise NotAllowed(f"Wrong PIN. {left} {'try' if left == 1 else 'tries'} left.")

    def set_pin(self, new_pin: str | None, current_pin: str | None = None, profile_id: int | None = None) -> None:
        """Set, change (current PIN needed) or remove (new_pin None) a profile's PIN. Parked only."""
        if self.c.restrictions().moving:
            raise NotAllowed("Set a PIN when parked.")
        profile = self._profile(profile_id)
        if profile.has_pin:
            self.verify(current_pin, profile.id)
        if new_pin is None:
            with self.c.store.write():
                self.c.store.profiles.set_pin(profile.id, None, None)
            return
        check_pin_format(new_pin)
        digest, salt = hash_pin(new_pin)
        with self.c.store.write():
            self.c.store.profiles.set_pin(profile.id, digest, salt)

    def permitted(self, permission: str, profile_id: int | None = None) -> bool:
        if permission not in PERMISSIONS:
            raise UnknownName(f"There is no permission called {permission!r}.")
        return bool(self._profile(profile_id).permissions.get(permission, False))

    def require(self, permission: str, profile_id: int | None = None) -> None:
        if not self.permitted(permission, profile_id):
            profile = self._profile(profile_id)
            raise NotAllowed(f"{profile.name} may not {PERMISSIONS[permission]}.")
