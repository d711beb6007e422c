package io.stocksync.server.engine;

import io.stocksync.channels.AttemptStatus;
import io.stocksync.channels.ChannelKey;
import io.stocksync.channels.PushQueue;
import io.stocksync.core.inventory.AccountState;
import io.stocksync.core.inventory.Changes;
import io.stocksync.core.inventory.ChannelAlerts;
import io.stocksync.core.inventory.ConfigDeletions;
import io.stocksync.core.inventory.InflationGuard;
import io.stocksync.core.inventory.PendingPush;
import io.stocksync.core.inventory.PushPlanner;
import io.stocksync.core.port.Rows.ChannelRow;
import io.stocksync.core.port.Rows.PushAttemptRow;
import io.stocksync.core.port.Rows.PushRow;
import io.stocksync.core.port.WriteSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The dispatcher's {@link PushQueue} on the running engine: reads and settlements are commands on
 * the account's single writer ({@link Engine#execute}), so they are ordered with ingest and
 * committed in its batches (attempt rows included); the commit listener ({@link
 * Engine#onCommitted}) says which channels got new pushes, without polling.
 *
 * <p>A take looks through the channel's queued listings on the writer (the core keeps an index of
 * them per channel, so a take costs what is queued, not the channel's size), pushes of batches
 * still committing included: a push to 0 is never left behind an increase because its batch was
 * still committing. The take's answer, like every {@link Engine#execute} result, reaches the
 * dispatcher only once the take's own batch is durable, and batches commit in order: no push leaves
 * for a marketplace before the events that caused it are durable.
 *
 * <p>Thread-safe.
 */
public final class EnginePushQueue implements PushQueue {

  private final Engine engine;
  private final Collection<ChannelKey> initial;
  private final List<Consumer<ChannelKey>> listeners = new CopyOnWriteArrayList<>();
  private volatile TakeObserver observer = (account, channel, excluded, limit, chosen) -> {};

  /** What one take saw and chose, told on the account's writer: for tests and diagnostics. */
  @FunctionalInterface
  public interface TakeObserver {
    void taken(
        AccountState account,
        ChannelKey channel,
        Set<String> excluded,
        int limit,
        List<PendingPush> chosen);
  }

  /**
   * A queue on {@code engine}.
   *
   * @param initial the channels that hold queued pushes at start (from the store's push queue): a
   *     subscriber is told of them at once
   */
  public EnginePushQueue(Engine engine, Collection<ChannelKey> initial) {
    this.engine = engine;
    this.initial = List.copyOf(initial);
    engine.onCommitted(this::committed);
  }

  /** On the committer thread: wake the channels that got new pushes. Quick. */
  private void committed(WriteSet writes) {
    ChannelKey last = null;
    for (PushRow p : writes.pushes()) {
      ChannelKey key = new ChannelKey(p.accountId(), p.channelId());
      if (!key.equals(last)) {
        notify(key);
        last = key;
      }
    }
    for (ChannelRow c : writes.channels()) {
      notify(new ChannelKey(c.accountId(), c.id()));
    }
  }

  private void notify(ChannelKey key) {
    for (Consumer<ChannelKey> listener : listeners) {
      listener.accept(key);
    }
  }

  /**
   * Calls {@code o} on the writer with every take, in the same step: {@code account} is the state
   * the take chose from. Keep it quick; it must not change the account.
   */
  public void observeTakes(TakeObserver o) {
    this.observer = o;
  }

  @Override
  public void subscribe(Consumer<ChannelKey> listener) {
    listeners.add(listener);
    initial.forEach(listener);
  }

  @Override
  public CompletableFuture<Work> take(ChannelKey channel, Set<String> excluded, int limit) {
    return engine.execute(
        channel.accountId(),
        (account, changes, now) -> {
          if (!account.hasChannel(channel.channelId())) {
            return new Work(null, List.of());
          }
          List<PendingPush> pushes =
              PushPlanner.pending(
                  account, channel.channelId(), null, excluded::contains, limit, sku -> {});
          observer.taken(account, channel, excluded, limit, pushes);
          // Taken is on its way: marked now, in the same step, so that no sync decided after this
          // can take the push off the queue as if the channel still showed the old figure.
          for (PendingPush p : pushes) {
            PushPlanner.sending(account, channel.channelId(), p.sku(), p.version());
          }
          return new Work(account.channel(channel.channelId()), pushes);
        });
  }

  @Override
  public CompletableFuture<Void> settle(ChannelKey channel, List<Settlement> settlements) {
    List<Settlement> copy = List.copyOf(settlements);
    return engine.execute(
        channel.accountId(),
        (account, changes, now) -> {
          settleAll(account, channel, copy, changes, now);
          return null;
        });
  }

  private static void settleAll(
      AccountState account,
      ChannelKey channel,
      List<Settlement> settlements,
      Changes changes,
      Instant now) {
    if (!account.hasChannel(channel.channelId())) {
      return;
    }
    List<Settlement> known = new ArrayList<>();
    for (Settlement s : settlements) {
      // Checked before anything is recorded: a command that throws must have changed nothing. A
      // listing deleted while its push was on its way has nothing left to settle.
      if (ConfigDeletions.isListed(account, channel.channelId(), s.push().sku())) {
        known.add(s);
      }
    }
    for (Settlement s : known) {
      PendingPush p = s.push();
      PushPlanner.recordAttempt(
          account,
          new PushAttemptRow(
              channel.accountId(),
              channel.channelId(),
              p.sku(),
              s.attempt().quantitySent() != null ? s.attempt().quantitySent() : p.target(),
              p.version(),
              s.attempt().attemptedAt(),
              s.attempt().status().name(),
              s.attempt().httpStatus(),
              s.attempt().error()),
          changes);
      PushPlanner.answered(account, channel.channelId(), p.sku(), p.version());
      if (s.attempt().status() == AttemptStatus.STALE) {
        if (s.staleHeld() != null) {
          InflationGuard.staleCompare(
              account, channel.channelId(), p.sku(), p.version(), s.staleHeld(), now, changes);
        } else {
          InflationGuard.staleCompare(account, channel.channelId(), p.sku(), now);
        }
      }
      if (CredentialRefusals.refused(s.attempt())) {
        ChannelAlerts.credentialsRejected(
            account, channel.channelId(), s.attempt().error(), now, changes);
      }
      if (s.acknowledged() != null) {
        account.acknowledge(
            channel.channelId(), p.sku(), p.version(), s.acknowledged(), now, changes);
      }
      if (s.uncertain() && s.acknowledged() == null) {
        account.mayHaveApplied(channel.channelId(), p.sku(), p.version(), p.target(), now, changes);
      }
      if (s.failures() > 0) {
        PushPlanner.recordFailures(
            account, channel.channelId(), p.sku(), p.version(), s.failures(), changes);
      }
      if (s.exhausted()) {
        // Only the version that failed: a newer target queued meanwhile has its own budget.
        PushPlanner.fail(
            account, channel.channelId(), p.sku(), p.version(), s.attempt().error(), now, changes);
      }
    }
  }

  /** Marks the listings in flight on the writer; nothing durable, so nothing waits for it. */
  @Override
  public void sending(ChannelKey channel, List<PendingPush> pushes) {
    List<PendingPush> copy = List.copyOf(pushes);
    try {
      engine
          .execute(
              channel.accountId(),
              (account, changes, now) -> {
                for (PendingPush p : copy) {
                  PushPlanner.sending(account, channel.channelId(), p.sku(), p.version());
                }
                return null;
              })
          .exceptionally(error -> null); // only what a listing shows: the push goes regardless
    } catch (RuntimeException shuttingDown) {
      // The engine no longer takes commands: nothing will show the state anyway.
    }
  }
}
