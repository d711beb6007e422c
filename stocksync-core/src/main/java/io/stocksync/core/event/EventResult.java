package io.stocksync.core.event;

import java.util.Objects;

/**
 * The outcome of one event: {@code APPLIED} (durable once the caller is told), {@code DUPLICATE}
 * (its id was seen before; nothing changed) or {@code REJECTED} (with the rejection; nothing
 * changed).
 */
public record EventResult(String id, Status status, Rejection rejection) {

  /** The three outcomes of SPEC §7. */
  public enum Status {
    APPLIED,
    DUPLICATE,
    REJECTED
  }

  public EventResult {
    Objects.requireNonNull(status, "status");
    if ((status == Status.REJECTED) != (rejection != null)) {
      throw new IllegalArgumentException("a rejection goes with REJECTED and only with it");
    }
  }

  public static EventResult applied(String id) {
    return new EventResult(id, Status.APPLIED, null);
  }

  public static EventResult duplicate(String id) {
    return new EventResult(id, Status.DUPLICATE, null);
  }

  public static EventResult rejected(String id, Rejection rejection) {
    return new EventResult(id, Status.REJECTED, rejection);
  }
}
