package io.stocksync.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.stocksync.server.account.ApiKeys;
import io.stocksync.store.ApiKeyRepository;
import io.stocksync.store.PostgresTestDatabase;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code stocksync account ...} on a real SQLite file, as a person runs it. */
class AccountCommandTest {
  @TempDir Path dir;

  private record Run(int status, String out, String err) {
    List<String> lines() {
      return out.lines().toList();
    }

    String lastLine() {
      return lines().get(lines().size() - 1);
    }
  }

  private Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = StockSyncCommand.commandLine();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    int status = cli.execute(args);
    return new Run(status, out.toString(), err.toString());
  }

  private String db() {
    return dir.resolve("data").resolve("s.db").toString();
  }

  @Test
  void createPrintsTheNewKeyAloneOnItsLastLineAndStoresOnlyItsHash() {
    Run created = run("account", "create", "Acme Mugs", "--db", db());

    assertThat(created.status()).isZero();
    String key = created.lastLine();
    assertThat(ApiKeys.looksLikeKey(key)).isTrue();
    String account = created.lines().get(0).split(" ")[1];
    try (ApiKeyRepository keys = ApiKeyRepository.open(db())) {
      assertThat(keys.accountOf(ApiKeys.hash(key))).contains(account);
      assertThat(keys.account(account).orElseThrow().name()).isEqualTo("Acme Mugs");
    }
    assertThat(run("account", "list", "--db", db()).out()).contains(account).contains("Acme Mugs");
  }

  @Test
  void createRefusesANameTheStoreCouldNotHoldNamingTheParameterAndStoresNothing() {
    for (String bad : List.of("Acme\u0000Mugs", "Acme\uD800", "bell\u0007", "x".repeat(201))) {
      Run refused = run("account", "create", bad, "--db", db());

      assertThat(refused.status()).as(bad).isEqualTo(CommandLine.ExitCode.USAGE);
      assertThat(refused.err()).as(bad).contains("NAME");
    }
    assertThat(run("account", "list", "--db", db()).out().lines().filter(l -> l.startsWith("acc_")))
        .isEmpty();
  }

  @Test
  void createSaysWhichSqliteFileItWroteToBeforeTheKey() {
    Run created = run("account", "create", "Acme Mugs", "--db", db());

    String absolute = Path.of(db()).toAbsolutePath().normalize().toString();
    List<String> lines = created.lines();
    int store = lines.indexOf("stored in SQLite " + absolute);
    assertThat(store).as(created.out()).isNotNegative().isLessThan(lines.size() - 1);
    assertThat(lines.subList(0, lines.size() - 1)).noneMatch(ApiKeys::looksLikeKey);
    assertThat(ApiKeys.looksLikeKey(created.lastLine())).isTrue();
  }

  @Test
  void createSaysWhichPostgresqlDatabaseItWroteToWithoutThePassword() throws Exception {
    try (PostgresTestDatabase database = PostgresTestDatabase.create()) {
      // The test server trusts loopback, so any password is accepted and must not be shown.
      String url = database.url() + "&password=not-for-the-terminal";

      Run created = run("account", "create", "Acme Mugs", "--db", url);

      assertThat(created.status()).as(created.err()).isZero();
      String storeLine =
          created.lines().stream()
              .filter(l -> l.startsWith("stored in "))
              .findFirst()
              .orElseThrow();
      assertThat(storeLine)
          .startsWith("stored in PostgreSQL " + database.url().split("\\?")[0])
          .contains("currentSchema=" + database.schema())
          .contains("password=***")
          .doesNotContain("not-for-the-terminal");
      assertThat(ApiKeys.looksLikeKey(created.lastLine())).isTrue();
    }
  }

  @Test
  void rotatesKeys() {
    Run created = run("account", "create", "Shop", "--db", db());
    String account = created.lines().get(0).split(" ")[1];
    String oldKey = created.lastLine();

    Run added = run("account", "key", "add", account, "--db", db());
    String newKey = added.lastLine();
    String oldId =
        run("account", "key", "list", account, "--db", db()).lines().get(0).split("\t")[0];
    Run revoked = run("account", "key", "revoke", account, oldId, "--db", db());

    assertThat(added.status()).isZero();
    assertThat(revoked.status()).isZero();
    try (ApiKeyRepository keys = ApiKeyRepository.open(db())) {
      assertThat(keys.accountOf(ApiKeys.hash(oldKey))).isEmpty();
      assertThat(keys.accountOf(ApiKeys.hash(newKey))).contains(account);
    }
    Run revokedAgain = run("account", "key", "revoke", account, oldId, "--db", db());
    assertThat(revokedAgain.status()).isOne();
    assertThat(revokedAgain.err().strip())
        .isEqualTo("stocksync: account " + account + " has no active key " + oldId);
    Run nobody = run("account", "key", "add", "acc_nobody", "--db", db());
    assertThat(nobody.status()).isOne();
    assertThat(nobody.err().strip()).isEqualTo("stocksync: no account acc_nobody");
  }
}
