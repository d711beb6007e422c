package io.stocksync.server.http;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.stocksync.core.event.EventResult;
import io.stocksync.core.port.LedgerRepository;
import io.stocksync.server.engine.EngineStats;
import io.stocksync.store.PushAttemptRepository;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The process's metrics, in Prometheus text format at {@code GET /metrics} (names in {@code
 * docs/operations.md}): ingest rate and batch size, durable-commit latency, engine counters, the
 * durable push queue per channel and push outcomes (both read from the store, where the push
 * dispatcher writes them), HTTP requests and the JVM.
 *
 * <p>Thread-safe.
 */
public final class ApiMetrics {
  private static final Logger log = LoggerFactory.getLogger(ApiMetrics.class);

  /** Store-backed gauges are refreshed on a scrape at most this often. */
  private static final Duration STORE_REFRESH = Duration.ofSeconds(5);

  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final Map<EventResult.Status, Counter> events = new EnumMap<>(EventResult.Status.class);
  private final DistributionSummary batchSize;
  private final Timer commitLatency;
  private final Timer durableLatency;
  private final MultiGauge queueDepth;
  private final MultiGauge pushOutcomes;
  private PushAttemptRepository attempts;
  private long lastRefresh = Long.MIN_VALUE;

  public ApiMetrics() {
    for (EventResult.Status s : EventResult.Status.values()) {
      events.put(
          s,
          Counter.builder("stocksync.events.ingested")
              .description("Events answered over HTTP, by result")
              .tag("status", s.name().toLowerCase(java.util.Locale.ROOT))
              .register(registry));
    }
    batchSize =
        DistributionSummary.builder("stocksync.ingest.batch.size")
            .description("Events per POST /v1/events")
            .baseUnit("events")
            .serviceLevelObjectives(1, 10, 100, 500, 1_000, 5_000, 10_000, 50_000)
            .register(registry);
    commitLatency =
        Timer.builder("stocksync.store.commit")
            .description("Durable commits of the engine's batches (one transaction each)")
            .publishPercentileHistogram()
            .minimumExpectedValue(Duration.ofMillis(1))
            .maximumExpectedValue(Duration.ofSeconds(10))
            .register(registry);
    durableLatency =
        Timer.builder("stocksync.ingest.durable")
            .description("From a POST /v1/events batch handed to the engine to all of it durable")
            .publishPercentileHistogram()
            .minimumExpectedValue(Duration.ofMillis(1))
            .maximumExpectedValue(Duration.ofSeconds(10))
            .register(registry);
    queueDepth =
        MultiGauge.builder("stocksync.push.queue.depth")
            .description("Pushes queued (durably) per channel, waiting for the dispatcher")
            .register(registry);
    pushOutcomes =
        MultiGauge.builder("stocksync.push.attempts")
            .description(
                "Push attempts in the attempt log, by outcome (written by the push dispatcher)")
            .register(registry);
    new JvmMemoryMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
  }

  /** Wraps the store so that every durable commit is timed. */
  public LedgerRepository meter(LedgerRepository repository) {
    return new MeteredLedgerRepository(repository, commitLatency);
  }

  /** Exposes the engine's counters and the store's push tables. */
  public void bind(EngineStats stats, PushAttemptRepository pushAttempts) {
    this.attempts = pushAttempts;
    FunctionCounter.builder("stocksync.engine.batches", stats, EngineStats::batches)
        .description("Batches the engine committed")
        .register(registry);
    FunctionCounter.builder("stocksync.engine.events", stats, EngineStats::events)
        .description("Events carried by committed batches")
        .register(registry);
    FunctionCounter.builder("stocksync.engine.duplicates", stats, EngineStats::duplicates)
        .description("Events answered duplicate")
        .register(registry);
    FunctionCounter.builder("stocksync.engine.commit.time", stats, s -> s.commitNanos() / 1e9)
        .description("Seconds the engine spent committing")
        .baseUnit("seconds")
        .register(registry);
  }

  void recordBatch(List<EventResult> results, long durableNanos) {
    batchSize.record(results.size());
    durableLatency.record(durableNanos, TimeUnit.NANOSECONDS);
    int applied = 0;
    int duplicate = 0;
    int rejected = 0;
    for (EventResult r : results) {
      switch (r.status()) {
        case APPLIED -> applied++;
        case DUPLICATE -> duplicate++;
        case REJECTED -> rejected++;
      }
    }
    events.get(EventResult.Status.APPLIED).increment(applied);
    events.get(EventResult.Status.DUPLICATE).increment(duplicate);
    events.get(EventResult.Status.REJECTED).increment(rejected);
  }

  void recordRequest(String method, String route, int status, long nanos) {
    Timer.builder("stocksync.http.requests")
        .tags(Tags.of("method", method, "route", route, "status", Integer.toString(status)))
        .register(registry)
        .record(nanos, TimeUnit.NANOSECONDS);
  }

  /** The Prometheus text exposition of every metric. */
  public String scrape() {
    refreshStoreGauges();
    return registry.scrape();
  }

  private synchronized void refreshStoreGauges() {
    long now = System.nanoTime();
    if (attempts == null
        || (lastRefresh != Long.MIN_VALUE && now - lastRefresh < STORE_REFRESH.toNanos())) {
      return;
    }
    lastRefresh = now;
    try {
      List<MultiGauge.Row<?>> depths = new ArrayList<>();
      for (PushAttemptRepository.QueueDepth d : attempts.queueDepths()) {
        depths.add(
            MultiGauge.Row.of(
                Tags.of("account", d.accountId(), "channel", d.channelId()), d.queued()));
      }
      queueDepth.register(depths, true);
      List<MultiGauge.Row<?>> outcomes = new ArrayList<>();
      attempts
          .outcomes()
          .forEach(
              (status, count) -> outcomes.add(MultiGauge.Row.of(Tags.of("status", status), count)));
      pushOutcomes.register(outcomes, true);
    } catch (RuntimeException e) {
      log.warn("could not read the push tables for metrics: {}", e.getMessage());
    }
  }

  /** The registry behind {@code /metrics}: for tests, and meters kept elsewhere (alerts). */
  public PrometheusMeterRegistry registry() {
    return registry;
  }
}
