"""End-to-end encryption of what crosses between cars (the `cryptography` package; nothing
hand-made). The account's secret lives only on the driver's cars; every key is derived from it
on the car with HKDF-SHA256, or the secret itself from a passphrase with scrypt. Profile contents
are sealed with AES-GCM; the associated data binds the account, the profile, the key, the car and
the clock, so a message moved to another account or profile, sealed with another key, or with its
routing changed, does not open. The server sees ciphertext and that routing metadata only."""

from __future__ import annotations

import base64
import hashlib
import json
import os
from dataclasses import dataclass

ENVELOPE_VERSION = 1
MAX_ENVELOPE = 64 * 1024  # a profile's document is a few kB; anything larger is refused unread
PASSPHRASE_SALT = b"smartcockpit/account/v1"
SCRYPT_N = 2 ** 15


class Refused(Exception):
    """A message that is not for this car or not intact: the sentence says why."""


def _hkdf(secret: bytes, info: bytes, length: int = 32) -> bytes:
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.kdf.hkdf import HKDF

    return HKDF(algorithm=hashes.SHA256(), length=length, salt=None, info=info).derive(secret)


def scrypt(secret: bytes, salt: bytes, length: int = 32) -> bytes:
    from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

    return Scrypt(salt=salt, length=length, n=SCRYPT_N, r=8, p=1).derive(secret)


def new_secret() -> bytes:
    return os.urandom(32)


def secret_from_passphrase(passphrase: str) -> bytes:
    """Every car given the same passphrase derives the same account (scrypt, n=2^15, r=8)."""
    text = " ".join(passphrase.split())
    if len(text) < 12:
        from tui.controller.errors import InvalidValue

        raise InvalidValue("An account passphrase has at least 12 characters.")
    return scrypt(text.encode("utf-8"), PASSPHRASE_SALT)


@dataclass(frozen=True)
class AccountKeys:
    account: str  # the routing id the server sees (a hash, never the secret)
    key_id: str  # names the content key without revealing it
    content_key: bytes

    @classmethod
    def of(cls, secret: bytes) -> "AccountKeys":
        return cls(_hkdf(secret, b"smartcockpit account id", 12).hex(), _hkdf(secret, b"smartcockpit key id", 8).hex(),
                   _hkdf(secret, b"smartcockpit profile content v1"))

    def _aad(self, env: dict) -> bytes:
        return "|".join(["smartcockpit", str(ENVELOPE_VERSION), env["acct"], env["profile"], env["key"], env["car"],
                         env["hlc"]]).encode()

    def seal(self, profile: str, car: str, hlc: str, doc: dict) -> bytes:
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM

        env = {"v": ENVELOPE_VERSION, "acct": self.account, "profile": profile, "car": car, "hlc": hlc,
               "key": self.key_id}
        nonce = os.urandom(12)
        plain = json.dumps(doc, separators=(",", ":"), ensure_ascii=False).encode()
        ct = AESGCM(self.content_key).encrypt(nonce, plain, self._aad(env))
        env["nonce"] = base64.b64encode(nonce).decode()
        env["ct"] = base64.b64encode(ct).decode()
        return json.dumps(env, separators=(",", ":")).encode()

    def open(self, data: bytes, profile: str | None = None) -> tuple[dict, dict]:
        """(envelope, document) of a sealed message, or Refused with the reason."""
        from cryptography.exceptions import InvalidTag
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM

        if data is None:
            raise Refused("the value was deleted")
        if len(data) > MAX_ENVELOPE:
            raise Refused(f"oversized value ({len(data):,} bytes; at most {MAX_ENVELOPE:,})")
        try:
            env = json.loads(data)
            if not isinstance(env, dict) or env.get("v") != ENVELOPE_VERSION:
                raise ValueError
            fields = [env[k] for k in ("acct", "profile", "car", "hlc", "key", "nonce", "ct")]
            if not all(isinstance(f, str) for f in fields):
                raise ValueError
            nonce, ct = base64.b64decode(env["nonce"], validate=True), base64.b64decode(env["ct"], validate=True)
        except (ValueError, KeyError, TypeError):
            raise Refused("not a sealed profile message") from None
        if env["acct"] != self.account:
            raise Refused("a message for another account")
        if profile is not None and env["profile"] != profile:
            raise Refused("a message for another profile")
        if env["key"] != self.key_id:
            raise Refused("sealed with another key")
        try:
            plain = AESGCM(self.content_key).decrypt(nonce, ct, self._aad(env))
        except (InvalidTag, ValueError):
            raise Refused("tampered ciphertext (it does not authenticate)") from None
        doc = json.loads(plain)
        if not isinstance(doc, dict) or doc.get("profile") != env["profile"] or doc.get("hlc") != env["hlc"]:
            raise Refused("the sealed document does not match its envelope")
        return env, doc


def code_key(code: str) -> tuple[str, bytes]:
    """A pairing code's (slot name on the server, key): the slot is a hash, the key from scrypt, so
    the server learns neither the code nor the secret it carries."""
    norm = code.replace("-", "").replace(" ", "").upper().encode()
    slot = hashlib.sha256(b"smartcockpit pairing slot|" + norm).hexdigest()[:32]
    return slot, scrypt(norm, b"smartcockpit/pairing/v1|" + slot.encode())


def seal_secret(code: str, secret: bytes) -> tuple[str, bytes]:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    slot, key = code_key(code)
    nonce = os.urandom(12)
    return slot, nonce + AESGCM(key).encrypt(nonce, secret, slot.encode())


def open_secret(code: str, sealed: bytes) -> bytes:
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    slot, key = code_key(code)
    try:
        return AESGCM(key).decrypt(sealed[:12], sealed[12:], slot.encode())
    except (InvalidTag, ValueError):
        raise Refused("that pairing code does not open the account") from None
