"""Integration tests of Hive roles and privilege grants over the Hive Metastore
(Thrift) front end of the real `almanac serve` ($ALMANAC_BIN, port 0).

The calls are those Trino's sql-standard security and Hive's SQL-standard
authorizer make: roles (plain and request forms), privileges granted and
revoked on every kind of object, the privilege set of a user, failures as
MetaException, grants following a renamed or dropped table, and everything
kept across a restart. The Thrift Python client is generated at test time
from thrift/*.thrift.
"""

import os
import sys
import tempfile

import pytest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import almanac_testlib  # noqa: E402
from almanac_testlib import Server, generate_clients  # noqa: E402

generate_clients()
from almanac_hms.ttypes import (  # noqa: E402
    Database, FieldSchema, GetPrincipalsInRoleRequest, GetRoleGrantsForPrincipalRequest,
    GrantRevokePrivilegeRequest, GrantRevokeRoleRequest, GrantRevokeType, HiveObjectPrivilege,
    HiveObjectRef, HiveObjectType, MetaException, Partition, PrincipalType, PrivilegeBag,
    PrivilegeGrantInfo, Role, SerDeInfo, StorageDescriptor, Table)

USER, ROLE, GROUP = PrincipalType.USER, PrincipalType.ROLE, PrincipalType.GROUP


class Client(almanac_testlib.Client):
    """A connection that says who it is (set_ugi), as Hive clients do."""

    def __init__(self, port):
        super().__init__(port)
        self.hms.set_ugi("alice", [])


@pytest.fixture(scope="module")
def server():
    s = Server(tempfile.mkdtemp(prefix="hms_authz_data_"))
    c = Client(s.thrift_port)
    c.hms.create_database(Database(name="sales", description="", locationUri="", parameters={}))
    sd = StorageDescriptor(
        cols=[FieldSchema("id", "bigint", ""), FieldSchema("price", "double", "")], location="",
        inputFormat="org.apache.hadoop.mapred.TextInputFormat",
        outputFormat="org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat",
        serdeInfo=SerDeInfo(name="", parameters={},
                            serializationLib="org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe"),
        bucketCols=[], sortCols=[], parameters={})
    c.hms.create_table(Table(tableName="orders", dbName="sales", owner="alice", sd=sd,
                             partitionKeys=[FieldSchema("ds", "string", "")], parameters={},
                             tableType="MANAGED_TABLE"))
    c.hms.add_partition(Partition(values=["2024-01-01"], dbName="sales", tableName="orders",
                                  sd=sd, parameters={}))
    c.close()
    yield s
    if s.proc.poll() is None:
        s.stop()


@pytest.fixture
def hms(server):
    c = Client(server.thrift_port)
    yield c.hms
    c.close()


def obj(kind, db="", name="", part_values=(), column=""):
    return HiveObjectRef(objectType=kind, dbName=db, objectName=name,
                         partValues=list(part_values), columnName=column)


def privilege(ref, principal, ptype, what, grant_option=False, grantor="alice"):
    return HiveObjectPrivilege(
        hiveObject=ref, principalName=principal, principalType=ptype,
        grantInfo=PrivilegeGrantInfo(privilege=what, createTime=0, grantor=grantor,
                                     grantorType=USER, grantOption=grant_option))


def role_names(roles):
    return [r.roleName for r in roles]


def test_roles_plain_and_request_forms(hms):
    assert set(hms.get_role_names()) >= {"admin", "public"}
    assert hms.create_role(Role(roleName="analysts", createTime=0, ownerName=""))
    with pytest.raises(MetaException, match="already exists"):
        hms.create_role(Role(roleName="analysts", createTime=0, ownerName=""))
    with pytest.raises(MetaException, match="built in"):
        hms.create_role(Role(roleName="admin", createTime=0, ownerName=""))
    assert "analysts" in hms.get_role_names()

    assert hms.grant_role("analysts", "bob", USER, "alice", USER, True)
    with pytest.raises(MetaException, match="already holds"):
        hms.grant_role("analysts", "bob", USER, "alice", USER, False)
    with pytest.raises(MetaException, match="public"):
        hms.grant_role("public", "bob", USER, "alice", USER, False)
    assert role_names(hms.list_roles("bob", USER)) == ["analysts", "public"]
    assert role_names(hms.list_roles("nobody", USER)) == ["public"]

    response = hms.grant_revoke_role(GrantRevokeRoleRequest(
        requestType=GrantRevokeType.GRANT, roleName="analysts", principalName="eng",
        principalType=GROUP, grantor="alice", grantorType=USER, grantOption=False))
    assert response.success
    principals = hms.get_principals_in_role(GetPrincipalsInRoleRequest(roleName="analysts"))
    assert sorted((g.principalName, g.principalType, g.grantOption)
                  for g in principals.principalGrants) == [("bob", USER, True),
                                                           ("eng", GROUP, False)]
    grants = hms.get_role_grants_for_principal(
        GetRoleGrantsForPrincipalRequest(principal_name="bob", principal_type=USER))
    assert [(g.roleName, g.grantorName) for g in grants.principalGrants] == [("analysts", "alice")]

    # Revoking the grant option only, then the role.
    hms.grant_revoke_role(GrantRevokeRoleRequest(
        requestType=GrantRevokeType.REVOKE, roleName="analysts", principalName="bob",
        principalType=USER, grantOption=True))
    grants = hms.get_role_grants_for_principal(
        GetRoleGrantsForPrincipalRequest(principal_name="bob", principal_type=USER))
    assert [g.grantOption for g in grants.principalGrants] == [False]
    assert hms.revoke_role("analysts", "bob", USER)
    with pytest.raises(MetaException, match="does not hold"):
        hms.revoke_role("analysts", "bob", USER)
    assert role_names(hms.list_roles("bob", USER)) == ["public"]

    # No cycles through roles.
    hms.create_role(Role(roleName="leads", createTime=0, ownerName=""))
    hms.grant_role("analysts", "leads", ROLE, "alice", USER, False)
    with pytest.raises(MetaException, match="cycle"):
        hms.grant_role("leads", "analysts", ROLE, "alice", USER, False)

    with pytest.raises(MetaException, match="built in"):
        hms.drop_role("public")
    assert hms.drop_role("leads")
    with pytest.raises(MetaException, match="not found"):
        hms.drop_role("leads")
    assert "leads" not in hms.get_role_names()


def test_privileges_on_every_object_kind(hms):
    objects = [
        obj(HiveObjectType.GLOBAL),
        obj(HiveObjectType.DATABASE, "sales"),
        obj(HiveObjectType.TABLE, "sales", "orders"),
        obj(HiveObjectType.PARTITION, "sales", "orders", ["2024-01-01"]),
        obj(HiveObjectType.COLUMN, "sales", "orders", column="price"),
        obj(HiveObjectType.COLUMN, "@hive#sales", "orders", ["2024-01-01"], "id"),
    ]
    assert hms.grant_privileges(PrivilegeBag(
        privileges=[privilege(o, "carol", USER, "select", grant_option=True) for o in objects]))
    for o in objects:
        got = hms.list_privileges("carol", USER, o)
        assert len(got) == 1, o
        assert got[0].grantInfo.privilege == "SELECT"
        assert got[0].grantInfo.grantOption
        assert got[0].grantInfo.grantor == "alice"
        assert got[0].hiveObject.objectType == o.objectType
        assert got[0].hiveObject.partValues == o.partValues
    # Every principal's grants on one object: an empty principal name.
    table = obj(HiveObjectType.TABLE, "sales", "orders")
    hms.grant_privileges(PrivilegeBag(privileges=[privilege(table, "eng", GROUP, "INSERT")]))
    assert sorted(p.principalName for p in hms.list_privileges("", USER, table)) == \
        ["carol", "eng"]

    # An object without a type: every object (Hive's SHOW GRANT USER carol).
    assert len(hms.list_privileges("carol", USER, HiveObjectRef())) == len(objects)

    with pytest.raises(MetaException, match="already granted"):
        hms.grant_privileges(PrivilegeBag(privileges=[privilege(table, "carol", USER, "SELECT")]))
    # A batch with a missing object changes nothing.
    with pytest.raises(MetaException, match="not found"):
        hms.grant_privileges(PrivilegeBag(privileges=[
            privilege(table, "dave", USER, "SELECT"),
            privilege(obj(HiveObjectType.TABLE, "sales", "nope"), "dave", USER, "SELECT")]))
    assert hms.list_privileges("dave", USER, table) == []
    with pytest.raises(MetaException, match="no column"):
        hms.grant_privileges(PrivilegeBag(privileges=[
            privilege(obj(HiveObjectType.COLUMN, "sales", "orders", column="nope"), "dave",
                      USER, "SELECT")]))

    # revokeGrantOption keeps the grant; a plain revoke removes it.
    response = hms.grant_revoke_privileges(GrantRevokePrivilegeRequest(
        requestType=GrantRevokeType.REVOKE, revokeGrantOption=True,
        privileges=PrivilegeBag(privileges=[privilege(table, "carol", USER, "SELECT")])))
    assert response.success
    assert [p.grantInfo.grantOption for p in hms.list_privileges("carol", USER, table)] == [False]
    assert hms.revoke_privileges(PrivilegeBag(privileges=[privilege(table, "carol", USER,
                                                                    "SELECT")]))
    assert hms.list_privileges("carol", USER, table) == []
    with pytest.raises(MetaException, match="not granted"):
        hms.revoke_privileges(PrivilegeBag(privileges=[privilege(table, "carol", USER,
                                                                 "SELECT")]))
    response = hms.grant_revoke_privileges(GrantRevokePrivilegeRequest(
        requestType=GrantRevokeType.GRANT,
        privileges=PrivilegeBag(privileges=[privilege(table, "carol", USER, "UPDATE")])))
    assert response.success
    assert [p.grantInfo.privilege for p in hms.list_privileges("carol", USER, table)] == \
        ["UPDATE"]


def test_privilege_set_of_a_user(hms):
    hms.create_role(Role(roleName="auditors", createTime=0, ownerName=""))
    hms.grant_role("auditors", "erin", USER, "alice", USER, False)
    db = obj(HiveObjectType.DATABASE, "sales")
    hms.grant_privileges(PrivilegeBag(privileges=[
        privilege(db, "erin", USER, "SELECT"),
        privilege(db, "ops", GROUP, "INSERT"),
        privilege(db, "auditors", ROLE, "UPDATE"),
        privilege(db, "public", ROLE, "DELETE"),
        privilege(db, "frank", USER, "ALL"),
    ]))
    got = hms.get_privilege_set(db, "erin", ["ops", "dev"])
    assert {k: [i.privilege for i in v] for k, v in got.userPrivileges.items()} == \
        {"erin": ["SELECT"]}
    assert {k: [i.privilege for i in v] for k, v in got.groupPrivileges.items()} == \
        {"ops": ["INSERT"]}
    assert {k: [i.privilege for i in v] for k, v in got.rolePrivileges.items()} == \
        {"auditors": ["UPDATE"], "public": ["DELETE"]}


def test_grants_follow_their_table_and_survive_a_restart(server):
    c = Client(server.thrift_port)
    hms = c.hms
    sd = hms.get_table("sales", "orders").sd
    hms.create_table(Table(tableName="moved", dbName="sales", owner="alice", sd=sd,
                           partitionKeys=[], parameters={}, tableType="EXTERNAL_TABLE"))
    hms.create_role(Role(roleName="keepers", createTime=0, ownerName=""))
    moved = obj(HiveObjectType.TABLE, "sales", "moved")
    hms.grant_privileges(PrivilegeBag(privileges=[privilege(moved, "keepers", ROLE, "SELECT")]))
    table = hms.get_table("sales", "moved")
    table.tableName = "renamed"
    hms.alter_table("sales", "moved", table)
    assert hms.list_privileges("keepers", ROLE, moved) == []
    renamed = obj(HiveObjectType.TABLE, "sales", "renamed")
    assert [p.grantInfo.privilege for p in hms.list_privileges("keepers", ROLE, renamed)] == \
        ["SELECT"]
    c.close()

    assert server.restart() == 0
    c = Client(server.thrift_port)
    hms = c.hms
    try:
        assert "keepers" in hms.get_role_names()
        assert len(hms.list_privileges("keepers", ROLE, renamed)) == 1
        hms.drop_table("sales", "renamed", False)
        assert hms.list_privileges("keepers", ROLE, renamed) == []
        # A table created again under the name starts without grants.
        hms.create_table(Table(tableName="renamed", dbName="sales", owner="alice", sd=sd,
                               partitionKeys=[], parameters={}, tableType="EXTERNAL_TABLE"))
        assert hms.list_privileges("", USER, renamed) == []
    finally:
        c.close()
