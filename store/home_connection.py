"""The smart home's broker connection (host, port, TLS files, user, password, discovery prefix,
the alarm's code): kept in a file beside the database that only its owner can read (0600), never in
the database itself, so it is never exported with a profile, never in a backup of the database,
never printed. Written whole or not at all. Rows in, a dataclass out; no rules."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path

from store.files import write_text_atomic

SUFFIX = ".home-connection.json"
MAX_BYTES = 64 * 1024


@dataclass(frozen=True)
class HomeConnection:
    host: str = ""
    port: int = 1883
    username: str = ""
    password: str = field(default="", repr=False)
    ca_file: str = ""
    cert_file: str = ""
    key_file: str = ""
    tls: bool = False
    prefix: str = "homeassistant"
    alarm_code: str = field(default="", repr=False)

    @property
    def configured(self) -> bool:
        return bool(self.host)


class HomeConnectionFile:
    """`<database>.home-connection.json`, 0600."""

    def __init__(self, db_path: Path | str) -> None:
        self.path = Path(str(db_path) + SUFFIX)

    def read(self) -> HomeConnection:
        try:
            if self.path.stat().st_size > MAX_BYTES:
                return HomeConnection()
            raw = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return HomeConnection()
        if not isinstance(raw, dict):
            return HomeConnection()
        known = {f.name: f.type for f in fields(HomeConnection)}
        values = {}
        for k, v in raw.items():
            if k not in known:
                continue
            if k == "port":
                values[k] = int(v) if isinstance(v, int) and not isinstance(v, bool) else 1883
            elif k == "tls":
                values[k] = bool(v)
            elif isinstance(v, str):
                values[k] = v
        return HomeConnection(**values)

    def write(self, connection: HomeConnection) -> None:
        write_text_atomic(self.path, json.dumps(asdict(connection), indent=1))
        self.path.chmod(0o600)
