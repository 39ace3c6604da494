-- 0004_roles_privileges.sql: Hive's roles, role grants and privilege grants,
-- recorded for the engines that enforce them. Objects are named, not
-- referenced by id; storage deletes and renames a table's or database's
-- grants with it.

CREATE TABLE roles (
  name        TEXT PRIMARY KEY,
  create_time INTEGER NOT NULL,
  owner       TEXT NOT NULL
) WITHOUT ROWID;

-- The two roles every Hive metastore starts with.
INSERT INTO roles (name, create_time, owner) VALUES ('admin', 0, 'admin'), ('public', 0, 'public');

CREATE TABLE role_grants (
  role           TEXT NOT NULL REFERENCES roles(name) ON DELETE CASCADE,
  principal_name TEXT NOT NULL,
  principal_type INTEGER NOT NULL CHECK (principal_type IN (1, 2, 3)),
  grant_option   INTEGER NOT NULL,
  grant_time     INTEGER NOT NULL,
  grantor_name   TEXT NOT NULL,
  grantor_type   INTEGER NOT NULL CHECK (grantor_type IN (1, 2, 3)),
  PRIMARY KEY (role, principal_name, principal_type)
) WITHOUT ROWID;
CREATE INDEX role_grants_by_principal ON role_grants(principal_name, principal_type);

-- object_kind: Hive's HiveObjectType (1 global .. 5 column); unused name
-- columns hold ''.
CREATE TABLE privileges (
  object_kind    INTEGER NOT NULL CHECK (object_kind BETWEEN 1 AND 5),
  db_name        TEXT NOT NULL,
  table_name     TEXT NOT NULL,
  partition_name TEXT NOT NULL,
  column_name    TEXT NOT NULL,
  principal_name TEXT NOT NULL,
  principal_type INTEGER NOT NULL CHECK (principal_type IN (1, 2, 3)),
  privilege      TEXT NOT NULL,
  create_time    INTEGER NOT NULL,
  grantor_name   TEXT NOT NULL,
  grantor_type   INTEGER NOT NULL CHECK (grantor_type IN (1, 2, 3)),
  grant_option   INTEGER NOT NULL,
  PRIMARY KEY (object_kind, db_name, table_name, partition_name, column_name,
               principal_name, principal_type, privilege)
) WITHOUT ROWID;
CREATE INDEX privileges_by_principal ON privileges(principal_name, principal_type);
CREATE INDEX privileges_by_table ON privileges(db_name, table_name);
