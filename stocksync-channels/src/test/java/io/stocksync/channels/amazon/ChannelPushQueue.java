package io.stocksync.channels.amazon;

import io.stocksync.channels.ChannelKey;
import io.stocksync.channels.PushQueue;
import io.stocksync.core.channel.ListingState;
import io.stocksync.core.channel.Urgency;
import io.stocksync.core.inventory.PendingPush;
import io.stocksync.core.port.Rows.ChannelRow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * A push queue of one channel in memory, for end-to-end runs through the dispatcher: the latest
 * target per listing (seller SKU {@code SKU-n} for StockSync SKU {@code Sn}), most urgent first; an
 * acknowledgement settles a push unless a newer target was queued meanwhile; a push out of retries
 * is {@code FAILED} and left out. Every attempt is kept. Thread-safe (one lock).
 */
final class ChannelPushQueue implements PushQueue {

  /** One attempt as settled. */
  record Logged(String sku, long target, String status, Integer http, String error) {}

  private final ChannelRow channel;
  private final ChannelKey key;
  private final Map<String, PendingPush> pending = new HashMap<>();
  private final Map<String, Long> acknowledged = new HashMap<>();
  private final Set<String> failed = new HashSet<>();
  private final List<Logged> attempts = new ArrayList<>();
  private Consumer<ChannelKey> listener = k -> {};
  private long versions;

  ChannelPushQueue(ChannelRow channel) {
    this.channel = channel;
    this.key = new ChannelKey(channel.accountId(), channel.id());
  }

  /** Queues a target for listing n (replacing any queued one) and wakes the dispatcher. */
  void put(int n, long target) {
    putAll(Map.of(n, target));
  }

  void putAll(Map<Integer, Long> targets) {
    Consumer<ChannelKey> l;
    synchronized (this) {
      targets.forEach(
          (n, target) -> {
            String sku = "S" + n;
            Long acked = acknowledged.get(sku);
            failed.remove(sku);
            pending.put(
                sku,
                new PendingPush(
                    channel.accountId(),
                    channel.id(),
                    sku,
                    AmazonFixture.sku(n),
                    "{\"productType\":\"LUGGAGE\"}",
                    target,
                    ++versions,
                    Urgency.of(target, acked),
                    acked,
                    Instant.EPOCH,
                    ListingState.QUEUED));
          });
      l = listener;
    }
    l.accept(key);
  }

  synchronized int pending() {
    return pending.size();
  }

  synchronized int failed() {
    return failed.size();
  }

  synchronized Map<String, Long> acknowledged() {
    return Map.copyOf(acknowledged);
  }

  synchronized List<Logged> attempts() {
    return List.copyOf(attempts);
  }

  @Override
  public synchronized void subscribe(Consumer<ChannelKey> l) {
    listener = l;
    l.accept(key);
  }

  @Override
  public synchronized CompletableFuture<Work> take(
      ChannelKey channelKey, Set<String> excluded, int limit) {
    List<PendingPush> ready =
        pending.values().stream()
            .filter(p -> !excluded.contains(p.sku()))
            .sorted(Comparator.comparing(PendingPush::urgency).thenComparing(PendingPush::version))
            .limit(limit)
            .toList();
    return CompletableFuture.completedFuture(new Work(channel, ready));
  }

  @Override
  public synchronized CompletableFuture<Void> settle(
      ChannelKey channelKey, List<Settlement> settlements) {
    for (Settlement s : settlements) {
      PendingPush p = s.push();
      attempts.add(
          new Logged(
              p.sku(),
              p.target(),
              s.attempt().status().name(),
              s.attempt().httpStatus(),
              s.attempt().error()));
      PendingPush queued = pending.get(p.sku());
      boolean current = queued != null && queued.version() == p.version();
      if (s.acknowledged() != null) {
        acknowledged.put(p.sku(), s.acknowledged());
        if (current) {
          pending.remove(p.sku());
        }
      }
      if (s.exhausted() && current) {
        pending.remove(p.sku());
        failed.add(p.sku());
      }
    }
    return CompletableFuture.completedFuture(null);
  }
}
