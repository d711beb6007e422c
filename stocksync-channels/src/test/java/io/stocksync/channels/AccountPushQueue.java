package io.stocksync.channels;

import io.stocksync.core.channel.ChannelRules;
import io.stocksync.core.event.EventType;
import io.stocksync.core.event.InventoryEvent;
import io.stocksync.core.inventory.AccountState;
import io.stocksync.core.inventory.Changes;
import io.stocksync.core.inventory.PendingPush;
import io.stocksync.core.inventory.PushPlanner;
import io.stocksync.core.policy.SyncPolicy;
import io.stocksync.core.port.Rows.AlertRow;
import io.stocksync.core.port.Rows.ChannelRow;
import io.stocksync.core.port.Rows.PushAttemptRow;
import io.stocksync.core.port.Rows.PushRow;
import io.stocksync.core.port.WriteSet;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * A {@link PushQueue} over one real {@link AccountState}, for dispatcher tests: the core decides
 * what is queued, what an acknowledgement settles and when a listing fails, exactly as the engine's
 * writer would; every write set is kept. Thread-safe (one lock).
 */
final class AccountPushQueue implements PushQueue {

  static final String ACCOUNT = "acct";

  final AccountState account;
  private final Changes changes = new Changes();
  private final Clock clock;
  private final List<WriteSet> written = new ArrayList<>();
  private final List<PushAttemptRow> attempts = new ArrayList<>();
  private Consumer<ChannelKey> listener = k -> {};
  private int events;

  AccountPushQueue(Clock clock) {
    this.clock = clock;
    this.account =
        AccountState.create(
            ACCOUNT, "Test", new SyncPolicy(2000, 10, 100, 0), clock.instant(), changes);
    account.putLocation("WH1", "Main", true, clock.instant(), changes);
    drain();
  }

  /** A channel of {@code type} with one listing per SKU, each SKU stocked with {@code onHand}. */
  synchronized AccountPushQueue channel(String id, String type, long onHand, String... skus) {
    account.putChannel(
        new ChannelRow(
            ACCOUNT,
            id,
            type,
            "http://127.0.0.1:9/",
            "{}",
            null,
            List.of(),
            true,
            ChannelRules.DEFAULT),
        clock.instant(),
        changes);
    for (String sku : skus) {
      if (!account.hasSku(sku)) {
        account.putSku(sku, sku, List.of(), clock.instant(), changes);
        event(EventType.PUTAWAY, sku, onHand);
      }
      account.putListing(id, sku, id + ":" + sku, "{}", clock.instant(), changes);
    }
    drainAndNotify();
    return this;
  }

  /** Applies one event and tells the subscriber of the pushes it queued. */
  synchronized void event(EventType type, String sku, long quantity) {
    account.apply(
        new InventoryEvent("e-" + ++events, type, sku, "WH1", quantity, null),
        clock.instant(),
        changes);
    drainAndNotify();
  }

  synchronized void retryFailed(String channel) {
    PushPlanner.retryFailed(account, channel, clock.instant(), changes);
    drainAndNotify();
  }

  private void drainAndNotify() {
    WriteSet w = drain();
    for (PushRow p : w.pushes()) {
      listener.accept(new ChannelKey(ACCOUNT, p.channelId()));
    }
  }

  private WriteSet drain() {
    WriteSet w = changes.drain();
    written.add(w);
    attempts.addAll(w.attempts());
    return w;
  }

  synchronized List<PushAttemptRow> attempts() {
    return List.copyOf(attempts);
  }

  @Override
  public synchronized void subscribe(Consumer<ChannelKey> l) {
    this.listener = l;
    for (String channel : List.of("a", "b", "shop", "hook")) {
      if (account.hasChannel(channel)) {
        l.accept(new ChannelKey(ACCOUNT, channel));
      }
    }
  }

  @Override
  public synchronized CompletableFuture<Work> take(
      ChannelKey channel, Set<String> excluded, int limit) {
    ChannelRow row = account.channel(channel.channelId());
    return CompletableFuture.completedFuture(
        new Work(
            row,
            PushPlanner.pending(
                account, channel.channelId(), null, excluded::contains, limit, s -> {})));
  }

  @Override
  public synchronized CompletableFuture<Void> settle(
      ChannelKey channel, List<Settlement> settlements) {
    for (Settlement s : settlements) {
      PushPlanner.recordAttempt(
          account,
          new PushAttemptRow(
              ACCOUNT,
              channel.channelId(),
              s.push().sku(),
              s.attempt().quantitySent() != null ? s.attempt().quantitySent() : s.push().target(),
              s.push().version(),
              s.attempt().attemptedAt(),
              s.attempt().status().name(),
              s.attempt().httpStatus(),
              s.attempt().error()),
          changes);
      if (s.acknowledged() != null) {
        account.acknowledge(
            channel.channelId(),
            s.push().sku(),
            s.push().version(),
            s.acknowledged(),
            clock.instant(),
            changes);
      }
      PushPlanner.answered(account, channel.channelId(), s.push().sku(), s.push().version());
      if (s.failures() > 0) {
        PushPlanner.recordFailures(
            account,
            channel.channelId(),
            s.push().sku(),
            s.push().version(),
            s.failures(),
            changes);
      }
      if (s.exhausted()) {
        PushPlanner.fail(
            account,
            channel.channelId(),
            s.push().sku(),
            s.push().version(),
            s.attempt().error(),
            clock.instant(),
            changes);
      }
    }
    drain();
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public synchronized void sending(ChannelKey channel, List<PendingPush> pushes) {
    for (PendingPush p : pushes) {
      PushPlanner.sending(account, channel.channelId(), p.sku(), p.version());
    }
  }

  /** Every alert raised so far. */
  synchronized List<AlertRow> alerts() {
    List<AlertRow> all = new ArrayList<>();
    written.forEach(w -> all.addAll(w.alerts()));
    return all;
  }

  /** Every push row written so far, oldest first. */
  synchronized List<PushRow> pushRows() {
    List<PushRow> all = new ArrayList<>();
    written.forEach(w -> all.addAll(w.pushes()));
    return all;
  }
}
