"""The write rate counted where the deployment says: per worker, per node, or every node."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from flask import Flask

from api.config import ApiConfig
from api.rate_limits import storage_uri
from gcm_process.config import Settings
from gcm_process.domain.errors import InvalidInput
from tests.api.conftest import Headers


def statuses(apps: list[Flask], clerk: Headers, count: int) -> list[int]:
    """``count`` writes, sent to each app in turn."""
    clients = [app.test_client() for app in apps]
    return [
        clients[n % len(clients)]
        .post(
            "/api/processes",
            json={"slug": f"p-{n}", "title": "P", "announced_on": "2018-01-30"},
            headers=clerk,
        )
        .status_code
        for n in range(count)
    ]


def test_the_workers_of_a_node_share_one_count(
    make_app: Callable[..., Flask], api_config: ApiConfig, clerk: Headers
) -> None:
    node = storage_uri("node", api_config.settings.data_dir, None)
    workers = [make_app(api_config, write_rate="2/minute", rate_limit_storage=node) for _ in "ab"]
    assert statuses(workers, clerk, 3) == [201, 201, 429]


def test_in_memory_each_worker_counts_alone(
    make_app: Callable[..., Flask], api_config: ApiConfig, clerk: Headers
) -> None:
    workers = [make_app(api_config, write_rate="2/minute") for _ in "ab"]
    assert statuses(workers, clerk, 3) == [201, 201, 201]


@pytest.mark.postgres
def test_nodes_naming_the_event_store_share_one_count(
    make_app: Callable[..., Flask],
    postgres_settings: Settings,
    clerk: Headers,
    api_config: ApiConfig,
) -> None:
    shared = storage_uri("event-store", postgres_settings.data_dir, postgres_settings.event_store)
    nodes = [
        make_app(
            ApiConfig(Settings(postgres_settings.data_dir / name, postgres_settings.event_store)),
            write_rate="2/minute",
            rate_limit_storage=shared,
        )
        for name in ("one", "two")
    ]
    secret = nodes[0].extensions["gcm"].tokens.create("clerk-pg", "clerk")
    nodes[1].extensions["gcm"].tokens.catch_up()  # the same credential on both nodes
    assert statuses(nodes, {"Authorization": f"Bearer {secret}"}, 3) == [201, 201, 429]


def test_a_shared_count_needs_a_postgresql_store(tmp_path: object) -> None:
    with pytest.raises(InvalidInput, match="needs a PostgreSQL event store"):
        storage_uri("event-store", Settings(tmp_path).data_dir, None)  # type: ignore[arg-type]
