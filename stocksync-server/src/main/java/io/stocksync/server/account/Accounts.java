package io.stocksync.server.account;

import io.stocksync.core.inventory.StorableValues;
import io.stocksync.core.policy.SyncPolicy;
import io.stocksync.core.port.LedgerRepository;
import io.stocksync.core.port.Rows.AccountRow;
import io.stocksync.core.port.WriteSet;
import io.stocksync.store.ApiKeyRepository;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Creates accounts and rotates their keys, straight in the store: it works whether or not a server
 * runs on the same database (a running engine loads an account it does not know on first use).
 *
 * <p>Thread-safe as its repositories are.
 */
public final class Accounts {

  /** The longest account name accepted. */
  public static final int MAX_NAME_LENGTH = 200;

  /** An account just made and its first key. */
  public record Created(String accountId, ApiKeys.NewKey key) {}

  private final LedgerRepository ledger;
  private final ApiKeyRepository keys;
  private final Clock clock;

  public Accounts(LedgerRepository ledger, ApiKeyRepository keys, Clock clock) {
    this.ledger = ledger;
    this.keys = keys;
    this.clock = clock;
  }

  /**
   * Creates an account named {@code name} (the seed's default policy) with a first key.
   *
   * @throws IllegalArgumentException when the name is blank, too long, or holds what the store
   *     could not keep (a NUL, a lone surrogate, a control character: {@link StorableValues})
   */
  public Created create(String name) {
    if (name == null || name.isBlank() || name.length() > MAX_NAME_LENGTH) {
      throw new IllegalArgumentException(
          "an account name is 1 to " + MAX_NAME_LENGTH + " characters");
    }
    String problem = StorableValues.problemWithText(name.strip(), MAX_NAME_LENGTH);
    if (problem != null) {
      throw new IllegalArgumentException("the account name " + problem);
    }
    String id = ApiKeys.randomId("acc_", 10);
    Instant now = clock.instant();
    ledger.commit(
        new WriteSet(
            List.of(new AccountRow(id, name.strip(), SyncPolicy.DEFAULT, now)),
            List.of(),
            List.of(),
            List.of(),
            List.of(),
            List.of(),
            List.of(),
            List.of(),
            List.of(),
            List.of(),
            List.of()));
    ApiKeys.NewKey key = ApiKeys.generate();
    if (!keys.add(id, key.keyId(), key.hash(), now)) {
      throw new IllegalStateException("account " + id + " vanished before its key was stored");
    }
    return new Created(id, key);
  }

  /**
   * Adds a key to an existing account.
   *
   * @return empty when there is no such account
   */
  public Optional<ApiKeys.NewKey> addKey(String accountId) {
    ApiKeys.NewKey key = ApiKeys.generate();
    return keys.add(accountId, key.keyId(), key.hash(), clock.instant())
        ? Optional.of(key)
        : Optional.empty();
  }

  /** Revokes a key; false when the account has no active key of that id. */
  public boolean revokeKey(String accountId, String keyId) {
    return keys.revoke(accountId, keyId, clock.instant());
  }
}
