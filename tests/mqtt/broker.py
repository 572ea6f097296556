"""A real Mosquitto broker for the tests: started on a free 127.0.0.1 port with a config written in
the test's own folder (no persistence or log outside it), waited for until the port answers,
stopped in teardown (terminate, wait, kill). Three kinds: plain, with a password file (made with
mosquitto_passwd), and with TLS from a test CA made at test time with `cryptography`."""

from __future__ import annotations

import datetime
import ipaddress
import os
import shutil
import socket
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

MOSQUITTO = shutil.which("mosquitto") or "/usr/sbin/mosquitto"
MOSQUITTO_PASSWD = shutil.which("mosquitto_passwd") or "/usr/bin/mosquitto_passwd"
START_TIMEOUT_S = 10.0


def hashed_password_line(user: str, password: str, iterations: int = 101) -> str:
    """A Mosquitto 2 password file line (PBKDF2-SHA512, as `mosquitto_passwd` writes it): for a
    machine without the tool."""
    import base64
    import hashlib

    salt = os.urandom(12)
    digest = hashlib.pbkdf2_hmac("sha512", password.encode(), salt, iterations)
    return f"{user}:$7${iterations}${base64.b64encode(salt).decode()}${base64.b64encode(digest).decode()}"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def port_answers(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.2):
            return True
    except OSError:
        return False


@dataclass
class Mosquitto:
    folder: Path
    port: int = 0
    users: dict = field(default_factory=dict)  # name -> password
    tls: "TestCA | None" = None
    require_certificate: bool = False
    message_size_limit: int = 0
    use_passwd_tool: bool = True  # False: the password file is written here (as mosquitto_passwd would)
    process: subprocess.Popen | None = None

    def __post_init__(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        self.port = self.port or free_port()

    @property
    def url(self) -> str:
        return f"{'mqtts' if self.tls else 'mqtt'}://127.0.0.1:{self.port}"

    def config(self) -> Path:
        lines = [f"listener {self.port} 127.0.0.1", "persistence true",
                 f"persistence_location {self.folder}/", f"log_dest file {self.folder / 'mosquitto.log'}",
                 "log_type error", "log_type warning", "log_type notice", "log_type information",
                 "max_queued_messages 10000"]
        if os.geteuid() == 0:
            lines.append("user root")  # root would otherwise switch to the mosquitto user
        if self.message_size_limit:
            lines.append(f"message_size_limit {self.message_size_limit}")
        if self.users:
            pw = self.folder / "passwords"
            pw.write_text("")
            for name, password in self.users.items():
                if self.use_passwd_tool and os.path.exists(MOSQUITTO_PASSWD):
                    subprocess.run([MOSQUITTO_PASSWD, "-b", str(pw), name, password], check=True,
                                   capture_output=True, timeout=20)
                else:
                    with pw.open("a") as fh:
                        fh.write(hashed_password_line(name, password) + "\n")
            pw.chmod(0o600)
            lines += ["allow_anonymous false", f"password_file {pw}"]
        else:
            lines.append("allow_anonymous true")
        if self.tls:
            lines += [f"cafile {self.tls.ca_file}", f"certfile {self.tls.server_cert}",
                      f"keyfile {self.tls.server_key}",
                      f"require_certificate {'true' if self.require_certificate else 'false'}"]
        path = self.folder / "mosquitto.conf"
        path.write_text("\n".join(lines) + "\n")
        return path

    def start(self) -> "Mosquitto":
        conf = self.config()
        self.process = subprocess.Popen([MOSQUITTO, "-c", str(conf)], stdout=subprocess.DEVNULL,
                                        stderr=subprocess.DEVNULL, cwd=self.folder)
        deadline = time.monotonic() + START_TIMEOUT_S
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                log = (self.folder / "mosquitto.log")
                raise RuntimeError(f"mosquitto exited: {log.read_text() if log.exists() else ''}")
            if port_answers(self.port):
                return self
            time.sleep(0.05)
        self.stop()
        raise RuntimeError("mosquitto did not open its port in time")

    def stop(self) -> None:
        p, self.process = self.process, None
        if p is None or p.poll() is not None:
            return
        p.terminate()
        try:
            p.wait(5)
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait(5)
        deadline = time.monotonic() + 5
        while port_answers(self.port) and time.monotonic() < deadline:
            time.sleep(0.05)

    def restart(self) -> None:
        self.stop()
        self.start()


class TestCA:
    """A CA, a server certificate for 127.0.0.1 and a client certificate, made now."""

    __test__ = False

    def __init__(self, folder: Path) -> None:
        from cryptography import x509
        from cryptography.hazmat.primitives import hashes, serialization
        from cryptography.hazmat.primitives.asymmetric import ec
        from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

        folder.mkdir(parents=True, exist_ok=True)
        now = datetime.datetime.now(datetime.timezone.utc)

        def key():
            return ec.generate_private_key(ec.SECP256R1())

        def write_key(k, path: Path) -> str:
            path.write_bytes(k.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                             serialization.NoEncryption()))
            path.chmod(0o600)
            return str(path)

        def write_cert(c, path: Path) -> str:
            path.write_bytes(c.public_bytes(serialization.Encoding.PEM))
            return str(path)

        def name(cn: str):
            return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, cn)])

        ca_key = key()
        ca = (x509.CertificateBuilder().subject_name(name("SmartCockpit test CA")).issuer_name(name("SmartCockpit test CA"))
              .public_key(ca_key.public_key()).serial_number(x509.random_serial_number())
              .not_valid_before(now - datetime.timedelta(minutes=5)).not_valid_after(now + datetime.timedelta(days=1))
              .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
              .add_extension(x509.KeyUsage(True, False, False, False, False, True, True, False, False), critical=True)
              .sign(ca_key, hashes.SHA256()))

        def leaf(cn: str, usage, san=None):
            k = key()
            b = (x509.CertificateBuilder().subject_name(name(cn)).issuer_name(ca.subject).public_key(k.public_key())
                 .serial_number(x509.random_serial_number()).not_valid_before(now - datetime.timedelta(minutes=5))
                 .not_valid_after(now + datetime.timedelta(days=1))
                 .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
                 .add_extension(x509.ExtendedKeyUsage([usage]), critical=False))
            if san:
                b = b.add_extension(x509.SubjectAlternativeName(san), critical=False)
            return k, b.sign(ca_key, hashes.SHA256())

        s_key, s_cert = leaf("127.0.0.1", ExtendedKeyUsageOID.SERVER_AUTH,
                             [x509.IPAddress(ipaddress.ip_address("127.0.0.1")), x509.DNSName("localhost")])
        c_key, c_cert = leaf("smartcockpit-car", ExtendedKeyUsageOID.CLIENT_AUTH)
        self.ca_file = write_cert(ca, folder / "ca.pem")
        self.server_cert = write_cert(s_cert, folder / "server.pem")
        self.server_key = write_key(s_key, folder / "server.key")
        self.client_cert = write_cert(c_cert, folder / "client.pem")
        self.client_key = write_key(c_key, folder / "client.key")
        # a CA nobody signed the broker with: a client trusting it must refuse the broker
        other_key = key()
        other = (x509.CertificateBuilder().subject_name(name("Other CA")).issuer_name(name("Other CA"))
                 .public_key(other_key.public_key()).serial_number(x509.random_serial_number())
                 .not_valid_before(now - datetime.timedelta(minutes=5)).not_valid_after(now + datetime.timedelta(days=1))
                 .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
                 .sign(other_key, hashes.SHA256()))
        self.other_ca_file = write_cert(other, folder / "other-ca.pem")
