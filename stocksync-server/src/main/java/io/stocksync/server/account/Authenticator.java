package io.stocksync.server.account;

import io.stocksync.store.ApiKeyRepository;
import java.util.Optional;

/**
 * Turns an {@code Authorization} header into the account its key belongs to. Keys are compared by
 * hash ({@link ApiKeyRepository#accountOf}); the header's value is never logged or kept.
 *
 * <p>Thread-safe.
 */
public final class Authenticator {

  private static final String BEARER = "Bearer ";

  private final ApiKeyRepository keys;

  public Authenticator(ApiKeyRepository keys) {
    this.keys = keys;
  }

  /** The account of the header's active key, or empty when the header names none. */
  public Optional<String> account(String authorizationHeader) {
    if (authorizationHeader == null
        || authorizationHeader.length() <= BEARER.length()
        || !authorizationHeader.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      return Optional.empty();
    }
    String key = authorizationHeader.substring(BEARER.length()).trim();
    if (!ApiKeys.looksLikeKey(key)) {
      return Optional.empty();
    }
    return keys.accountOf(ApiKeys.hash(key));
  }
}
