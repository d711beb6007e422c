package io.stocksync.channels;

import io.stocksync.core.inventory.PendingPush;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * One channel's marketplace client: how many pushes go in one call, how many calls may be in
 * flight, how fast calls may go, and how one call is made and read back per item. A connector keeps
 * its marketplace's published limits and reads its throttle signals; the dispatcher does the rest
 * (urgency, in-flight tracking, retries, the budget, the attempt log).
 *
 * <p>One instance serves one channel, built by a {@link ConnectorFactory} from the channel's
 * configuration. The dispatcher calls it from its own threads but never concurrently for one
 * channel, except that several {@link #send} futures may be outstanding at once (up to {@link
 * #maxInFlight()}): implementations keep the state those touch thread-safe.
 */
public interface Connector {

  /** The most pushes one call carries (the marketplace's batch size). */
  int batchSize();

  /** How many calls may be outstanding at once for this channel. */
  int maxInFlight();

  /**
   * How long to wait before the next call may go, by the marketplace's limits as last observed;
   * {@link Duration#ZERO} when it may go now. Asking reserves nothing.
   */
  Duration delayBeforeNextCall(Instant now);

  /**
   * The share of the channel's rate budget in use now, 0 to 1, by the limit that paces its pushes
   * (a request bucket, Shopify's cost bucket); NaN when the connector does not know it yet.
   */
  default double budgetInUse(Instant now) {
    return Double.NaN;
  }

  /**
   * Prepares one call for {@code pushes} (most urgent first, at most {@link #batchSize()}). The
   * call may carry fewer (say, when two listings name the same marketplace item): the rest stay
   * queued.
   *
   * @param retryRound how many charged failures the items of this call have had at most: a
   *     connector whose marketplace remembers idempotency keys makes a new key for a new round, and
   *     keeps the key of a call that is sent again as it was
   */
  Call prepare(List<PendingPush> pushes, int retryRound);

  /**
   * Sends {@code call}. The future completes with the outcome, never exceptionally: a transport
   * failure or timeout is {@link CallOutcome.Unavailable} with {@code uncertain} set. The same call
   * may be sent again after an uncertain outcome, and must then mean the same to the marketplace
   * (the same idempotency key), so that it applies at most once.
   */
  CompletableFuture<CallOutcome> send(Call call);

  /** A prepared call: the pushes it carries, in the order of its per-item results. */
  interface Call {
    List<PendingPush> pushes();

    /**
     * The figure this call's request carries for {@code push} (SPEC §5: the attempt log records the
     * quantity actually sent): its target, unless the connector clamps it to what the marketplace
     * takes.
     */
    default long quantitySent(PendingPush push) {
      return push.target();
    }
  }

  /** Static parts of a connector's description, for documentation and logs. */
  static String describe(Connector c) {
    return c.getClass().getSimpleName()
        + "[batch "
        + c.batchSize()
        + ", in flight "
        + c.maxInFlight()
        + "]";
  }
}
