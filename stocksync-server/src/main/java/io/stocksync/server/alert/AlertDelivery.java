package io.stocksync.server.alert;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.stocksync.channels.webhook.WebhookConnector;
import io.stocksync.channels.webhook.WebhookSigner;
import io.stocksync.core.alert.AlertState;
import io.stocksync.core.port.Rows.AlertRow;
import io.stocksync.server.secret.CredentialCipher;
import io.stocksync.store.AlertRepository;
import io.stocksync.store.AlertRepository.Delivery;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers alert changes to each account's destination (SPEC §10), on a thread of its own so that a
 * slow or failing receiver never slows ingest or pushes. The queue is the store's ({@code
 * alert_deliveries}, written in the engine's transaction of each change), so a change not yet
 * delivered survives a restart; a delivery leaves it only once the destination answered 2xx.
 *
 * <p>Each delivery is a {@code POST} of {@code {"account","change","alert":{…}}} signed exactly as
 * the webhook channel signs its pushes ({@link WebhookSigner}: {@code X-StockSync-Timestamp},
 * {@code X-StockSync-Signature: v1=<hex HMAC-SHA256(secret, timestamp + "." + body)>}) with {@code
 * X-StockSync-Delivery: alert-<id>-opened} or {@code -resolved} (each alert changes once each way,
 * so the id names one change, the same on every retry of it: a receiver can drop repeats). Any
 * other answer, a timeout or a refused connection is retried with exponential backoff and jitter,
 * without end (an alert never goes missing); one account's changes reach its destination in order.
 *
 * <p>Thread-safe: {@link #wake} may be called from any thread.
 */
public final class AlertDelivery implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(AlertDelivery.class);

  /** Deliveries read from the store per round. */
  private static final int ROUND = 100;

  /** Where the delivery's id goes, beside the webhook channel's own headers. */
  public static final String DELIVERY_HEADER = "X-StockSync-Delivery";

  /**
   * How deliveries are retried and timed.
   *
   * @param firstRetry the wait after a first failure; it doubles up to {@code maxRetry}
   * @param idlePoll the longest the worker sleeps with nothing due (it is woken on each change)
   */
  public record Settings(
      Duration firstRetry, Duration maxRetry, Duration requestTimeout, Duration idlePoll) {
    public static final Settings DEFAULT =
        new Settings(
            Duration.ofSeconds(2),
            Duration.ofMinutes(10),
            Duration.ofSeconds(10),
            Duration.ofSeconds(30));
  }

  private final AlertRepository alerts;
  private final CredentialCipher cipher;
  private final Clock clock;
  private final Settings settings;
  private final HttpClient http;
  private final JsonFactory json = new JsonFactory();
  private final Counter delivered;
  private final Counter failed;
  private final Thread worker;
  private final Object signal = new Object();
  private boolean woken;
  private volatile boolean stopping;

  public AlertDelivery(
      AlertRepository alerts,
      CredentialCipher cipher,
      Clock clock,
      Settings settings,
      MeterRegistry registry) {
    this.alerts = alerts;
    this.cipher = cipher;
    this.clock = clock;
    this.settings = settings;
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(settings.requestTimeout())
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    this.delivered =
        Counter.builder("stocksync.alerts.deliveries")
            .description("Alert deliveries, by outcome")
            .tag("outcome", "delivered")
            .register(registry);
    this.failed =
        Counter.builder("stocksync.alerts.deliveries")
            .description("Alert deliveries, by outcome")
            .tag("outcome", "failed")
            .register(registry);
    this.worker = new Thread(this::run, "stocksync-alert-delivery");
    this.worker.setDaemon(true);
  }

  /** The delivery id of an alert's change: {@code alert-<id>-opened} or {@code -resolved}. */
  static String deliveryId(AlertRow a) {
    return "alert-" + a.id() + "-" + AlertNotices.lower(a.state());
  }

  /** The sealing context of an account's destination secret. */
  public static String secretContext(String accountId) {
    return "alert-destination:" + accountId;
  }

  /** Starts the worker; it first delivers what the store still holds. */
  public AlertDelivery start() {
    worker.start();
    return this;
  }

  /** Asks the worker to look at the queue now (a change was committed). Quick. */
  public void wake() {
    synchronized (signal) {
      woken = true;
      signal.notifyAll();
    }
  }

  private void run() {
    while (!stopping) {
      long waitMillis;
      try {
        deliverDue();
        Instant next = alerts.nextDue();
        long idle = settings.idlePoll().toMillis();
        waitMillis =
            next == null ? idle : Math.max(1, Math.min(idle, next.toEpochMilli() - clock.millis()));
      } catch (RuntimeException e) {
        log.warn("alert delivery could not read its queue: {}", e.getMessage());
        waitMillis = settings.firstRetry().toMillis();
      }
      synchronized (signal) {
        if (!woken && !stopping) {
          try {
            signal.wait(waitMillis);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
          }
        }
        woken = false;
      }
    }
  }

  private void deliverDue() {
    List<Delivery> due = alerts.due(clock.instant(), ROUND);
    Set<String> blocked = new HashSet<>(); // accounts whose earlier change just failed
    for (Delivery d : due) {
      if (stopping) {
        return;
      }
      if (blocked.contains(d.alert().accountId())) {
        continue;
      }
      String error = send(d);
      if (error == null) {
        alerts.delivered(d.seq());
        delivered.increment();
        log.info(
            "alert #{} of account {} ({} {}) delivered",
            d.alert().id(),
            d.alert().accountId(),
            d.alert().kind(),
            AlertNotices.lower(d.alert().state()));
      } else {
        failed.increment();
        blocked.add(d.alert().accountId());
        Duration wait = backoff(d.attempts() + 1);
        alerts.retryLater(d, clock.instant().plus(wait), error);
        log.warn(
            "alert #{} of account {} not delivered (attempt {}): {}; next try in {} ms",
            d.alert().id(),
            d.alert().accountId(),
            d.attempts() + 1,
            error,
            wait.toMillis());
      }
    }
  }

  /** The wait after the {@code attempt}-th failure: doubling, capped, ±20% jitter. */
  Duration backoff(int attempt) {
    long first = settings.firstRetry().toMillis();
    long cap = settings.maxRetry().toMillis();
    long base = first;
    for (int i = 1; i < attempt && base < cap; i++) {
      base *= 2;
    }
    base = Math.min(base, cap);
    double jitter = 0.8 + ThreadLocalRandom.current().nextDouble() * 0.4;
    return Duration.ofMillis(Math.max(1, (long) (base * jitter)));
  }

  /** Sends one delivery; null when the destination took it, else what went wrong. */
  private String send(Delivery d) {
    String secret;
    try {
      secret = cipher.open(d.destination().sealedSecret(), secretContext(d.alert().accountId()));
    } catch (RuntimeException e) {
      return "the destination's secret cannot be opened with this server's key";
    }
    byte[] body = body(d);
    long timestamp = clock.instant().getEpochSecond();
    HttpRequest request;
    try {
      request =
          HttpRequest.newBuilder(URI.create(d.destination().url()))
              .timeout(settings.requestTimeout())
              .header("Content-Type", "application/json")
              .header(WebhookConnector.TIMESTAMP_HEADER, Long.toString(timestamp))
              .header(
                  WebhookConnector.SIGNATURE_HEADER,
                  new WebhookSigner(secret).sign(timestamp, body))
              .header(DELIVERY_HEADER, deliveryId(d.alert()))
              .POST(HttpRequest.BodyPublishers.ofByteArray(body))
              .build();
    } catch (IllegalArgumentException e) {
      return "bad destination: " + e.getMessage();
    }
    try {
      HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
      int status = response.statusCode();
      return status >= 200 && status < 300 ? null : "HTTP " + status;
    } catch (IOException e) {
      return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted";
    }
  }

  /** The delivery's JSON body: the account, the change and the alert as of the change. */
  byte[] body(Delivery d) {
    AlertRow a = d.alert();
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    try (JsonGenerator g = json.createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField("account", a.accountId());
      g.writeStringField("change", a.state() == AlertState.OPEN ? "opened" : "resolved");
      g.writeStringField("changedAt", d.changedAt().toString());
      g.writeFieldName("alert");
      AlertJson.write(g, a);
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** Stops the worker; what is not delivered stays queued in the store for the next start. */
  @Override
  public void close() {
    stopping = true;
    wake();
    try {
      worker.join(settings.requestTimeout().toMillis() + 1_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
