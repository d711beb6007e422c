package io.stocksync.channels;

import io.stocksync.core.inventory.PendingPush;
import io.stocksync.core.port.Rows.ChannelRow;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The durable push queue as the dispatcher sees it (SPEC §5, §6): one queued push per listing, its
 * latest target only. The engine implements it on its single writer, so that what the dispatcher
 * reads and settles is ordered with ingest.
 *
 * <p>Implementations are thread-safe. Futures complete on the implementation's threads: callers
 * hand their continuations to their own executor.
 */
public interface PushQueue {

  /**
   * What a channel should send next: its configuration as it is now (null when the channel no
   * longer exists) and its most urgent pushes.
   */
  record Work(ChannelRow channel, List<PendingPush> pushes) {
    /** Copies the list. */
    public Work {
      pushes = List.copyOf(pushes);
    }
  }

  /**
   * What became of one push's attempt, to be made durable: the attempt log row always; the
   * acknowledgement when the marketplace confirmed it; the end of its retry budget when {@code
   * exhausted}.
   *
   * @param push the push as it was taken
   * @param attempt the attempt, for the attempt log
   * @param acknowledged the quantity the marketplace confirmed; null when it did not confirm
   * @param exhausted whether the push failed for good (its retry budget is used up, or no retry can
   *     fix its error): the listing becomes {@code FAILED}, unless a newer target was queued since
   *     (that one has a budget of its own)
   * @param failures the charged failures of the push's version so far, this attempt included (0
   *     when it was not charged): kept with the queued push, so that the budget survives a restart
   * @param uncertain whether the marketplace may have applied the push although it did not confirm
   *     it (no answer, a broken connection): what the channel shows is then unknown, so its last
   *     acknowledged figure can no longer be trusted
   * @param staleHeld for a compare-and-set refused as stale, the figure the marketplace was found
   *     to hold (read after the refusal); null otherwise
   */
  record Settlement(
      PendingPush push,
      Attempt attempt,
      Long acknowledged,
      boolean exhausted,
      int failures,
      boolean uncertain,
      Long staleHeld) {

    public Settlement(
        PendingPush push,
        Attempt attempt,
        Long acknowledged,
        boolean exhausted,
        int failures,
        boolean uncertain) {
      this(push, attempt, acknowledged, exhausted, failures, uncertain, null);
    }

    /** A settlement whose outcome is known (confirmed, refused, or surely not applied). */
    public Settlement(
        PendingPush push, Attempt attempt, Long acknowledged, boolean exhausted, int failures) {
      this(push, attempt, acknowledged, exhausted, failures, false);
    }

    /** A settlement that charges nothing to the retry budget. */
    public Settlement(PendingPush push, Attempt attempt, Long acknowledged, boolean exhausted) {
      this(push, attempt, acknowledged, exhausted, 0);
    }
  }

  /**
   * Calls {@code listener} with a channel whenever pushes may have been queued on it, or its
   * configuration changed; at once for every channel that holds queued pushes when subscribing. The
   * listener may be called from any thread and must return quickly.
   */
  void subscribe(Consumer<ChannelKey> listener);

  /**
   * The channel's configuration and up to {@code limit} of its pending pushes, most urgent first
   * (to 0, then decreases, then increases), leaving out {@code FAILED} listings and those of the
   * SKUs in {@code excluded} (in flight or waiting out a backoff).
   */
  CompletableFuture<Work> take(ChannelKey channel, Set<String> excluded, int limit);

  /**
   * Tells the queue that these pushes are being sent now, so that their listings show {@code
   * IN_FLIGHT} until settled. Quick, fire and forget; records nothing durable. Does nothing unless
   * the implementation shows listing states.
   */
  default void sending(ChannelKey channel, List<PendingPush> pushes) {}

  /**
   * Records every settlement in one durable step: attempt rows, acknowledgements (a push is done
   * only if no newer target was queued meanwhile), and listings that ran out of retries. Completes
   * once durable.
   */
  CompletableFuture<Void> settle(ChannelKey channel, List<Settlement> settlements);
}
