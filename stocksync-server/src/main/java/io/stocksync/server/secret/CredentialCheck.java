package io.stocksync.server.secret;

import io.stocksync.store.SecretKeyRepository.SealedCredentials;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Whether a cipher's key opens the channel credentials a store holds (SPEC §6: a server whose key
 * cannot open them says so at start and in {@code /health}). A key that opens none of them is
 * almost always the wrong key file (a server started with another key, or a key file lost); the
 * channels then cannot reach their marketplaces.
 *
 * <p>Thread-safe. {@link #problem} reads the store at most once per {@link #REFRESH}, so that a
 * polled {@code /health} does not load it; credentials sealed again with the right key clear the
 * problem within that time.
 */
public final class CredentialCheck {

  /** How long a result is reused. */
  public static final Duration REFRESH = Duration.ofSeconds(30);

  private static final int NAMED = 5;

  private final CredentialCipher cipher;
  private final Supplier<List<SealedCredentials>> sealed;
  private final Clock clock;
  private Optional<String> last;
  private Instant checkedAt;

  /**
   * @param sealed reads every channel's sealed credentials from the store
   */
  public CredentialCheck(
      CredentialCipher cipher, Supplier<List<SealedCredentials>> sealed, Clock clock) {
    this.cipher = cipher;
    this.sealed = sealed;
    this.clock = clock;
  }

  /**
   * What is wrong, naming the key's source and the channels whose credentials do not open; empty
   * when every stored credential opens. Throws what the store throws when it cannot be read.
   */
  public synchronized Optional<String> problem() {
    Instant now = clock.instant();
    if (last != null && now.isBefore(checkedAt.plus(REFRESH))) {
      return last;
    }
    List<SealedCredentials> all = sealed.get();
    List<String> unopenable = new ArrayList<>();
    for (SealedCredentials c : all) {
      try {
        cipher.open(c.sealed(), CredentialCipher.context(c.accountId(), c.channelId()));
      } catch (IllegalArgumentException e) {
        unopenable.add(c.accountId() + "/" + c.channelId());
      }
    }
    last =
        unopenable.isEmpty()
            ? Optional.empty()
            : Optional.of(
                cipher.source()
                    + " cannot open the stored credentials of "
                    + unopenable.size()
                    + " of "
                    + all.size()
                    + " channel(s) ("
                    + String.join(", ", unopenable.subList(0, Math.min(NAMED, unopenable.size())))
                    + (unopenable.size() > NAMED ? ", …" : "")
                    + "): start the server with the key that sealed them, or set the channels'"
                    + " credentials again");
    checkedAt = now;
    return last;
  }
}
