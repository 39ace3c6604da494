package dev.almanac.e2e;

import java.io.File;
import java.util.List;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hive.metastore.HiveMetaStoreClient;
import org.apache.hadoop.hive.metastore.IMetaStoreClient;
import org.apache.hadoop.hive.metastore.api.Database;
import org.apache.hadoop.hive.metastore.api.MetaException;
import org.apache.hadoop.hive.metastore.conf.MetastoreConf;
import org.apache.hadoop.security.alias.CredentialProvider;
import org.apache.hadoop.security.alias.CredentialProviderFactory;

/**
 * Connects the Apache Hive 4 metastore client to a metastore that requires
 * SASL PLAIN (metastore.client.auth.mode=PLAIN), once with the right password
 * and once with a wrong one.
 *
 * <p>The client takes the user from metastore.client.plain.username and asks
 * Hadoop's Configuration.getPassword(user) for the password, which reads the
 * credential providers named by hadoop.security.credential.provider.path
 * (alias = the user name). Each check writes its own JCEKS keystore, as an
 * operator would with `hadoop credential create alice -provider jceks://...`.
 *
 * <p>Usage: PlainAuthCheck thrift://host:port USER PASSWORD WORK_DIR DB
 * [TRUSTSTORE TRUSTSTORE_PASSWORD]. With a truststore the client connects over
 * TLS (metastore.use.SSL). Prints PASS/FAIL lines and exits 0 only if every
 * check passed.
 */
public final class PlainAuthCheck {
  private int failures = 0;

  private static String truststore;
  private static String truststorePassword;

  static Configuration confFor(String uri, String user, String password, File keystore)
      throws Exception {
    Configuration conf = MetastoreConf.newMetastoreConf();
    if (truststore != null) {
      MetastoreConf.setBoolVar(conf, MetastoreConf.ConfVars.USE_SSL, true);
      MetastoreConf.setVar(conf, MetastoreConf.ConfVars.SSL_TRUSTSTORE_PATH, truststore);
      MetastoreConf.setVar(conf, MetastoreConf.ConfVars.SSL_TRUSTSTORE_PASSWORD,
          truststorePassword);
    }
    MetastoreConf.setVar(conf, MetastoreConf.ConfVars.THRIFT_URIS, uri);
    MetastoreConf.setVar(conf, MetastoreConf.ConfVars.METASTORE_CLIENT_AUTH_MODE, "PLAIN");
    MetastoreConf.setVar(conf, MetastoreConf.ConfVars.METASTORE_CLIENT_PLAIN_USERNAME, user);
    // One attempt, no pause: a refusal should not be retried for seconds.
    MetastoreConf.setLongVar(conf, MetastoreConf.ConfVars.THRIFT_CONNECTION_RETRIES, 1);
    MetastoreConf.setTimeVar(conf, MetastoreConf.ConfVars.CLIENT_CONNECT_RETRY_DELAY, 0,
        java.util.concurrent.TimeUnit.SECONDS);
    conf.set(CredentialProviderFactory.CREDENTIAL_PROVIDER_PATH,
        "jceks://file" + keystore.getAbsolutePath());
    List<CredentialProvider> providers = CredentialProviderFactory.getProviders(conf);
    CredentialProvider provider = providers.get(0);
    provider.createCredentialEntry(user, password.toCharArray());
    provider.flush();
    return conf;
  }

  private void pass(String name) {
    System.out.println("PASS " + name);
  }

  private void fail(String name, Throwable t) {
    failures++;
    System.out.println("FAIL " + name + " -> " + (t == null ? "" : t.getClass().getName() + ": "
        + t.getMessage()));
  }

  public static void main(String[] args) throws Exception {
    String uri = args[0];
    String user = args[1];
    String password = args[2];
    File work = new File(args[3]);
    String db = args[4];
    if (args.length >= 7) {
      truststore = args[5];
      truststorePassword = args[6];
    }
    work.mkdirs();
    PlainAuthCheck check = new PlainAuthCheck();

    // The right password: calls succeed as the user.
    try {
      Configuration conf = confFor(uri, user, password, new File(work, "right.jceks"));
      IMetaStoreClient client = new HiveMetaStoreClient(conf);
      try {
        if (!client.getAllDatabases().contains("default")) {
          throw new AssertionError("default database missing");
        }
        Database d = new Database();
        d.setName(db);
        d.setDescription("created over sasl plain");
        client.createDatabase(d);
        Database back = client.getDatabase(db);
        if (!user.equals(back.getOwnerName())) {
          throw new AssertionError("owner: expected " + user + " but was " + back.getOwnerName());
        }
        check.pass("plain login with the right password");
      } finally {
        client.close();
      }
    } catch (Throwable t) {
      check.fail("plain login with the right password", t);
    }

    // A wrong password: the connection is refused with the server's answer.
    try {
      Configuration conf = confFor(uri, user, password + "-wrong", new File(work, "wrong.jceks"));
      IMetaStoreClient client = new HiveMetaStoreClient(conf);
      client.close();
      check.fail("plain login with a wrong password is refused", new AssertionError("connected"));
    } catch (MetaException e) {
      String message = String.valueOf(e.getMessage());
      if (message.contains("authentication failed") && !message.contains(password)) {
        check.pass("plain login with a wrong password is refused");
      } else {
        check.fail("plain login with a wrong password is refused", e);
      }
    } catch (Throwable t) {
      check.fail("plain login with a wrong password is refused", t);
    }
    System.exit(check.failures == 0 ? 0 : 1);
  }
}
