package io.stocksync.server.secret;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stocksync.server.config.ServerConfig;
import io.stocksync.store.PostgresTestDatabase;
import io.stocksync.store.SecretKeyRepository;
import io.stocksync.store.SecretKeyRepository.SealedCredentials;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CredentialCipherTest {
  @TempDir Path dir;

  /**
   * A configuration as {@code serve} resolves it when started from {@code workingDirectory}: the
   * data directory defaults to {@code ./stocksync-data} there.
   */
  private ServerConfig config(String db, String secretKey, Path workingDirectory) {
    return new ServerConfig(
        db,
        workingDirectory.resolve(ServerConfig.DEFAULT_DATA_DIR),
        "127.0.0.1",
        0,
        1024,
        secretKey,
        1,
        null);
  }

  private String sqliteDb() {
    return dir.resolve("store/stocksync.db").toString();
  }

  @Test
  void sealsSoThatOnlyTheSameKeyAndChannelOpen() {
    CredentialCipher cipher = new CredentialCipher(new byte[32]);
    String sealed = cipher.seal("{\"secret\":\"s3cret\"}", "acc_1/hook");

    assertThat(sealed).startsWith("v1:").doesNotContain("s3cret");
    assertThat(cipher.seal("{\"secret\":\"s3cret\"}", "acc_1/hook")).isNotEqualTo(sealed);
    assertThat(cipher.open(sealed, "acc_1/hook")).isEqualTo("{\"secret\":\"s3cret\"}");
    assertThatThrownBy(() -> cipher.open(sealed, "acc_2/hook"))
        .isInstanceOf(IllegalArgumentException.class);
    byte[] other = new byte[32];
    other[0] = 1;
    assertThatThrownBy(() -> new CredentialCipher(other).open(sealed, "acc_1/hook"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void generatesAnOwnerOnlyKeyFileBesideTheSqliteDatabaseOnceAndReusesIt() throws Exception {
    Path here = dir.resolve("here");
    CredentialCipher first = CredentialCipher.load(config(sqliteDb(), null, here));
    Path file = dir.resolve("store").resolve(CredentialCipher.KEY_FILE);

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    assertThat(first.source()).contains(file.toString());
    assertThat(here).doesNotExist();
    String sealed = first.seal("x", "c");
    assertThat(CredentialCipher.load(config(sqliteDb(), null, here)).open(sealed, "c"))
        .isEqualTo("x");
  }

  @Test
  void aServerStartedFromAnotherWorkingDirectoryOpensTheSameSqliteCredentials() {
    String sealed =
        CredentialCipher.load(config(sqliteDb(), null, dir.resolve("a"))).seal("token", "acc/ch");

    CredentialCipher elsewhere = CredentialCipher.load(config(sqliteDb(), null, dir.resolve("b")));

    assertThat(elsewhere.open(sealed, "acc/ch")).isEqualTo("token");
    assertThat(dir.resolve("a")).doesNotExist();
    assertThat(dir.resolve("b")).doesNotExist();
  }

  @Test
  void aServerStartedFromAnotherWorkingDirectoryOpensTheSamePostgresCredentials() throws Exception {
    try (PostgresTestDatabase database = PostgresTestDatabase.create()) {
      String sealed =
          CredentialCipher.load(config(database.url(), null, dir.resolve("a")))
              .seal("token", "acc/ch");

      CredentialCipher elsewhere =
          CredentialCipher.load(config(database.url(), null, dir.resolve("b")));

      assertThat(elsewhere.open(sealed, "acc/ch")).isEqualTo("token");
      assertThat(elsewhere.source()).contains("PostgreSQL");
      assertThat(dir.resolve("a")).doesNotExist();
      assertThat(dir.resolve("b")).doesNotExist();
    }
  }

  @Test
  void usesTheConfiguredKeyAndRefusesOneOfTheWrongSize() {
    String key = CredentialCipher.newKey();
    String sealed = CredentialCipher.load(config(sqliteDb(), key, dir)).seal("x", "c");

    assertThat(CredentialCipher.load(config(sqliteDb(), key, dir)).open(sealed, "c"))
        .isEqualTo("x");
    assertThat(dir.resolve("store")).doesNotExist();
    assertThatThrownBy(() -> CredentialCipher.load(config(sqliteDb(), "c2hvcnQ=", dir)))
        .hasMessageContaining("32 bytes");
  }

  @Test
  void aKeyThatCannotOpenTheStoredCredentialsIsAProblemNamingTheChannelsAndTheKeysSource() {
    CredentialCipher right = CredentialCipher.load(config(sqliteDb(), null, dir));
    CredentialCipher wrong =
        CredentialCipher.load(config(sqliteDb(), CredentialCipher.newKey(), dir));
    List<SealedCredentials> stored = new ArrayList<>();
    stored.add(new SealedCredentials("acme", "shop", right.seal("{}", "acme/shop")));
    stored.add(new SealedCredentials("acme", "hook", right.seal("{}", "acme/hook")));
    MutableClock clock = new MutableClock();

    assertThat(new CredentialCheck(right, () -> stored, clock).problem()).isEmpty();
    CredentialCheck check = new CredentialCheck(wrong, () -> stored, clock);
    assertThat(check.problem())
        .hasValueSatisfying(
            p ->
                assertThat(p)
                    .contains("the configured secret key")
                    .contains("2 of 2 channel(s)")
                    .contains("acme/shop")
                    .contains("acme/hook"));
    // Credentials set again with the key in use clear it, once the result is due again.
    stored.replaceAll(
        c ->
            new SealedCredentials(
                c.accountId(),
                c.channelId(),
                wrong.seal("{}", c.accountId() + "/" + c.channelId())));
    assertThat(check.problem()).isPresent();
    clock.now = clock.now.plus(CredentialCheck.REFRESH);
    assertThat(check.problem()).isEmpty();
  }

  @Test
  void theKeyFileOfASqliteStoreIsBesideItsDatabaseFileAndPostgresHasNone() {
    assertThat(SecretKeyRepository.keyFileOf(dir.resolve("x/y.db").toString()))
        .contains(dir.resolve("x/secret.key").toAbsolutePath());
    assertThat(SecretKeyRepository.keyFileOf("jdbc:sqlite:" + dir.resolve("z.db")))
        .contains(dir.resolve("secret.key").toAbsolutePath());
    assertThat(SecretKeyRepository.keyFileOf("jdbc:postgresql://127.0.0.1/db")).isEmpty();
  }

  private static final class MutableClock extends Clock {
    Instant now = Instant.parse("2026-12-02T10:00:00Z");

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
