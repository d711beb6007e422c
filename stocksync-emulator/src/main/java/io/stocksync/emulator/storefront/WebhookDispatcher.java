package io.stocksync.emulator.storefront;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends one emulator's webhooks: each delivery is a POST of a JSON body with the marketplace's
 * headers, sent by the JDK HttpClient on the dispatcher's own threads, never on the thread that
 * caused it (an emulator's request thread). The webhook faults decide, per delivery, whether it is
 * dropped, sent twice, or delayed.
 *
 * <p>Each delivery is tried once; an answer other than 2xx, or no answer within 10 s, is logged in
 * {@link #deliveries()} and not retried (real marketplaces retry for hours; a subscriber's poll is
 * the reconciliation the emulator leaves to it).
 *
 * <p>Thread-safe.
 */
public final class WebhookDispatcher {

  private static final Logger LOG = LoggerFactory.getLogger(WebhookDispatcher.class);
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  /**
   * One delivery as the emulator logged it ({@code GET /emulator/{m}/webhooks}).
   *
   * @param sequence its place among this emulator's deliveries, from 1
   * @param topic the marketplace's topic ({@code orders/create}, {@code order.updated})
   * @param address the subscriber's URL
   * @param id the marketplace's id of this webhook (Shopify {@code X-Shopify-Webhook-Id},
   *     WooCommerce {@code X-WC-Webhook-Delivery-ID})
   * @param body the JSON sent
   * @param outcome {@code pending}, {@code dropped}, {@code HTTP 200}, or the error
   * @param copies how many copies were sent (2 when duplicated, 0 when dropped)
   * @param sentAt when it was sent (the last copy), real time, ISO 8601; null until then
   */
  public record Delivery(
      long sequence,
      String topic,
      String address,
      String id,
      String body,
      String outcome,
      int copies,
      String sentAt) {}

  private final String name;
  private final WebhookFaults faults;
  private final ExecutorService senders;
  private final ExecutorService network;
  private final ScheduledExecutorService timer;
  private final HttpClient client;
  private final AtomicLong sequence = new AtomicLong();
  private final Map<Long, Delivery> log = new LinkedHashMap<>();

  /** A dispatcher for the emulator {@code name}, obeying {@code faults}. */
  public WebhookDispatcher(String name, WebhookFaults faults) {
    this.name = name;
    this.faults = faults;
    this.senders = Executors.newFixedThreadPool(4, daemon(name + "-webhooks"));
    this.network = Executors.newCachedThreadPool(daemon(name + "-webhook-http"));
    this.timer = Executors.newSingleThreadScheduledExecutor(daemon(name + "-webhook-timer"));
    this.client =
        HttpClient.newBuilder()
            .executor(network)
            .connectTimeout(Duration.ofSeconds(5))
            .version(HttpClient.Version.HTTP_1_1)
            .build();
  }

  /**
   * Sends {@code body} to {@code address} with {@code headers}, as the faults say, without waiting.
   */
  public void send(String topic, URI address, String id, Map<String, String> headers, String body) {
    WebhookFaults.Plan plan = faults.next();
    long number = sequence.incrementAndGet();
    record(
        new Delivery(
            number,
            topic,
            address.toString(),
            id,
            body,
            plan.drop() ? "dropped" : "pending",
            0,
            null));
    if (plan.drop()) {
      LOG.debug("{} webhook {} {} to {} dropped by a fault", name, number, topic, address);
      return;
    }
    HttpRequest.Builder request =
        HttpRequest.newBuilder(address)
            .timeout(TIMEOUT)
            .POST(HttpRequest.BodyPublishers.ofString(body));
    request.header("Content-Type", "application/json");
    headers.forEach(request::header);
    HttpRequest built = request.build();
    Runnable sendAll =
        () -> {
          post(number, built, 1);
          if (plan.duplicate()) {
            post(number, built, 2);
          }
        };
    if (plan.delay().isZero()) {
      senders.execute(sendAll);
    } else {
      timer.schedule(
          () -> senders.execute(sendAll), plan.delay().toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  private void post(long number, HttpRequest request, int copy) {
    String outcome;
    try {
      HttpResponse<Void> response = client.send(request, HttpResponse.BodyHandlers.discarding());
      outcome = "HTTP " + response.statusCode();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      outcome = "interrupted";
    } catch (Exception e) {
      outcome = e.getClass().getSimpleName() + ": " + e.getMessage();
      LOG.debug("{} webhook {} to {} failed: {}", name, number, request.uri(), outcome);
    }
    synchronized (log) {
      Delivery before = log.get(number);
      if (before != null) {
        log.put(
            number,
            new Delivery(
                number,
                before.topic(),
                before.address(),
                before.id(),
                before.body(),
                outcome,
                copy,
                Instant.now().toString()));
      }
    }
  }

  private void record(Delivery delivery) {
    synchronized (log) {
      log.put(delivery.sequence(), delivery);
    }
  }

  /** Every delivery so far, oldest first. A snapshot. */
  public List<Delivery> deliveries() {
    synchronized (log) {
      return new ArrayList<>(log.values());
    }
  }

  /** Forgets the log (deliveries still under way are sent, but not logged). */
  public void clear() {
    synchronized (log) {
      log.clear();
    }
  }

  private static ThreadFactory daemon(String prefix) {
    AtomicLong count = new AtomicLong();
    return runnable -> {
      Thread thread = new Thread(runnable, prefix + "-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
