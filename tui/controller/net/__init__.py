"""Wire code, one module per protocol (mqtt.py: the smart home over MQTT; nats.py: profile sync and
update delivery over NATS JetStream). The rules that use them live in their domains and are
testable without a network; these modules only speak the protocol, through maintained client
libraries (aiomqtt / paho-mqtt, nats-py), never hand-written."""


def valid_host(host: str | None) -> bool:
    """A host name (letters, digits and hyphens in dot-separated labels) or an IP address."""
    import ipaddress
    import re

    if not host or len(host) > 253:
        return False
    try:
        ipaddress.ip_address(host.strip("[]"))
        return True
    except ValueError:
        pass
    return all(re.fullmatch(r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?", label)
               for label in host.rstrip(".").split("."))
