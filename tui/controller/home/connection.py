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


def build_backend(controller):
    """The backend the Home domain uses now."""
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
    return BridgedHome(settings, conn.prefix or "homeassistant", alarm_code=conn.alarm_code or None)


def _simulated(controller):
    from tui.controller.home.simulated import SimulatedHome

    return SimulatedHome(controller.store, controller.clock)


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
