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
    """The account's keys on this car: the routing id, the current content key (its epoch and id)
    and the retired epochs' keys (kept to read what was sealed before a car was removed). Epoch 0
    is derived from the account's secret; each later one is a random key made by the car that
    removed another, wrapped for each remaining car (`wrap_epoch`)."""

    account: str  # the routing id the server sees (a hash, never the secret)
    key_id: str  # names the content key without revealing it
    content_key: bytes
    epoch: int = 0
    retired: tuple = ()  # (key id, epoch, key) of earlier epochs

    @classmethod
    def of(cls, secret: bytes, ring=()) -> "AccountKeys":
        """`ring`: (key id, epoch, key) of the later epochs this car holds (store.sync.keyring())."""
        first = (_hkdf(secret, b"smartcockpit key id", 8).hex(), 0, _hkdf(secret, b"smartcockpit profile content v1"))
        every = sorted([first, *[tuple(k) for k in ring]], key=lambda k: k[1])
        kid, epoch, key = every[-1]
        return cls(_hkdf(secret, b"smartcockpit account id", 12).hex(), kid, key, epoch, tuple(every[:-1]))

    def ring(self) -> list[tuple[str, int, bytes]]:
        """Every epoch after the first (what a car joining by a code is given besides the secret)."""
        return [k for k in (*self.retired, (self.key_id, self.epoch, self.content_key)) if k[1] > 0]

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

    def open(self, data: bytes, profile: str | None = None, members=None) -> tuple[dict, dict]:
        """(envelope, document) of a sealed message, or Refused with the reason. A message sealed
        with a retired epoch opens only when the car that sealed it is one of `members` (the
        account's cars as this car knows them): a removed car cannot write with the key it kept."""
        from cryptography.exceptions import InvalidTag
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM

        if data is None:
            raise Refused("the value was deleted")
        if len(data) > MAX_ENVELOPE:
            raise Refused(f"oversized value ({len(data):,} bytes; at most {MAX_ENVELOPE:,})")
        env = envelope(data)
        if env["acct"] != self.account:
            raise Refused("a message for another account")
        if profile is not None and env["profile"] != profile:
            raise Refused("a message for another profile")
        key = self.content_key if env["key"] == self.key_id else None
        if key is None:
            old = next((k for k in self.retired if k[0] == env["key"]), None)
            if old is None:
                raise Refused("sealed with another key")
            if members is None or env["car"] not in members:
                raise Refused(f"sealed with a retired key (epoch {old[1]}; the account is at epoch {self.epoch}) "
                              "by a car no longer in the account")
            key = old[2]
        try:
            plain = AESGCM(key).decrypt(base64.b64decode(env["nonce"]), base64.b64decode(env["ct"]), self._aad(env))
        except (InvalidTag, ValueError):
            raise Refused("tampered ciphertext (it does not authenticate)") from None
        doc = json.loads(plain)
        if not isinstance(doc, dict) or doc.get("profile") != env["profile"] or doc.get("hlc") != env["hlc"]:
            raise Refused("the sealed document does not match its envelope")
        return env, doc


def envelope(data: bytes) -> dict:
    """The routing part of a sealed message (checked in form only), or Refused."""
    try:
        env = json.loads(data)
        if not isinstance(env, dict) or env.get("v") != ENVELOPE_VERSION:
            raise ValueError
        fields = [env[k] for k in ("acct", "profile", "car", "hlc", "key", "nonce", "ct")]
        if not all(isinstance(f, str) for f in fields):
            raise ValueError
        base64.b64decode(env["nonce"], validate=True), base64.b64decode(env["ct"], validate=True)
    except (ValueError, KeyError, TypeError):
        raise Refused("not a sealed profile message") from None
    return env


# ---------------------------------------------------------------------- key epochs (rotation)
def key_id_of(content_key: bytes) -> str:
    return _hkdf(content_key, b"smartcockpit epoch key id", 8).hex()


def car_keypair() -> tuple[str, str]:
    """A car's own X25519 key pair (private, public), hex: later epochs are wrapped for it."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

    raw = serialization.Encoding.Raw
    private = X25519PrivateKey.generate()
    return (private.private_bytes(raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()).hex(),
            private.public_key().public_bytes(raw, serialization.PublicFormat.Raw).hex())


def public_of(private_hex: str) -> str:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

    private = X25519PrivateKey.from_private_bytes(bytes.fromhex(private_hex))
    return private.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw).hex()


def _wrap_key(private_hex: str, public_hex: str, info: bytes) -> bytes:
    """X25519 between the two cars' keys (static: the wrap is bound to the car that made it), HKDF."""
    from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey

    shared = X25519PrivateKey.from_private_bytes(bytes.fromhex(private_hex)).exchange(
        X25519PublicKey.from_public_bytes(bytes.fromhex(public_hex)))
    return _hkdf(shared, info)


def _wrap_info(account: str, key_id: str, epoch: int, sender: str, recipient: str) -> bytes:
    return "|".join(["smartcockpit epoch wrap", account, key_id, str(epoch), sender, recipient]).encode()


def wrap_epoch(private_hex: str, recipient_pub: str, account: str, epoch: int, content_key: bytes, sender: str,
               recipient: str) -> bytes:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    kid = key_id_of(content_key)
    info = _wrap_info(account, kid, epoch, sender, recipient)
    nonce = os.urandom(12)
    ct = AESGCM(_wrap_key(private_hex, recipient_pub, info)).encrypt(nonce, content_key, info)
    return json.dumps({"v": 1, "from": sender, "epoch": epoch, "key": kid, "nonce": base64.b64encode(nonce).decode(),
                       "ct": base64.b64encode(ct).decode()}).encode()


def wrap_sender(data: bytes) -> str:
    try:
        sender = json.loads(data)["from"]
        if isinstance(sender, str):
            return sender
    except (ValueError, KeyError, TypeError):
        pass
    raise Refused("a malformed key wrap")


def unwrap_epoch(private_hex: str, sender_pub: str, account: str, key_id: str, me: str,
                 data: bytes) -> tuple[int, bytes]:
    """(epoch, content key) of a wrap made for this car by `sender`, or Refused."""
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    try:
        w = json.loads(data)
        epoch, sender = int(w["epoch"]), str(w["from"])
        nonce, ct = base64.b64decode(w["nonce"], validate=True), base64.b64decode(w["ct"], validate=True)
        if w["key"] != key_id or epoch < 1:
            raise ValueError
    except (ValueError, KeyError, TypeError):
        raise Refused("a malformed key wrap") from None
    info = _wrap_info(account, key_id, epoch, sender, me)
    try:
        key = AESGCM(_wrap_key(private_hex, sender_pub, info)).decrypt(nonce, ct, info)
    except (InvalidTag, ValueError):
        raise Refused("a key wrap that does not authenticate") from None
    if key_id_of(key) != key_id:
        raise Refused("a key wrap for another key")
    return epoch, key


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
