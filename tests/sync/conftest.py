from tests.sync.servers import nats_cluster, nats_server  # noqa: F401  (fixtures)
