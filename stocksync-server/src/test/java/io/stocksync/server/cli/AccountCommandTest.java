package io.stocksync.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.stocksync.server.account.ApiKeys;
import io.stocksync.store.ApiKeyRepository;
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
    CommandLine cli = new CommandLine(new StockSyncCommand());
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
    assertThat(run("account", "key", "revoke", account, oldId, "--db", db()).status()).isOne();
    assertThat(run("account", "key", "add", "acc_nobody", "--db", db()).status()).isOne();
  }
}
