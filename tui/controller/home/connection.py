"""Which home the car talks to, and how it reaches a real one: the simulated home (the default) or
a bridged home over MQTT, chosen in Settings > Smart home connection (kept: the choice in the
database, the connection in a 0600 file beside it, store/home_connection.py) or for one run with
`smartcockpit --home mqtt://host:port`.

Changing the connection is the owner's, parked, never in valet mode: the authority's rule for the
home's place (home.place), which decides what "from afar" means; the connection decides where the
car's unlock and disarm commands go.
"""

from __future__ import annotations

from dataclasses import replace

from tui.controller.errors import InvalidValue

_PROCESS_BROKER: list[str] = []  # `--home mqtt://...` for this run (not kept)


def use_broker_for_this_run(url: str | None) -> None:
    """`--home mqtt://host:port`: this process's home is that broker (the saved choice is kept).
    `--home simulated` (or None) forgets the override."""
    _PROCESS_BROKER.clear()
    if url and url.strip().lower() not in ("simulated", "sim", "demo"):
        from tui.controller.net.mqtt import BrokerSettings

        BrokerSettings.from_url(url)  # a clear sentence now for a URL that can't work
        _PROCESS_BROKER.append(url.strip())


def broker_for_this_run() -> str | None:
    return _PROCESS_BROKER[0] if _PROCESS_BROKER else None


def settings_of(conn):
    """The wire settings of a saved connection (store/home_connection.HomeConnection)."""
    from tui.controller.net.mqtt import BrokerSettings

    return BrokerSettings(conn.host, int(conn.port), conn.username or None, conn.password or None,
                          conn.ca_file or None, conn.cert_file or None, conn.key_file or None, tls=conn.tls)


def build_backend(controller, announce: bool | None = None):
    """The backend the Home domain uses now. A bridged home also announces the car to the home
    (car_device.py) when `announce`, by default in the app (an event loop runs: the command line's
    short runs would flip the car's availability each time)."""
    store = controller.store
    url = broker_for_this_run()
    place = store.home.place()
    if url is None and (place is None or place.backend != "mqtt"):
        return _simulated(controller)
    from tui.controller.home.bridge import BridgedHome
    from tui.controller.net.mqtt import BrokerSettings

    conn = store.home_connection.read()
    if url is not None:
        settings = BrokerSettings.from_url(url)
        if conn.configured and (conn.host, conn.port) == (settings.host, settings.port):
            settings = settings_of(replace(conn, tls=conn.tls or settings.tls))  # its saved login and TLS files
    elif conn.configured:
        settings = settings_of(conn)
    else:
        return _simulated(controller)
    bridge = BridgedHome(settings, conn.prefix or "homeassistant", alarm_code=conn.alarm_code or None, start=False)
    if announce if announce is not None else bridge.has_loop:
        from tui.controller.home.car_device import CarDevice

        bridge.car = CarDevice(controller, bridge, bridge.prefix)
    bridge.link.start()
    _stop_at_exit(bridge)
    return bridge


def _stop_at_exit(bridge) -> None:
    """A clean goodbye when the process ends (the app quits without telling its domains): the
    car's availability says offline at once instead of when the broker notices the socket gone."""
    import atexit
    import weakref

    ref = weakref.ref(bridge)
    atexit.register(lambda: ref() is not None and ref().stop())


def _simulated(controller):
    from tui.controller.home.simulated import SimulatedHome

    return SimulatedHome(controller.store, controller.clock, units=controller.hmi_units)


def checked(conn):
    """A connection to save, checked: one sentence for what can't work."""
    from tui.controller.net.mqtt import check_settings

    prefix = (conn.prefix or "homeassistant").strip().strip("/")
    if not prefix or any(ch in prefix for ch in "#+ ") or len(prefix) > 60:
        raise InvalidValue("The discovery prefix is a topic like homeassistant.")
    if conn.alarm_code and (len(conn.alarm_code) > 16 or not conn.alarm_code.isprintable()):
        raise InvalidValue("The alarm code is up to 16 characters.")
    conn = replace(conn, host=conn.host.strip(), prefix=prefix)
    if conn.host:
        check_settings(settings_of(conn))
    return conn


class ConnectionSettings:
    """``controller.home.connection``: read, test and change how the car reaches the home."""

    DOING = "change the smart home connection"

    def __init__(self, home) -> None:
        self.home = home
        self.c = home.c

    def read(self):
        """The saved connection (its password and alarm code stay in it: screens show only whether
        they are set)."""
        return self.c.store.home_connection.read()

    def kind(self) -> str:
        """"mqtt" or "simulated": the home the car talks to now."""
        return self.home.backend.kind

    def describe(self) -> str:
        backend = self.home.backend
        if backend.kind != "mqtt":
            return "simulated home"
        state = "connected" if backend.available else "not connected"
        return f"{backend.settings.describe()}, {state}"

    def test(self, conn) -> str:
        """Connect once with these settings (blocks up to a few seconds: screens call it from a
        worker thread). A sentence either way; raises with the reason when it fails."""
        from tui.controller.net.mqtt import try_connection

        conn = checked(conn)
        if not conn.configured:
            raise InvalidValue("Give the broker's host first.")
        return try_connection(settings_of(conn))

    def save(self, conn, use: bool, pin: str | None = None, source: str = "ui") -> str:
        """Keep the connection (0600 file beside the database) and choose the home: the broker
        (use=True) or the simulated one. The owner's, parked, never in valet mode."""
        self.c.authority.require("home.place", pin=pin, source=source, doing=self.DOING)
        conn = checked(conn)
        if use and not conn.configured:
            raise InvalidValue("Give the broker's host first.")
        self.c.store.home_connection.write(conn)
        with self.c.store.write():
            self.c.store.home.set_backend("mqtt" if use else "simulated")
        self.home.use_backend()
        return f"The home is now {conn.host}:{conn.port}." if use else "The home is the simulated one again."
