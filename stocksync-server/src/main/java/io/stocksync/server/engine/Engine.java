package io.stocksync.server.engine;

import io.stocksync.channels.ChannelKey;
import io.stocksync.channels.ChannelStatus;
import io.stocksync.core.event.EventResult;
import io.stocksync.core.event.InventoryEvent;
import io.stocksync.core.policy.SyncPolicy;
import io.stocksync.core.port.ConfigRemoval.ChannelRemoval;
import io.stocksync.core.port.LedgerRepository;
import io.stocksync.core.port.WriteSet;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running engine: accounts spread over partitions, each with one writer that applies events in
 * order in memory and commits them in batches (SPEC §6). Every future it returns completes only
 * after the work is durable in the store, or fails with the reason it is not.
 *
 * <p>Thread-safe: any thread may submit. Work for one account runs in submission order.
 */
public final class Engine implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Engine.class);

  private final List<Partition> partitions;
  private final EngineStats stats = new EngineStats();
  private volatile Function<ChannelKey, Optional<ChannelStatus>> channelStatus;
  private final List<Consumer<WriteSet>> listeners = new CopyOnWriteArrayList<>();

  private Engine(LedgerRepository repository, Clock clock, EngineSettings settings) {
    int n = settings.partitions();
    List<Partition> list = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      int p = i;
      list.add(
          new Partition(
              p, repository, clock, settings, a -> partitionOf(a, n) == p, stats, listeners));
    }
    this.partitions = List.copyOf(list);
  }

  /** Loads the stored state of every account and starts the writers. */
  public static Engine start(LedgerRepository repository, Clock clock, EngineSettings settings) {
    long started = System.nanoTime();
    Engine engine = new Engine(repository, clock, settings);
    engine.partitions.forEach(Partition::start);
    log.info(
        "engine ready in {} ms with {} partition(s)",
        (System.nanoTime() - started) / 1_000_000,
        settings.partitions());
    return engine;
  }

  static int partitionOf(String accountId, int partitions) {
    return Math.floorMod(accountId.hashCode(), partitions);
  }

  private Partition partition(String accountId) {
    return partitions.get(partitionOf(accountId, partitions.size()));
  }

  /**
   * Creates an account. Completes with {@code true} once it is durable, or {@code false} when an
   * account with this id already exists (nothing changes then).
   */
  public CompletableFuture<Boolean> createAccount(String id, String name, SyncPolicy policy) {
    return partition(id)
        .submit(
            new Partition.Task<Boolean>(id) {
              @Override
              void run(Partition p, Instant now) {
                result = p.createAccount(id, name, policy, now);
              }
            });
  }

  /**
   * Ingests events for one account, in order. Completes with one result per event, in the same
   * order, once every applied event is durable. Fails with {@link
   * io.stocksync.core.inventory.NotFoundException} for an unknown account.
   */
  public CompletableFuture<List<EventResult>> submit(
      String accountId, List<InventoryEvent> events) {
    List<InventoryEvent> copy = List.copyOf(events);
    return partition(accountId)
        .submit(
            new Partition.Task<List<EventResult>>(accountId) {
              @Override
              int weight() {
                return copy.size();
              }

              @Override
              void run(Partition p, Instant now) {
                result = p.ingest(accountId, copy, now);
              }
            });
  }

  /**
   * Runs {@code command} on the account's writer. Completes with its result once whatever it
   * changed is durable; fails at once with what it threw (having changed nothing).
   */
  public <T> CompletableFuture<T> execute(String accountId, Command<T> command) {
    return partition(accountId)
        .submit(
            new Partition.Task<T>(accountId) {
              @Override
              void run(Partition p, Instant now) {
                result = p.command(accountId, command, now);
              }
            });
  }

  /**
   * Runs {@code command} on the account's writer with the ledger at hand: the events it hands to
   * the ledger are applied or answered as duplicates exactly as ingested ones, and everything is
   * durable together before the future completes.
   */
  public <T> CompletableFuture<T> executeWithLedger(String accountId, LedgerCommand<T> command) {
    return partition(accountId)
        .submit(
            new Partition.Task<T>(accountId) {
              @Override
              void run(Partition p, Instant now) {
                result = p.command(accountId, command, now);
              }
            });
  }

  /**
   * The accounts that have a channel with this id, from every partition: a marketplace's webhook
   * names only the channel (SPEC §9), and its signature tells which of them it is for.
   */
  public CompletableFuture<List<String>> accountsWithChannel(String channelId) {
    List<CompletableFuture<List<String>>> all = new ArrayList<>();
    for (Partition partition : partitions) {
      all.add(
          partition.submit(
              new Partition.Task<List<String>>("") {
                @Override
                void run(Partition p, Instant now) {
                  result = p.accountsWithChannel(channelId);
                }
              }));
    }
    return CompletableFuture.allOf(all.toArray(new CompletableFuture<?>[0]))
        .thenApply(v -> all.stream().flatMap(f -> f.join().stream()).sorted().toList());
  }

  /**
   * Every channel of every account the partitions hold, as stored: what a schedule that visits each
   * channel (the order feeds' polls) reads to learn of channels added, changed or disabled.
   */
  public CompletableFuture<List<io.stocksync.core.port.Rows.ChannelRow>> channels() {
    List<CompletableFuture<List<io.stocksync.core.port.Rows.ChannelRow>>> all = new ArrayList<>();
    for (Partition partition : partitions) {
      all.add(
          partition.submit(
              new Partition.Task<List<io.stocksync.core.port.Rows.ChannelRow>>("") {
                @Override
                void run(Partition p, Instant now) {
                  result = p.channels();
                }
              }));
    }
    return CompletableFuture.allOf(all.toArray(new CompletableFuture<?>[0]))
        .thenApply(v -> all.stream().flatMap(f -> f.join().stream()).toList());
  }

  /**
   * Syncs, in every partition, the SKUs whose staleness bound is reached at the engine clock's now.
   * The writers also do this on their own every {@link EngineSettings#stalenessTick()}; this is for
   * callers (tests with a driven clock) that want it at a known moment.
   */
  public CompletableFuture<Void> syncStale() {
    List<CompletableFuture<Boolean>> all = new ArrayList<>();
    for (Partition partition : partitions) {
      all.add(
          partition.submit(
              new Partition.Task<Boolean>("") {
                @Override
                void run(Partition p, Instant now) {
                  p.syncStaleNow(now);
                  result = true;
                }
              }));
    }
    return CompletableFuture.allOf(all.toArray(new CompletableFuture<?>[0]));
  }

  /**
   * Calls {@code listener} with each batch's writes right after the batch is durable, on the
   * committing thread: keep it quick (hand work to another thread). The dispatcher uses it to learn
   * of newly queued pushes without polling.
   */
  public void onCommitted(Consumer<WriteSet> listener) {
    listeners.add(listener);
  }

  /** Calls {@code listener} with each channel deletion once it is durable. */
  public void onChannelDeleted(ChannelDeletionListener listener) {
    onCommitted(
        writes -> {
          for (var removal : writes.removals()) {
            if (removal instanceof ChannelRemoval r) {
              listener.channelDeleted(r);
            }
          }
        });
  }

  /**
   * Whether every writer can commit now; if one cannot, its reason and since when (SPEC §6: {@code
   * GET /health} answers 503 with it). A writer that cannot write fails what it is given with
   * {@link io.stocksync.core.port.StoreException} and goes on by itself once the store is back.
   */
  public EngineHealth health() {
    for (Partition p : partitions) {
      EngineHealth h = p.health();
      if (!h.canWrite()) {
        return h;
      }
    }
    return EngineHealth.UP;
  }

  public EngineStats stats() {
    return stats;
  }

  /**
   * Where a channel's push worker stands (its rate budget in use, a pause, a problem), as the push
   * dispatcher running on this engine tells it; empty before one is attached or while the channel
   * has no worker.
   */
  public Optional<ChannelStatus> channelStatus(ChannelKey channel) {
    Function<ChannelKey, Optional<ChannelStatus>> source = channelStatus;
    return source == null ? Optional.empty() : source.apply(channel);
  }

  /** Attaches the running dispatcher's view of its channels (see {@link #channelStatus}). */
  public void attachChannelStatus(Function<ChannelKey, Optional<ChannelStatus>> source) {
    this.channelStatus = source;
  }

  /**
   * Stops taking work, finishes and commits everything accepted so far, then returns. The
   * repository stays open: its owner closes it.
   */
  @Override
  public void close() {
    try {
      for (Partition p : partitions) {
        p.stop();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
