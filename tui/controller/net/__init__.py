"""Wire code, one module per protocol (mqtt.py: the smart home over MQTT; nats.py: profile sync and
update delivery over NATS JetStream). The rules that use them live in their domains and are
testable without a network; these modules only speak the protocol, through maintained client
libraries (aiomqtt / paho-mqtt, nats-py), never hand-written."""
