package io.stocksync.server.engine;

import java.time.Instant;
import java.util.Objects;

/**
 * Whether the engine can write to its store right now (SPEC §6): {@code canWrite} false from the
 * moment a commit or a rebuild from the store fails until the store answers again, with the reason
 * and the instant (by the engine's clock) it first could not. Immutable.
 *
 * @param canWrite whether the writers are committing
 * @param reason why they cannot, or null when they can
 * @param since when they stopped being able to, or null when they can
 */
public record EngineHealth(boolean canWrite, String reason, Instant since) {

  /** The engine commits normally. */
  public static final EngineHealth UP = new EngineHealth(true, null, null);

  public EngineHealth {
    if (!canWrite) {
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(since, "since");
    }
  }

  /** The engine cannot write, for {@code reason}, since {@code since}. */
  public static EngineHealth cannotWrite(String reason, Instant since) {
    return new EngineHealth(false, reason, since);
  }
}
