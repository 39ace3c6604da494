package dev.almanac.e2e;

import java.io.File;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hive.metastore.HiveMetaStoreClient;
import org.apache.hadoop.hive.metastore.IMetaStoreClient;
import org.apache.hadoop.hive.metastore.api.FieldSchema;
import org.apache.hadoop.hive.metastore.api.MetaException;
import org.apache.hadoop.hive.metastore.api.SerDeInfo;
import org.apache.hadoop.hive.metastore.api.StorageDescriptor;
import org.apache.hadoop.hive.metastore.api.Table;

/**
 * The Apache Hive 4 metastore client, logged in with SASL PLAIN, against a
 * metastore that enforces policies allowing the user to read the database
 * `sales` and nothing more: it lists and reads sales' tables, does not see
 * the database `hr`, is refused creating and altering a table (a
 * MetaException naming the user, the action and "not authorized"), and a
 * wrong password is refused at login.
 *
 * <p>Usage: PolicyCheck thrift://host:port USER PASSWORD WORK_DIR. Prints
 * PASS/FAIL lines and exits 0 only if every check passed.
 */
public final class PolicyCheck {
  private int failures = 0;

  private interface Check {
    void run() throws Exception;
  }

  private void check(String name, Check c) {
    try {
      c.run();
      System.out.println("PASS " + name);
    } catch (Throwable t) {
      failures++;
      System.out.println("FAIL " + name + " -> " + t.getClass().getName() + ": " + t.getMessage());
    }
  }

  private static void expect(boolean ok, String what) {
    if (!ok) {
      throw new AssertionError(what);
    }
  }

  /** Runs `c`, which must fail with a MetaException refusing `action` to `user`. */
  private static void expectRefused(String user, String action, String resource, Check c)
      throws Exception {
    try {
      c.run();
    } catch (MetaException e) {
      String want = "User: arn:aws:iam::123456789012:user/" + user
          + " is not authorized to perform: " + action + " on resource: "
          + "arn:aws:glue:us-east-1:123456789012:" + resource;
      expect(String.valueOf(e.getMessage()).startsWith(want),
          "expected \"" + want + "...\" but got: " + e.getMessage());
      return;
    }
    throw new AssertionError(action + " on " + resource + " was not refused");
  }

  private static Table newTable(String db, String name, File dir) {
    StorageDescriptor sd = new StorageDescriptor();
    sd.setCols(new ArrayList<>(Arrays.asList(new FieldSchema("id", "bigint", null))));
    sd.setInputFormat("org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat");
    sd.setOutputFormat("org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat");
    SerDeInfo serde = new SerDeInfo();
    serde.setSerializationLib("org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe");
    sd.setSerdeInfo(serde);
    sd.setLocation("file://" + dir.getAbsolutePath() + "/" + name);
    Table t = new Table();
    t.setDbName(db);
    t.setTableName(name);
    t.setTableType("EXTERNAL_TABLE");
    t.setParameters(new HashMap<>(Map.of("EXTERNAL", "TRUE")));
    t.setPartitionKeys(new ArrayList<>());
    t.setSd(sd);
    return t;
  }

  public static void main(String[] args) throws Exception {
    String uri = args[0];
    String user = args[1];
    String password = args[2];
    File work = new File(args[3]);
    work.mkdirs();
    PolicyCheck check = new PolicyCheck();

    IMetaStoreClient client = null;
    try {
      Configuration conf = PlainAuthCheck.confFor(uri, user, password, new File(work, "right.jceks"));
      client = new HiveMetaStoreClient(conf);
    } catch (Throwable t) {
      check.check("plain login with the right password", () -> {
        throw new AssertionError("login failed", t);
      });
    }
    if (client != null) {
      final IMetaStoreClient c = client;
      check.check("plain login with the right password", () -> { });
      check.check("databases: sales listed, hr hidden", () -> {
        List<String> dbs = c.getAllDatabases();
        expect(dbs.contains("sales") && !dbs.contains("hr"), "databases: " + dbs);
      });
      check.check("tables of sales", () -> {
        List<String> tables = c.getTables("sales", "*");
        expect(tables.equals(Arrays.asList("daily", "orders")), "tables: " + tables);
      });
      check.check("get a table of sales", () -> {
        Table t = c.getTable("sales", "orders");
        expect(t.getSd().getCols().size() == 3, "columns: " + t.getSd().getCols());
        expect(c.listPartitionNames("sales", "daily", (short) -1).size() == 2, "partitions");
      });
      // get_table_statistics_req: glue:GetColumnStatisticsForTable, which a
      // policy could not name before it was in actions::kAll.
      check.check("column statistics of a table of sales", () -> {
        expect(c.getTableColumnStatistics("sales", "orders", Arrays.asList("id"), "hive")
            .isEmpty(), "statistics of a table nobody analyzed");
      });
      check.check("create table in sales is refused", () -> expectRefused(user,
          "glue:CreateTable", "table/sales/x", () -> c.createTable(newTable("sales", "x", work))));
      check.check("alter table in sales is refused", () -> {
        Table t = c.getTable("sales", "orders");
        t.getParameters().put("owner_team", user);
        expectRefused(user, "glue:UpdateTable", "table/sales/orders",
            () -> c.alter_table("sales", "orders", t));
        expect(!c.getTable("sales", "orders").getParameters().containsKey("owner_team"),
            "the refused alter changed the table");
      });
      check.check("a table of hr is refused", () -> expectRefused(user, "glue:GetTable",
          "table/hr/salaries", () -> c.getTable("hr", "salaries")));
      client.close();
    }

    check.check("plain login with a wrong password is refused", () -> {
      Configuration conf =
          PlainAuthCheck.confFor(uri, user, password + "-wrong", new File(work, "wrong.jceks"));
      try {
        new HiveMetaStoreClient(conf).close();
      } catch (MetaException e) {
        String message = String.valueOf(e.getMessage());
        expect(message.contains("authentication failed") && !message.contains(password),
            "unexpected refusal: " + message);
        return;
      }
      throw new AssertionError("connected with a wrong password");
    });
    System.exit(check.failures == 0 ? 0 : 1);
  }
}
