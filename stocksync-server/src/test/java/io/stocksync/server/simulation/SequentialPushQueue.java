package io.stocksync.server.simulation;

import io.stocksync.channels.ChannelKey;
import io.stocksync.channels.PushQueue;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * The engine's push queue as the simulated dispatcher sees it, made sequential: every take and
 * settlement waits for the engine's answer before the dispatcher's step goes on, and the engine's
 * wake-ups (told on its committer thread, whenever that thread gets to it) are held back and handed
 * to the dispatcher by the test thread, in channel order, only when asked. So the order of every
 * dispatcher step depends on the seed alone, never on thread timing.
 *
 * <p>Holding a wake-up back only delays it: the dispatcher also looks again by itself after each
 * settlement, and {@link Simulation} hands the held wake-ups over before it lets time pass.
 *
 * <p>Each settlement is shown to {@link #onSettled} once it is durable, on the test thread.
 */
final class SequentialPushQueue implements PushQueue {

  private final PushQueue delegate;
  private final Set<ChannelKey> heldWakes =
      new TreeSet<>(
          Comparator.comparing(ChannelKey::accountId).thenComparing(ChannelKey::channelId));
  private Consumer<ChannelKey> listener;
  private boolean wrote;
  private volatile BiConsumer<ChannelKey, List<Settlement>> settled = (c, s) -> {};

  SequentialPushQueue(PushQueue delegate) {
    this.delegate = delegate;
  }

  /** Calls {@code observer} with every settlement batch the engine made durable. */
  void onSettled(BiConsumer<ChannelKey, List<Settlement>> observer) {
    this.settled = observer;
  }

  @Override
  public void subscribe(Consumer<ChannelKey> listener) {
    this.listener = listener;
    delegate.subscribe(
        key -> {
          synchronized (heldWakes) {
            heldWakes.add(key);
          }
        });
  }

  /** Hands the held wake-ups to the dispatcher; false when there were none. */
  boolean deliverWakes() {
    List<ChannelKey> keys;
    synchronized (heldWakes) {
      keys = List.copyOf(heldWakes);
      heldWakes.clear();
    }
    keys.forEach(listener);
    return !keys.isEmpty();
  }

  @Override
  public CompletableFuture<Work> take(ChannelKey channel, Set<String> excluded, int limit) {
    return settledNow(delegate.take(channel, excluded, limit));
  }

  /** Whether a settlement was sent to the engine since the last call (and forgets it). */
  boolean wroteSinceAsked() {
    boolean w = wrote;
    wrote = false;
    return w;
  }

  @Override
  public CompletableFuture<Void> settle(ChannelKey channel, List<Settlement> settlements) {
    wrote = true;
    CompletableFuture<Void> done = settledNow(delegate.settle(channel, settlements));
    if (!done.isCompletedExceptionally()) {
      settled.accept(channel, settlements);
    }
    return done;
  }

  /** Waits for the engine's answer and hands it on as a future that is already complete. */
  private static <T> CompletableFuture<T> settledNow(CompletableFuture<T> answer) {
    try {
      return CompletableFuture.completedFuture(answer.join());
    } catch (CompletionException e) {
      return CompletableFuture.failedFuture(e.getCause());
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }
}
