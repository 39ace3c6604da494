package dev.almanac.e2e;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hive.metastore.HiveMetaStoreClient;
import org.apache.hadoop.hive.metastore.IMetaStoreClient;
import org.apache.hadoop.hive.metastore.TableType;
import org.apache.hadoop.hive.metastore.api.AlreadyExistsException;
import org.apache.hadoop.hive.metastore.api.Database;
import org.apache.hadoop.hive.metastore.api.FieldSchema;
import org.apache.hadoop.hive.metastore.api.GetPartitionsByNamesRequest;
import org.apache.hadoop.hive.metastore.api.GetTableRequest;
import org.apache.hadoop.hive.metastore.api.NoSuchObjectException;
import org.apache.hadoop.hive.metastore.api.Partition;
import org.apache.hadoop.hive.metastore.api.SerDeInfo;
import org.apache.hadoop.hive.metastore.api.StorageDescriptor;
import org.apache.hadoop.hive.metastore.api.Table;
import org.apache.hadoop.hive.metastore.conf.MetastoreConf;

/**
 * Exercises a Hive metastore through the Apache Hive 4 Java client
 * (HiveMetaStoreClient): databases, tables, partitions, the request forms
 * (GetTableRequest, GetPartitionsByNamesRequest), catalog-qualified names and
 * the exceptions clients rely on.
 *
 * <p>Usage: HiveClientCheck thrift://host:port LOCAL_DIR. Prints one PASS/FAIL
 * line per check (a failure names the call and what came back) and exits 0
 * only if every check passed. Checks run in order and later ones build on
 * earlier ones; a failing step does not stop the run.
 */
public final class HiveClientCheck {
  private static final String CATALOG = "hive";

  private final IMetaStoreClient client;
  private final String localDir;
  private final String db = "e2e_java_" + UUID.randomUUID().toString().substring(0, 8);
  private final List<String> failures = new ArrayList<>();
  private int passed = 0;

  private HiveClientCheck(IMetaStoreClient client, String localDir) {
    this.client = client;
    this.localDir = localDir;
  }

  interface Step {
    void run() throws Exception;
  }

  private void check(String name, Step step) {
    try {
      step.run();
      passed++;
      System.out.println("PASS " + name);
    } catch (Throwable t) {
      String detail = t.getClass().getName() + ": " + t.getMessage();
      failures.add(name + " -> " + detail);
      System.out.println("FAIL " + name + " -> " + detail);
      StackTraceElement[] trace = t.getStackTrace();
      for (int i = 0; i < Math.min(trace.length, 8); i++) {
        System.out.println("       at " + trace[i]);
      }
    }
  }

  private static void expect(boolean condition, String what) {
    if (!condition) {
      throw new AssertionError(what);
    }
  }

  private static <T> void expectEquals(T expected, T actual, String what) {
    if (expected == null ? actual != null : !expected.equals(actual)) {
      throw new AssertionError(what + ": expected <" + expected + "> but was <" + actual + ">");
    }
  }

  private static void expectThrows(Class<? extends Throwable> type, Step step, String what) {
    try {
      step.run();
    } catch (Throwable t) {
      if (type.isInstance(t)) {
        return;
      }
      throw new AssertionError(what + ": expected " + type.getSimpleName() + " but got "
          + t.getClass().getName() + ": " + t.getMessage(), t);
    }
    throw new AssertionError(what + ": expected " + type.getSimpleName() + ", nothing thrown");
  }

  private Table newPartitionedTable(String name) {
    StorageDescriptor sd = new StorageDescriptor();
    sd.setCols(new ArrayList<>(Arrays.asList(
        new FieldSchema("id", "bigint", "row id"),
        new FieldSchema("name", "string", null),
        new FieldSchema("amount", "decimal(10,2)", null))));
    sd.setInputFormat("org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat");
    sd.setOutputFormat("org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat");
    SerDeInfo serde = new SerDeInfo();
    serde.setSerializationLib("org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe");
    serde.setParameters(new HashMap<>(Map.of("serialization.format", "1")));
    sd.setSerdeInfo(serde);
    sd.setLocation("file://" + localDir + "/" + db + "/" + name);
    Table t = new Table();
    t.setDbName(db);
    t.setTableName(name);
    t.setOwner("e2e");
    t.setTableType(TableType.EXTERNAL_TABLE.toString());
    t.setParameters(new HashMap<>(Map.of("EXTERNAL", "TRUE", "almanac.e2e", "yes")));
    t.setPartitionKeys(new ArrayList<>(Arrays.asList(
        new FieldSchema("dt", "string", null), new FieldSchema("region", "string", null))));
    t.setSd(sd);
    return t;
  }

  private Partition newPartition(Table table, String dt, String region) {
    Partition p = new Partition();
    p.setDbName(table.getDbName());
    p.setTableName(table.getTableName());
    p.setValues(new ArrayList<>(Arrays.asList(dt, region)));
    StorageDescriptor sd = new StorageDescriptor(table.getSd());
    sd.setLocation(table.getSd().getLocation() + "/dt=" + dt + "/region=" + region);
    p.setSd(sd);
    // Not a statistics key (numFiles...): a metastore may recompute those.
    p.setParameters(new HashMap<>(Map.of("e2e.batch", "1")));
    return p;
  }

  private static List<String> sorted(List<String> in) {
    List<String> out = new ArrayList<>(in);
    Collections.sort(out);
    return out;
  }

  private void run() {
    final String tbl = "sales";

    // ---- databases ----
    check("createDatabase", () -> {
      Database d = new Database();
      d.setName(db);
      d.setDescription("almanac e2e");
      d.setLocationUri("file://" + localDir + "/" + db);
      d.setParameters(new HashMap<>(Map.of("team", "data")));
      client.createDatabase(d);
    });
    check("getDatabase", () -> {
      Database d = client.getDatabase(db);
      expectEquals(db, d.getName(), "name");
      expectEquals("almanac e2e", d.getDescription(), "description");
      expectEquals("data", d.getParameters().get("team"), "parameter team");
      expect(d.getLocationUri().endsWith("/" + db), "location " + d.getLocationUri());
    });
    check("getDatabase catalog-qualified (hive)", () -> {
      Database d = client.getDatabase(CATALOG, db);
      expectEquals(db, d.getName(), "name");
      expectEquals(CATALOG, d.getCatalogName(), "catalog name");
    });
    check("getAllDatabases / getDatabases(pattern)", () -> {
      expect(client.getAllDatabases().contains(db), "getAllDatabases lacks " + db);
      expectEquals(List.of(db), client.getDatabases(db.substring(0, 12) + "*"), "pattern");
    });
    check("createDatabase duplicate -> AlreadyExistsException", () -> expectThrows(
        AlreadyExistsException.class, () -> {
          Database d = new Database();
          d.setName(db);
          d.setLocationUri("file://" + localDir + "/" + db);
          d.setParameters(new HashMap<>());
          client.createDatabase(d);
        }, "duplicate database"));
    check("alterDatabase", () -> {
      Database d = client.getDatabase(db);
      d.getParameters().put("team", "platform");
      client.alterDatabase(db, d);
      expectEquals("platform", client.getDatabase(db).getParameters().get("team"), "parameter");
    });
    check("getDatabase missing -> NoSuchObjectException", () -> expectThrows(
        NoSuchObjectException.class, () -> client.getDatabase(db + "_missing"), "missing db"));

    // ---- tables ----
    check("createTable (partitioned, external, parquet)", () ->
        client.createTable(newPartitionedTable(tbl)));
    check("getTable(db, tbl)", () -> {
      Table t = client.getTable(db, tbl);
      expectEquals(tbl, t.getTableName(), "name");
      expectEquals(3, t.getSd().getColsSize(), "column count");
      expectEquals("decimal(10,2)", t.getSd().getCols().get(2).getType(), "amount type");
      expectEquals(2, t.getPartitionKeysSize(), "partition key count");
      expectEquals("yes", t.getParameters().get("almanac.e2e"), "parameter");
      expectEquals("EXTERNAL_TABLE", t.getTableType(), "table type");
    });
    check("getTable(GetTableRequest) with catalog", () -> {
      GetTableRequest req = new GetTableRequest(db, tbl);
      req.setCatName(CATALOG);
      Table t = client.getTable(req);
      expectEquals(tbl, t.getTableName(), "name");
      expectEquals(db, t.getDbName(), "db");
      expectEquals(CATALOG, t.getCatName(), "catalog");
    });
    check("getTable(catalog, db, tbl)", () ->
        expectEquals(tbl, client.getTable(CATALOG, db, tbl).getTableName(), "name"));
    check("getTable missing -> NoSuchObjectException", () -> expectThrows(
        NoSuchObjectException.class, () -> client.getTable(db, "nope"), "missing table"));
    check("tableExists", () -> {
      expect(client.tableExists(db, tbl), "exists");
      expect(!client.tableExists(db, "nope"), "not exists");
    });
    check("createTable second + getTables(pattern) + getAllTables", () -> {
      client.createTable(newPartitionedTable("sales_archive"));
      expectEquals(List.of("sales", "sales_archive"), sorted(client.getTables(db, "sales*")),
          "pattern sales*");
      expectEquals(List.of("sales_archive"), client.getTables(db, "*archive"), "pattern *archive");
      expectEquals(List.of("sales", "sales_archive"), sorted(client.getAllTables(db)), "all");
      expectEquals(List.of("sales", "sales_archive"),
          sorted(client.getTables(CATALOG, db, "*")), "catalog-qualified pattern");
    });
    check("getTables by type EXTERNAL_TABLE", () -> expectEquals(
        List.of("sales", "sales_archive"),
        sorted(client.getTables(db, "*", TableType.EXTERNAL_TABLE)), "by type"));
    check("getTableObjectsByName", () -> {
      List<Table> ts = client.getTableObjectsByName(db, List.of("sales", "sales_archive", "nope"));
      expectEquals(List.of("sales", "sales_archive"),
          sorted(ts.stream().map(Table::getTableName).collect(Collectors.toList())), "names");
    });
    check("getSchema / getFields", () -> {
      expectEquals(3, client.getFields(db, tbl).size(), "fields");
      expectEquals(5, client.getSchema(db, tbl).size(), "schema (with partition keys)");
    });
    check("alter_table add column", () -> {
      Table t = client.getTable(db, tbl);
      t.getSd().getCols().add(new FieldSchema("note", "string", "added"));
      t.getParameters().put("altered", "1");
      client.alter_table(db, tbl, t);
      Table after = client.getTable(db, tbl);
      expectEquals(4, after.getSd().getColsSize(), "column count");
      expectEquals("note", after.getSd().getCols().get(3).getName(), "new column");
      expectEquals("1", after.getParameters().get("altered"), "parameter");
    });

    // ---- partitions ----
    check("add_partition", () -> {
      Table t = client.getTable(db, tbl);
      Partition p = client.add_partition(newPartition(t, "2024-01-01", "eu"));
      expectEquals(List.of("2024-01-01", "eu"), p.getValues(), "values");
    });
    check("add_partitions (list)", () -> {
      Table t = client.getTable(db, tbl);
      // A mutable list: the client probes it with contains(null).
      int n = client.add_partitions(new ArrayList<>(Arrays.asList(
          newPartition(t, "2024-01-01", "us"), newPartition(t, "2024-01-02", "eu"),
          newPartition(t, "2024-01-02", "us"), newPartition(t, "2024-01-03", "eu"))));
      expectEquals(4, n, "added");
    });
    check("add_partition duplicate -> AlreadyExistsException", () -> expectThrows(
        AlreadyExistsException.class,
        () -> client.add_partition(newPartition(client.getTable(db, tbl), "2024-01-01", "eu")),
        "duplicate partition"));
    check("listPartitionNames", () -> expectEquals(
        List.of("dt=2024-01-01/region=eu", "dt=2024-01-01/region=us", "dt=2024-01-02/region=eu",
            "dt=2024-01-02/region=us", "dt=2024-01-03/region=eu"),
        sorted(client.listPartitionNames(db, tbl, (short) -1)), "names"));
    check("listPartitionNames partial values", () -> expectEquals(
        List.of("dt=2024-01-02/region=eu", "dt=2024-01-02/region=us"),
        sorted(client.listPartitionNames(db, tbl, List.of("2024-01-02"), (short) -1)),
        "names for dt=2024-01-02"));
    check("listPartitionNames catalog-qualified", () -> expectEquals(5,
        client.listPartitionNames(CATALOG, db, tbl, -1).size(), "count"));
    check("getPartition(values)", () -> {
      Partition p = client.getPartition(db, tbl, List.of("2024-01-02", "us"));
      expectEquals(List.of("2024-01-02", "us"), p.getValues(), "values");
      expect(p.getSd().getLocation().endsWith("/dt=2024-01-02/region=us"),
          "location " + p.getSd().getLocation());
      expectEquals("1", p.getParameters().get("e2e.batch"), "parameter");
    });
    check("getPartition(name)", () -> expectEquals(List.of("2024-01-03", "eu"),
        client.getPartition(db, tbl, "dt=2024-01-03/region=eu").getValues(), "values"));
    check("getPartition missing -> NoSuchObjectException", () -> expectThrows(
        NoSuchObjectException.class,
        () -> client.getPartition(db, tbl, List.of("1999-01-01", "eu")), "missing partition"));
    check("getPartitionsByNames (GetPartitionsByNamesRequest)", () -> {
      GetPartitionsByNamesRequest req = new GetPartitionsByNamesRequest(db, tbl);
      req.setNames(List.of("dt=2024-01-01/region=us", "dt=2024-01-03/region=eu",
          "dt=1999-01-01/region=eu"));
      List<Partition> ps = client.getPartitionsByNames(req).getPartitions();
      List<String> got = ps.stream().map(p -> String.join("/", p.getValues()))
          .sorted().collect(Collectors.toList());
      expectEquals(List.of("2024-01-01/us", "2024-01-03/eu"), got, "values");
    });
    check("getPartitionsByNames (db, tbl, names)", () -> expectEquals(2,
        client.getPartitionsByNames(db, tbl,
            List.of("dt=2024-01-01/region=eu", "dt=2024-01-02/region=eu")).size(), "count"));
    check("listPartitionsByFilter", () -> {
      List<Partition> ps = client.listPartitionsByFilter(db, tbl,
          "region = \"eu\" and dt >= \"2024-01-02\"", (short) -1);
      List<String> got = ps.stream().map(p -> String.join("/", p.getValues()))
          .sorted().collect(Collectors.toList());
      expectEquals(List.of("2024-01-02/eu", "2024-01-03/eu"), got, "values");
    });
    check("listPartitions (all)", () ->
        expectEquals(5, client.listPartitions(db, tbl, (short) -1).size(), "count"));
    check("alter_partition", () -> {
      Partition p = client.getPartition(db, tbl, List.of("2024-01-01", "eu"));
      p.getParameters().put("e2e.batch", "7");
      client.alter_partition(db, tbl, p);
      expectEquals("7", client.getPartition(db, tbl, List.of("2024-01-01", "eu"))
          .getParameters().get("e2e.batch"), "parameter");
    });
    check("dropPartition", () -> {
      expect(client.dropPartition(db, tbl, List.of("2024-01-03", "eu"), false), "dropped");
      expectEquals(4, client.listPartitionNames(db, tbl, (short) -1).size(), "remaining");
    });

    // ---- rename, drop ----
    check("alter_table rename", () -> {
      Table t = client.getTable(db, "sales_archive");
      t.setTableName("sales_old");
      client.alter_table(db, "sales_archive", t);
      expect(client.tableExists(db, "sales_old"), "new name exists");
      expect(!client.tableExists(db, "sales_archive"), "old name gone");
    });
    check("dropTable", () -> {
      client.dropTable(db, "sales_old");
      expect(!client.tableExists(db, "sales_old"), "gone");
    });
    check("dropDatabase cascade", () -> {
      client.dropDatabase(db, false, false, true);
      expect(!client.getAllDatabases().contains(db), "gone");
    });
  }

  public static void main(String[] args) throws Exception {
    if (args.length != 2) {
      System.err.println("usage: HiveClientCheck thrift://host:port LOCAL_DIR");
      System.exit(2);
    }
    Configuration conf = MetastoreConf.newMetastoreConf();
    MetastoreConf.setVar(conf, MetastoreConf.ConfVars.THRIFT_URIS, args[0]);
    MetastoreConf.setLongVar(conf, MetastoreConf.ConfVars.THRIFT_CONNECTION_RETRIES, 3);
    HiveMetaStoreClient client = new HiveMetaStoreClient(conf);
    HiveClientCheck check = new HiveClientCheck(client, args[1]);
    try {
      check.run();
    } finally {
      client.close();
    }
    System.out.println(check.passed + " passed, " + check.failures.size() + " failed");
    System.exit(check.failures.isEmpty() ? 0 : 1);
  }
}
