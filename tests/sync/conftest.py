from tests.sync.servers import hub_and_leaf, nats_cluster, nats_server  # noqa: F401  (fixtures)
