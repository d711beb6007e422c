package io.stocksync.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stocksync.core.channel.ChannelRules;
import io.stocksync.core.channel.ListingState;
import io.stocksync.core.channel.Urgency;
import io.stocksync.core.policy.PolicyOverride;
import io.stocksync.core.policy.SyncPolicy;
import io.stocksync.core.port.LedgerRepository;
import io.stocksync.core.port.Rows.AccountRow;
import io.stocksync.core.port.Rows.ChannelRow;
import io.stocksync.core.port.Rows.ListingRow;
import io.stocksync.core.port.Rows.PushRow;
import io.stocksync.core.port.Rows.SkuRow;
import io.stocksync.store.PushAttemptRepository.PushAttempt;
import io.stocksync.store.PushAttemptRepository.QueueDepth;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What {@link ApiKeyRepository} and {@link PushAttemptRepository} promise, on a fresh store named
 * by a subclass (SQLite and PostgreSQL run the same tests).
 */
public abstract class AccessTablesContract {

  private static final Instant T0 = Instant.parse("2026-11-27T10:00:00.123Z");

  private LedgerRepository ledger;
  private ApiKeyRepository keys;
  private PushAttemptRepository attempts;

  /** A fresh, empty store for this test. */
  protected abstract String database();

  @BeforeEach
  void openStore() {
    ledger = LedgerRepositories.open(database());
    ledger.commit(
        WriteSets.of(
            new AccountRow("acme", "Acme", SyncPolicy.DEFAULT, T0),
            new AccountRow("globex", "Globex", SyncPolicy.DEFAULT, T0)));
    keys = ApiKeyRepository.open(database());
    attempts = PushAttemptRepository.open(database());
  }

  @AfterEach
  void closeStore() {
    if (keys != null) {
      keys.close();
    }
    if (attempts != null) {
      attempts.close();
    }
    if (ledger != null) {
      ledger.close();
    }
  }

  static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void findsTheAccountOfAnActiveKeyByItsHash() {
    assertThat(keys.add("acme", "key_1", sha256("sk_one"), T0)).isTrue();
    assertThat(keys.add("globex", "key_1", sha256("sk_two"), T0)).isTrue();

    assertThat(keys.accountOf(sha256("sk_one"))).contains("acme");
    assertThat(keys.accountOf(sha256("sk_two"))).contains("globex");
    assertThat(keys.accountOf(sha256("sk_three"))).isEmpty();
  }

  @Test
  void aRevokedKeyAuthenticatesNothingAndTheOthersStillDo() {
    keys.add("acme", "key_1", sha256("sk_old"), T0);
    keys.add("acme", "key_2", sha256("sk_new"), T0.plusSeconds(1));

    assertThat(keys.revoke("acme", "key_1", T0.plusSeconds(2))).isTrue();

    assertThat(keys.accountOf(sha256("sk_old"))).isEmpty();
    assertThat(keys.accountOf(sha256("sk_new"))).contains("acme");
    assertThat(keys.revoke("acme", "key_1", T0.plusSeconds(3))).isFalse();
    assertThat(keys.keys("acme"))
        .extracting(ApiKeyRepository.ApiKey::keyId, ApiKeyRepository.ApiKey::active)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("key_1", false),
            org.assertj.core.groups.Tuple.tuple("key_2", true));
  }

  @Test
  void anAccountCannotRevokeAnotherAccountsKey() {
    keys.add("acme", "key_1", sha256("sk_acme"), T0);

    assertThat(keys.revoke("globex", "key_1", T0)).isFalse();
    assertThat(keys.accountOf(sha256("sk_acme"))).contains("acme");
  }

  @Test
  void refusesAKeyForAnUnknownAccountOrATakenKeyId() {
    assertThat(keys.add("nobody", "key_1", sha256("sk_x"), T0)).isFalse();
    assertThat(keys.accountOf(sha256("sk_x"))).isEmpty();

    keys.add("acme", "key_1", sha256("sk_y"), T0);
    assertThatThrownBy(() -> keys.add("acme", "key_1", sha256("sk_z"), T0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(keys.accountOf(sha256("sk_z"))).isEmpty();
  }

  @Test
  void listsTheAccounts() {
    assertThat(keys.accounts())
        .extracting(ApiKeyRepository.Account::id)
        .containsExactly("acme", "globex");
    assertThat(keys.account("acme"))
        .get()
        .extracting(ApiKeyRepository.Account::name)
        .isEqualTo("Acme");
    assertThat(keys.account("nobody")).isEmpty();
  }

  private static PushAttempt attempt(
      String account, String channel, String sku, long quantity, String status, Integer http) {
    return new PushAttempt(
        0, account, channel, sku, quantity, 1, T0, status, http, http == null ? "timeout" : null);
  }

  @Test
  void listsAnAccountsAttemptsNewestFirstWithFiltersAndPages() {
    long first = attempts.record(attempt("acme", "shop", "MUG", 5, "ACKNOWLEDGED", 200));
    long second = attempts.record(attempt("acme", "shop", "PLATE", 7, "THROTTLED", 429));
    long third = attempts.record(attempt("acme", "hook", "MUG", 9, "FAILED", null));
    attempts.record(attempt("globex", "shop", "MUG", 1, "ACKNOWLEDGED", 200));

    assertThat(attempts.list("acme", null, null, null, 10))
        .extracting(PushAttempt::id)
        .containsExactly(third, second, first);
    assertThat(attempts.list("acme", "MUG", null, null, 10))
        .extracting(PushAttempt::id)
        .containsExactly(third, first);
    assertThat(attempts.list("acme", null, "shop", null, 10))
        .extracting(PushAttempt::id)
        .containsExactly(second, first);
    assertThat(attempts.list("acme", null, null, third, 1))
        .extracting(PushAttempt::id)
        .containsExactly(second);

    PushAttempt failed = attempts.list("acme", "MUG", "hook", null, 10).get(0);
    assertThat(failed.httpStatus()).isNull();
    assertThat(failed.error()).isEqualTo("timeout");
    assertThat(failed.quantity()).isEqualTo(9);
    assertThat(failed.attemptedAt()).isEqualTo(T0);
    assertThat(attempts.list("globex", "PLATE", null, null, 10)).isEmpty();
  }

  @Test
  void countsOutcomesAndQueuedPushesPerChannel() {
    attempts.record(attempt("acme", "shop", "MUG", 5, "ACKNOWLEDGED", 200));
    attempts.record(attempt("acme", "shop", "MUG", 5, "ACKNOWLEDGED", 200));
    attempts.record(attempt("globex", "shop", "MUG", 5, "FAILED", 500));
    ledger.commit(
        WriteSets.of(
            new SkuRow("acme", "MUG", "Mug", List.of(), PolicyOverride.NONE),
            new ChannelRow(
                "acme",
                "shop",
                "webhook",
                "http://127.0.0.1:9/x",
                "{}",
                null,
                List.of(),
                true,
                ChannelRules.DEFAULT),
            new ListingRow("acme", "shop", "MUG", "m", null, null, null, ListingState.QUEUED, 1),
            new PushRow("acme", "shop", "MUG", 4, 1, Urgency.DECREASE, T0)));

    assertThat(attempts.outcomes()).isEqualTo(Map.of("ACKNOWLEDGED", 2L, "FAILED", 1L));
    assertThat(attempts.queueDepths()).containsExactly(new QueueDepth("acme", "shop", 1));
  }
}
