"""pyiceberg's HiveCatalog against the metastore under test: namespaces,
Iceberg tables whose data pyarrow writes to a file:// warehouse, reads back,
and two writers committing at the same time without losing either commit
(the metastore's table lock serialises them; the loser sees
CommitFailedException, reloads and retries).
"""

import threading

import pytest

from conftest import unique_name

pa = pytest.importorskip("pyarrow")
pytest.importorskip("pyiceberg")
from pyiceberg.catalog.hive import HiveCatalog  # noqa: E402
from pyiceberg.exceptions import (  # noqa: E402
    CommitFailedException,
    NamespaceAlreadyExistsError,
    NoSuchTableError,
)
from pyiceberg.schema import Schema  # noqa: E402
from pyiceberg.types import DoubleType, LongType, NestedField, StringType  # noqa: E402

NS = unique_name("e2e_iceberg")
SCHEMA = Schema(
    NestedField(1, "id", LongType(), required=False),
    NestedField(2, "name", StringType(), required=False),
    NestedField(3, "amount", DoubleType(), required=False),
)
ARROW_SCHEMA = pa.schema([("id", pa.int64()), ("name", pa.string()), ("amount", pa.float64())])


def batch(ids, tag):
    return pa.Table.from_pylist(
        [{"id": i, "name": f"{tag}{i}", "amount": i * 1.5} for i in ids], schema=ARROW_SCHEMA)


@pytest.fixture(scope="module")
def warehouse(e2e_tmp):
    path = e2e_tmp / "iceberg-warehouse"
    path.mkdir()
    return path


def new_catalog(metastore, warehouse):
    # One catalog per writer: a HiveCatalog holds one Thrift connection and is
    # not meant to be shared between threads.
    return HiveCatalog("almanac", uri=metastore.uri, warehouse=warehouse.as_uri())


@pytest.fixture(scope="module")
def catalog(metastore, warehouse):
    return new_catalog(metastore, warehouse)


def test_namespace(catalog, warehouse):
    catalog.create_namespace(NS, {"location": (warehouse / f"{NS}.db").as_uri(), "owner": "e2e"})
    assert (NS,) in catalog.list_namespaces()
    props = catalog.load_namespace_properties(NS)
    assert props["owner"] == "e2e"
    assert props["location"].endswith(f"{NS}.db")
    with pytest.raises(NamespaceAlreadyExistsError):
        catalog.create_namespace(NS)


def test_create_append_read(catalog):
    table = catalog.create_table(f"{NS}.events", schema=SCHEMA)
    assert (NS, "events") in catalog.list_tables(NS)
    table.append(batch(range(0, 5), "a"))
    table.append(batch(range(5, 8), "b"))

    reloaded = catalog.load_table(f"{NS}.events")
    assert len(reloaded.metadata.snapshots) == 2
    got = reloaded.scan().to_arrow().sort_by("id")
    assert got.column("id").to_pylist() == list(range(8))
    assert got.column("name").to_pylist()[5] == "b5"
    filtered = reloaded.scan(row_filter="amount >= 9.0").to_arrow()
    assert sorted(filtered.column("id").to_pylist()) == [6, 7]
    # The metastore entry is an Iceberg table pointing at the current metadata.
    assert reloaded.metadata_location.startswith("file:")


def test_each_commit_is_one_version(catalog, metastore):
    if not metastore.is_almanac:
        pytest.skip("table history is Almanac's")
    table = catalog.create_table(f"{NS}.versioned", schema=SCHEMA)
    before = metastore.versions(NS, "versioned")
    table.append(batch(range(0, 3), "v"))
    after = metastore.versions(NS, "versioned")
    added = [v for v in after if v["version_id"] not in {b["version_id"] for b in before}]
    assert len(added) == 1, added
    assert added[0]["front_end"] == "FRONT_END_THRIFT"
    assert added[0]["principal"] == before[0]["principal"]  # whoever pyiceberg says it is
    assert "metadata_location" in added[0]["summary"]
    shown = metastore.cli("table", "show", f"{NS}.versioned", "--version",
                          before[0]["version_id"])
    assert shown["table"]["parameters"]["metadata_location"] != \
        catalog.load_table(f"{NS}.versioned").metadata_location
    catalog.drop_table(f"{NS}.versioned")


def test_concurrent_writers_lose_nothing(metastore, warehouse):
    writers = [new_catalog(metastore, warehouse) for _ in range(2)]
    tables = [w.load_table(f"{NS}.events") for w in writers]
    start = threading.Barrier(len(writers))
    retries = [0] * len(writers)
    errors = []

    def write(i):
        try:
            table = tables[i]
            data = batch(range(100 * (i + 1), 100 * (i + 1) + 10), f"w{i}-")
            start.wait()
            for _ in range(10):
                try:
                    table.append(data)
                    return
                except CommitFailedException:
                    # Someone else committed first: reload and try again.
                    retries[i] += 1
                    table = writers[i].load_table(f"{NS}.events")
            raise AssertionError(f"writer {i} never committed")
        except BaseException as e:  # surfaced in the main thread below
            errors.append(e)

    threads = [threading.Thread(target=write, args=(i,)) for i in range(len(writers))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert not errors, errors
    # Both loaded the table before either committed, so one of them must have
    # been refused once: a metastore that let both through lost a commit.
    assert sum(retries) >= 1, "no writer saw CommitFailedException"

    final = new_catalog(metastore, warehouse).load_table(f"{NS}.events")
    ids = sorted(final.scan().to_arrow().column("id").to_pylist())
    assert ids == list(range(8)) + list(range(100, 110)) + list(range(200, 210))
    assert len(final.metadata.snapshots) == 4
    # Each writer's commit is in the history exactly once, chained one after
    # the other (no commit replaced another).
    parents = [s.parent_snapshot_id for s in final.metadata.snapshots]
    assert len(set(parents)) == len(parents)


def test_rename_and_drop(catalog):
    catalog.rename_table(f"{NS}.events", f"{NS}.events_renamed")
    assert catalog.list_tables(NS) == [(NS, "events_renamed")]
    assert len(catalog.load_table(f"{NS}.events_renamed").scan().to_arrow()) == 28
    catalog.drop_table(f"{NS}.events_renamed")
    with pytest.raises(NoSuchTableError):
        catalog.load_table(f"{NS}.events_renamed")
    catalog.drop_namespace(NS)
    assert (NS,) not in catalog.list_namespaces()
