package io.stocksync.channels;

import io.stocksync.core.port.Rows.ChannelRow;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Function;

/**
 * Sends the durable push queue to the marketplaces (SPEC §5). One {@link ChannelWorker} per
 * channel, created the first time the queue names the channel; channels share nothing but the
 * executor and the HTTP client, and no thread ever waits on a marketplace (every call is
 * asynchronous), so a slow, failing or throttled channel delays no other channel and never ingest.
 *
 * <p>Per channel: only the latest target of a listing is sent, never two pushes of one listing at
 * once (a listing is in flight from the take of its push until its settlement is durable, and a
 * call whose outcome is unknown keeps its listings in flight until it is answered); the most urgent
 * pushes go first; the connector paces calls to the marketplace's limits; failures back off
 * exponentially with jitter, and a listing that runs out of its retry budget is marked {@code
 * FAILED}.
 *
 * <p>Thread-safe. {@link #close()} stops new work; calls in flight finish on their own.
 */
public final class PushDispatcher implements AutoCloseable {

  final PushQueue queue;
  final Connectors connectors;
  final Function<ChannelRow, Map<String, String>> credentials;
  final ConnectorContext context;
  final Scheduler scheduler;
  final Executor executor;
  final DispatcherSettings settings;

  private final Map<ChannelKey, ChannelWorker> workers = new ConcurrentHashMap<>();
  private volatile boolean closed;

  private PushDispatcher(
      PushQueue queue,
      Connectors connectors,
      Function<ChannelRow, Map<String, String>> credentials,
      ConnectorContext context,
      Scheduler scheduler,
      Executor executor,
      DispatcherSettings settings) {
    this.queue = queue;
    this.connectors = connectors;
    this.credentials = credentials;
    this.context = context;
    this.scheduler = scheduler;
    this.executor = executor;
    this.settings = settings;
  }

  /**
   * Starts dispatching {@code queue}: subscribes to it, and from then on works every channel it
   * names.
   *
   * @param credentials opens a channel's stored credentials into their fields; called when a
   *     channel's connector is built, never logged
   * @param executor runs the workers' steps (short, non-blocking)
   */
  public static PushDispatcher start(
      PushQueue queue,
      Connectors connectors,
      Function<ChannelRow, Map<String, String>> credentials,
      ConnectorContext context,
      Scheduler scheduler,
      Executor executor,
      DispatcherSettings settings) {
    PushDispatcher dispatcher =
        new PushDispatcher(queue, connectors, credentials, context, scheduler, executor, settings);
    queue.subscribe(dispatcher::wake);
    return dispatcher;
  }

  /** Tells the channel's worker that it may have work. Quick; callable from any thread. */
  public void wake(ChannelKey channel) {
    if (closed) {
      return;
    }
    workers.computeIfAbsent(channel, k -> new ChannelWorker(k, this)).wake();
  }

  /** Where each channel stands now, by channel. */
  public Map<ChannelKey, ChannelStatus> status() {
    Map<ChannelKey, ChannelStatus> all =
        new TreeMap<>(
            java.util.Comparator.comparing(ChannelKey::accountId)
                .thenComparing(ChannelKey::channelId));
    workers.forEach((key, worker) -> all.put(key, worker.status()));
    return all;
  }

  /** Where one channel stands now; empty when its worker has not started (nothing queued yet). */
  public Optional<ChannelStatus> status(ChannelKey channel) {
    ChannelWorker worker = workers.get(channel);
    return worker == null ? Optional.empty() : Optional.of(worker.status());
  }

  /** Stops taking new work; calls in flight finish and are settled. */
  @Override
  public void close() {
    closed = true;
    workers.values().forEach(ChannelWorker::close);
  }
}
