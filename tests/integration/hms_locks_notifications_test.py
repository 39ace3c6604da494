"""Integration tests of the lock and notification calls of the Hive Metastore
(Thrift) front end of `almanac serve`.

Locks as Iceberg's HiveCatalog takes them (EXCLUSIVE, table level, agentInfo
"Iceberg-<uuid>", check_lock, heartbeat, unlock), a second locker waiting its
turn, expiry with a short --lock-timeout-seconds, and the notification log as
Impala polls it (contiguous ids, json-0.2 bodies Hive's deserializer reads).
Both survive a restart. The Thrift client is generated at test time from
thrift/*.thrift; the server is the real binary ($ALMANAC_BIN) on port 0.
"""

import json
import os
import sys
import tempfile
import time
import uuid

import pytest
from thrift.Thrift import TApplicationException

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from almanac_testlib import Client, Server, generate_clients  # noqa: E402

generate_clients()
from almanac_hms.ttypes import (  # noqa: E402
    CheckLockRequest, Database, EnvironmentContext, FieldSchema, HeartbeatRequest, LockComponent,
    LockLevel, LockRequest, LockState, LockType, NoSuchLockException, NoSuchTxnException,
    NotificationEventRequest, NotificationEventsCountRequest, Partition, SerDeInfo,
    ShowLocksRequest, StorageDescriptor, Table, UnlockRequest)


@pytest.fixture(scope="module")
def server():
    s = Server(tempfile.mkdtemp(prefix="hms_locks_data_"))
    yield s
    s.stop()


@pytest.fixture
def hms(server):
    c = Client(server.thrift_port)
    yield c.hms
    c.close()


def iceberg_lock_request(db, table, agent=None):
    """What Iceberg's HiveCatalog (MetastoreLock) sends."""
    component = LockComponent(type=LockType.EXCLUSIVE, level=LockLevel.TABLE, dbname=db,
                              tablename=table)
    return LockRequest(component=[component], user="iceberg", hostname="worker-1",
                       agentInfo=agent or "Iceberg-%s" % uuid.uuid4())


def wait_for_state(hms, lock_id, state, timeout=30):
    """Polls check_lock with backoff, as Iceberg does, until `state`."""
    deadline = time.time() + timeout
    delay = 0.05
    while True:
        response = hms.check_lock(CheckLockRequest(lockid=lock_id))
        if response.state == state or time.time() > deadline:
            return response.state
        time.sleep(delay)
        delay = min(delay * 2, 1.0)


def table_obj(db, name, partition_keys=()):
    sd = StorageDescriptor(
        cols=[FieldSchema("id", "bigint", ""), FieldSchema("name", "string", "")],
        location="", inputFormat="org.apache.hadoop.mapred.TextInputFormat",
        outputFormat="org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat",
        compressed=False, numBuckets=-1,
        serdeInfo=SerDeInfo(name="", serializationLib=(
            "org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe"), parameters={}),
        bucketCols=[], sortCols=[], parameters={})
    return Table(tableName=name, dbName=db, owner="alice", sd=sd,
                 partitionKeys=[FieldSchema(k, "string", "") for k in partition_keys],
                 parameters={"table_type": "ICEBERG"}, tableType="EXTERNAL_TABLE")


def partition_obj(db, table, values):
    return Partition(values=list(values), dbName=db, tableName=table, parameters={})


# ---------------------------------------------------------------------------
# Locks
# ---------------------------------------------------------------------------

def test_iceberg_lock_flow(hms):
    agent = "Iceberg-%s" % uuid.uuid4()
    response = hms.lock(iceberg_lock_request("iceberg_db", "events", agent))
    assert response.state == LockState.ACQUIRED
    lock_id = response.lockid
    assert hms.check_lock(CheckLockRequest(lockid=lock_id)).state == LockState.ACQUIRED
    hms.heartbeat(HeartbeatRequest(lockid=lock_id))
    shown = hms.show_locks(ShowLocksRequest(dbname="iceberg_db", tablename="events")).locks
    mine = [e for e in shown if e.lockid == lock_id]
    assert len(mine) == 1
    assert mine[0].agentInfo == agent
    assert mine[0].type == LockType.EXCLUSIVE
    assert mine[0].state == LockState.ACQUIRED
    assert mine[0].user == "iceberg" and mine[0].hostname == "worker-1"
    assert mine[0].heartbeatCount == 1
    hms.unlock(UnlockRequest(lockid=lock_id))
    with pytest.raises(NoSuchLockException):
        hms.check_lock(CheckLockRequest(lockid=lock_id))
    with pytest.raises(NoSuchLockException):
        hms.unlock(UnlockRequest(lockid=lock_id))
    with pytest.raises(NoSuchLockException):
        hms.heartbeat(HeartbeatRequest(lockid=lock_id))
    assert not [e for e in hms.show_locks(ShowLocksRequest()).locks if e.lockid == lock_id]


def test_second_locker_waits_then_acquires(server):
    first, second = Client(server.thrift_port), Client(server.thrift_port)
    try:
        held = first.hms.lock(iceberg_lock_request("iceberg_db", "contended"))
        assert held.state == LockState.ACQUIRED
        waiting = second.hms.lock(iceberg_lock_request("iceberg_db", "contended"))
        assert waiting.state == LockState.WAITING
        assert waiting.lockid > held.lockid
        assert (second.hms.check_lock(CheckLockRequest(lockid=waiting.lockid)).state
                == LockState.WAITING)
        # Another table is not affected.
        other = second.hms.lock(iceberg_lock_request("iceberg_db", "other"))
        assert other.state == LockState.ACQUIRED
        first.hms.unlock(UnlockRequest(lockid=held.lockid))
        assert wait_for_state(second.hms, waiting.lockid, LockState.ACQUIRED) == \
            LockState.ACQUIRED
        second.hms.unlock(UnlockRequest(lockid=waiting.lockid))
        second.hms.unlock(UnlockRequest(lockid=other.lockid))
    finally:
        first.close()
        second.close()


def test_shared_read_locks_share_and_a_multi_component_request_is_all_or_none(hms):
    def component(kind, table):
        return LockComponent(type=kind, level=LockLevel.TABLE, dbname="shared_db",
                             tablename=table)
    r1 = hms.lock(LockRequest(component=[component(LockType.SHARED_READ, "a")], user="u",
                              hostname="h"))
    r2 = hms.lock(LockRequest(component=[component(LockType.SHARED_READ, "a")], user="u",
                              hostname="h"))
    assert r1.state == r2.state == LockState.ACQUIRED
    both = hms.lock(LockRequest(component=[component(LockType.EXCLUSIVE, "b"),
                                           component(LockType.EXCLUSIVE, "a")],
                                user="u", hostname="h"))
    assert both.state == LockState.WAITING
    # Nothing of the waiting request is held: "b" alone is still free... for
    # nobody, because earlier waiters come first.
    b_only = hms.lock(LockRequest(component=[component(LockType.SHARED_READ, "b")], user="u",
                                  hostname="h"))
    assert b_only.state == LockState.WAITING
    for lock in (r1, r2):
        hms.unlock(UnlockRequest(lockid=lock.lockid))
    assert hms.check_lock(CheckLockRequest(lockid=both.lockid)).state == LockState.ACQUIRED
    hms.unlock(UnlockRequest(lockid=both.lockid))
    assert hms.check_lock(CheckLockRequest(lockid=b_only.lockid)).state == LockState.ACQUIRED
    hms.unlock(UnlockRequest(lockid=b_only.lockid))


def test_transactions_are_refused(hms):
    request = iceberg_lock_request("iceberg_db", "txn")
    request.txnid = 12
    with pytest.raises(NoSuchTxnException):
        hms.lock(request)
    with pytest.raises(NoSuchTxnException):
        hms.heartbeat(HeartbeatRequest(txnid=12))


def test_silent_locks_expire():
    s = Server(tempfile.mkdtemp(prefix="hms_locks_expiry_"),
               extra_args=("--lock-timeout-seconds", "2"))
    c = Client(s.thrift_port)
    try:
        silent = c.hms.lock(iceberg_lock_request("db", "t"))
        waiter = c.hms.lock(iceberg_lock_request("db", "t"))
        assert silent.state == LockState.ACQUIRED and waiter.state == LockState.WAITING
        # The waiter keeps itself alive by polling; the silent holder expires.
        assert wait_for_state(c.hms, waiter.lockid, LockState.ACQUIRED, timeout=30) == \
            LockState.ACQUIRED
        with pytest.raises(NoSuchLockException):
            c.hms.check_lock(CheckLockRequest(lockid=silent.lockid))
        # Heartbeats keep a lock past the timeout.
        for _ in range(4):
            time.sleep(1)
            c.hms.heartbeat(HeartbeatRequest(lockid=waiter.lockid))
        assert c.hms.check_lock(CheckLockRequest(lockid=waiter.lockid)).state == \
            LockState.ACQUIRED
    finally:
        c.close()
        s.stop()


# ---------------------------------------------------------------------------
# Notifications
# ---------------------------------------------------------------------------

def events_after(hms, last, **kwargs):
    return hms.get_next_notification(NotificationEventRequest(lastEvent=last, **kwargs)).events


def test_notifications_after_a_series_of_ddl(hms):
    start = hms.get_current_notificationEventId().eventId
    hms.create_database(Database(name="notify_db", description="", locationUri="",
                                 parameters={}))
    hms.create_table(table_obj("notify_db", "orders", ["day"]))
    hms.add_partitions([partition_obj("notify_db", "orders", ["d1"]),
                        partition_obj("notify_db", "orders", ["d2"])])
    changed = partition_obj("notify_db", "orders", ["d1"])
    changed.parameters = {"k": "v"}
    hms.alter_partition("notify_db", "orders", changed)
    hms.drop_partition("notify_db", "orders", ["d2"], False)
    altered = hms.get_table("notify_db", "orders")
    altered.parameters["metadata_location"] = "s3://x/1.json"
    hms.alter_table_with_environment_context("notify_db", "orders", altered,
                                             EnvironmentContext(properties={}))
    renamed = hms.get_table("notify_db", "orders")
    renamed.tableName = "orders2"
    hms.alter_table("notify_db", "orders", renamed)
    hms.drop_table("notify_db", "orders2", False)
    hms.drop_database("notify_db", False, False)

    events = events_after(hms, start)
    # alter_table with a new name renames and updates in one transaction: one
    # ALTER_TABLE event, as Hive emits.
    assert [e.eventType for e in events] == [
        "CREATE_DATABASE", "CREATE_TABLE", "ADD_PARTITION", "ALTER_PARTITION", "DROP_PARTITION",
        "ALTER_TABLE", "ALTER_TABLE", "DROP_TABLE", "DROP_DATABASE"]
    assert [e.eventId for e in events] == list(range(start + 1, start + 1 + len(events)))
    assert hms.get_current_notificationEventId().eventId == events[-1].eventId
    for e in events:
        assert e.messageFormat == "json-0.2"
        assert e.dbName == "notify_db"
        assert e.catName == "hive"
        assert e.eventTime > 1600000000
        body = json.loads(e.message)
        assert body["db"] == "notify_db"
        for key in ("server", "servicePrincipal", "timestamp"):
            assert key in body, (e.eventType, key)

    create_db, create_table, add, alter_part, drop_part, alter, rename, drop, drop_db = \
        [json.loads(e.message) for e in events]
    assert json.loads(create_db["dbJson"])["1"]["str"] == "notify_db"
    for key in ("table", "tableType", "tableObjJson", "files"):
        assert key in create_table
    assert create_table["table"] == "orders"
    assert create_table["tableType"] == "EXTERNAL_TABLE"
    table_json = json.loads(create_table["tableObjJson"])  # TJSONProtocol: field ids as keys
    assert table_json["1"]["str"] == "orders" and table_json["2"]["str"] == "notify_db"
    assert add["partitions"] == [{"day": "d1"}, {"day": "d2"}]
    assert len(add["partitionListJson"]) == 2
    assert json.loads(add["partitionListJson"][1])["1"]["lst"] == ["str", 1, "d2"]
    assert alter_part["keyValues"] == {"day": "d1"}
    assert "partitionObjBeforeJson" in alter_part and "partitionObjAfterJson" in alter_part
    assert drop_part["partitions"] == [{"day": "d2"}]
    assert "metadata_location" in alter["tableObjAfterJson"]
    assert "metadata_location" not in alter["tableObjBeforeJson"]
    assert rename["table"] == "orders"
    assert json.loads(rename["tableObjAfterJson"])["1"]["str"] == "orders2"
    assert events[6].tableName == "orders2"
    assert drop["table"] == "orders2" and "tableObjJson" in drop
    assert drop_db["db"] == "notify_db"

    # Paging, type skipping and counting as Impala and replication use them.
    assert [e.eventId for e in events_after(hms, start, maxEvents=2)] == [start + 1, start + 2]
    skipped = events_after(hms, start, eventTypeSkipList=["ALTER_TABLE", "ALTER_PARTITION"])
    assert len(skipped) == len(events) - 3  # two ALTER_TABLE, one ALTER_PARTITION
    count = hms.get_notification_events_count(
        NotificationEventsCountRequest(fromEventId=start, dbName="notify_db"))
    assert count.eventsCount == len(events)
    count = hms.get_notification_events_count(
        NotificationEventsCountRequest(fromEventId=start, dbName="notify_db",
                                       toEventId=start + 3))
    assert count.eventsCount == 3


def test_failed_changes_leave_no_event(hms):
    hms.create_database(Database(name="nogap_db", description="", locationUri="",
                                 parameters={}))
    before = hms.get_current_notificationEventId().eventId
    with pytest.raises(Exception):
        hms.create_database(Database(name="nogap_db", description="", locationUri="",
                                     parameters={}))
    with pytest.raises(Exception):
        hms.drop_table("nogap_db", "missing", False)
    assert hms.get_current_notificationEventId().eventId == before
    hms.drop_database("nogap_db", False, False)
    assert hms.get_current_notificationEventId().eventId == before + 1


# ---------------------------------------------------------------------------
# Restart
# ---------------------------------------------------------------------------

def test_restart_keeps_locks_and_events():
    data_dir = tempfile.mkdtemp(prefix="hms_locks_restart_")
    s = Server(data_dir)
    c = Client(s.thrift_port)
    held = c.hms.lock(iceberg_lock_request("db", "t", agent="Iceberg-restart"))
    waiting = c.hms.lock(iceberg_lock_request("db", "t"))
    c.hms.create_database(Database(name="kept_db", description="", locationUri="",
                                   parameters={}))
    last = c.hms.get_current_notificationEventId().eventId
    messages = [e.message for e in events_after(c.hms, 0)]
    c.close()
    assert s.restart() == 0

    c = Client(s.thrift_port)
    try:
        assert c.hms.get_current_notificationEventId().eventId == last
        assert [e.message for e in events_after(c.hms, 0)] == messages
        shown = {e.lockid: e for e in c.hms.show_locks(ShowLocksRequest()).locks}
        assert shown[held.lockid].agentInfo == "Iceberg-restart"
        assert shown[held.lockid].state == LockState.ACQUIRED
        assert shown[waiting.lockid].state == LockState.WAITING
        c.hms.unlock(UnlockRequest(lockid=held.lockid))
        assert c.hms.check_lock(CheckLockRequest(lockid=waiting.lockid)).state == \
            LockState.ACQUIRED
        # Ids continue after the restart; none is handed out twice.
        assert c.hms.lock(iceberg_lock_request("db", "u")).lockid > waiting.lockid
        c.hms.drop_database("kept_db", False, False)
        assert c.hms.get_current_notificationEventId().eventId == last + 1
    finally:
        c.close()
        s.stop()


def test_events_older_than_the_ttl_are_deleted_and_ids_go_on():
    data_dir = tempfile.mkdtemp(prefix="hms_events_ttl_")
    s = Server(data_dir)
    c = Client(s.thrift_port)
    c.hms.create_database(Database(name="ttl_db", description="", locationUri="",
                                   parameters={}))
    c.hms.drop_database("ttl_db", False, False)
    last = c.hms.get_current_notificationEventId().eventId
    old = events_after(c.hms, 0)
    assert len(old) >= 2
    c.close()
    assert s.stop() == 0
    # Past a one-second TTL; the server's first maintenance pass runs at start.
    time.sleep(2.5)
    s = Server(data_dir, extra_args=("--notification-ttl-seconds", "1"))
    c = Client(s.thrift_port)
    try:
        deadline = time.time() + 30
        while not s.events("notifications_expired") and time.time() < deadline:
            time.sleep(0.1)
        expired = s.events("notifications_expired")
        assert expired and int(expired[0]["count"]) == len(old)
        assert events_after(c.hms, 0) == []
        assert c.hms.get_current_notificationEventId().eventId == last
        c.hms.create_database(Database(name="ttl_db2", description="", locationUri="",
                                       parameters={}))
        fresh = events_after(c.hms, 0)
        assert [e.eventId for e in fresh] == [last + 1]
    finally:
        c.close()
        s.stop()
