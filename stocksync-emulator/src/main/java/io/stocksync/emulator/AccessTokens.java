package io.stocksync.emulator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The OAuth access tokens one emulator has issued, each for a subject (the account it acts for),
 * and whether a presented token is still good by the emulator's clock.
 *
 * <p>A token lives for the marketplace's own lifetime, unless the {@link Faults#tokenLifetime()}
 * fault is set: then every token, issued before or after, expires that long after it was issued.
 *
 * <p>Thread-safe.
 */
public final class AccessTokens {

  /** What a presented token turned out to be. */
  public enum Verdict {
    /** Issued here and not expired. */
    VALID,
    /** Issued here, but its lifetime has passed. */
    EXPIRED,
    /** Never issued here (or forgotten by a reset). */
    UNKNOWN
  }

  /**
   * The outcome of checking a token.
   *
   * @param verdict whether it is good
   * @param subject the account it was issued for; null when unknown
   */
  public record Check(Verdict verdict, String subject) {}

  /**
   * A freshly issued token.
   *
   * @param token the token text
   * @param lifetime how long it lives from now
   */
  public record Issued(String token, Duration lifetime) {}

  private record Grant(String subject, Instant issuedAt) {}

  private final Clock clock;
  private final Faults faults;
  private final Duration marketplaceLifetime;
  private final String prefix;
  private final Map<String, Grant> grants = new ConcurrentHashMap<>();

  /**
   * @param clock the clock issue times and expiry are read from
   * @param faults where the {@code tokenLifetimeSeconds} fault is read
   * @param marketplaceLifetime the marketplace's own token lifetime
   * @param prefix text every token starts with (Amazon's start {@code Atza|})
   */
  public AccessTokens(Clock clock, Faults faults, Duration marketplaceLifetime, String prefix) {
    this.clock = clock;
    this.faults = faults;
    this.marketplaceLifetime = marketplaceLifetime;
    this.prefix = prefix;
  }

  /** Issues a new token for {@code subject}. */
  public Issued issue(String subject) {
    Objects.requireNonNull(subject, "subject");
    String token = prefix + UUID.randomUUID();
    grants.put(token, new Grant(subject, clock.instant()));
    return new Issued(token, lifetime());
  }

  /** Checks a presented token (null or blank: unknown). */
  public Check check(String token) {
    Grant grant = token == null ? null : grants.get(token.trim());
    if (grant == null) {
      return new Check(Verdict.UNKNOWN, null);
    }
    Instant expiresAt = grant.issuedAt().plus(lifetime());
    return new Check(
        clock.instant().isBefore(expiresAt) ? Verdict.VALID : Verdict.EXPIRED, grant.subject());
  }

  /** Forgets every token. */
  public void clear() {
    grants.clear();
  }

  private Duration lifetime() {
    return faults.tokenLifetime().orElse(marketplaceLifetime);
  }
}
