package io.stocksync.channels.amazon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stocksync.channels.CallOutcome;
import io.stocksync.channels.CallOutcome.Answered;
import io.stocksync.channels.CallOutcome.ItemResult;
import io.stocksync.channels.CallOutcome.NotApplied;
import io.stocksync.channels.ConnectorContext;
import io.stocksync.channels.HttpAnswers;
import io.stocksync.channels.TokenBucketPacer;
import io.stocksync.core.inventory.PendingPush;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.zip.GZIPInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@code JSON_LISTINGS_FEED} from document to per-item outcome: createFeedDocument, the upload
 * to its pre-signed URL, createFeed, getFeed polled until {@code DONE}, {@code FATAL} or {@code
 * CANCELLED}, then getFeedDocument and the processing report, read per {@code messageId}. Each
 * Selling Partner API step is paced to its operation's usage plan and retried on 429, 5xx and
 * broken connections; every wait goes through the context's scheduler.
 *
 * <p>Used once; its future completes with the feed's {@link CallOutcome}, never exceptionally.
 */
final class ListingsFeedRun {
  private static final Logger log = LoggerFactory.getLogger(ListingsFeedRun.class);

  /** Tries of one step before the feed gives up on it. */
  static final int STEP_TRIES = 6;

  /** The first wait before a step is tried again; doubled each time, up to {@link #MAX_WAIT}. */
  static final Duration STEP_BACKOFF = Duration.ofSeconds(1);

  static final Duration MAX_WAIT = Duration.ofMinutes(1);

  /** The feed ends with this outcome (a step failed for good, or the feed's result says so). */
  private static final class Stop extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final transient CallOutcome outcome;

    Stop(CallOutcome outcome) {
      super(null, null, false, false);
      this.outcome = outcome;
    }
  }

  private final AmazonConnector.Feeds feeds;
  private final SpApi spApi;
  private final ConnectorContext context;
  private final List<PendingPush> pushes;
  private final byte[] document;
  private final Instant deadline;
  private String feedId;

  ListingsFeedRun(
      AmazonConnector.Feeds feeds,
      SpApi spApi,
      ConnectorContext context,
      List<PendingPush> pushes,
      byte[] document) {
    this.feeds = feeds;
    this.spApi = spApi;
    this.context = context;
    this.pushes = pushes;
    this.document = document;
    this.deadline = context.clock().instant().plus(feeds.timeout());
  }

  CompletableFuture<CallOutcome> run() {
    return createDocument()
        .thenCompose(this::upload)
        .thenCompose(this::createFeed)
        .thenCompose(id -> poll())
        .thenCompose(this::result)
        .exceptionally(this::ended);
  }

  // ------------------------------------------------------------------ the steps

  private record Upload(String documentId, URI url) {}

  private CompletableFuture<Upload> createDocument() {
    ObjectNode body = ListingsDocuments.object();
    body.put("contentType", ListingsDocuments.FEED_CONTENT_TYPE);
    String json = ListingsDocuments.write(body);
    return step(
            "createFeedDocument",
            feeds.createFeedDocumentPacer(),
            b -> post(b, feeds.uri("/feeds/2021-06-30/documents"), json))
        .thenApply(
            r -> {
              JsonNode answer = ListingsDocuments.parse(r.body());
              if ((r.statusCode() != 201 && r.statusCode() != 200)
                  || !answer.path("url").isTextual()) {
                throw notSubmitted(r, "createFeedDocument");
              }
              return new Upload(
                  answer.path("feedDocumentId").asText(),
                  URI.create(answer.path("url").textValue()));
            });
  }

  private CompletableFuture<String> upload(Upload target) {
    HttpRequest request =
        HttpRequest.newBuilder(target.url())
            .timeout(context.requestTimeout())
            .header("Content-Type", ListingsDocuments.FEED_CONTENT_TYPE)
            .PUT(HttpRequest.BodyPublishers.ofByteArray(document))
            .build();
    return retrying(
            "upload",
            () ->
                context
                    .http()
                    .sendAsync(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8)),
            1)
        .thenApply(
            r -> {
              if (r.statusCode() / 100 != 2) {
                throw notSubmitted(r, "feed document upload");
              }
              return target.documentId();
            });
  }

  private CompletableFuture<String> createFeed(String documentId) {
    ObjectNode body = ListingsDocuments.object();
    body.put("feedType", AmazonConnector.FEED_TYPE);
    body.putArray("marketplaceIds").add(feeds.marketplaceId());
    body.put("inputFeedDocumentId", documentId);
    String json = ListingsDocuments.write(body);
    // Not retried on 429: for createFeed that is the feed-type limit, which lasts minutes.
    return step(
            "createFeed",
            feeds.createFeedPacer(),
            b -> post(b, feeds.uri("/feeds/2021-06-30/feeds"), json),
            false)
        .thenApply(
            r -> {
              JsonNode answer = ListingsDocuments.parse(r.body());
              if (r.statusCode() == 429) {
                feeds.window().fill(context.clock().instant());
                List<ItemResult> none = new ArrayList<>();
                for (int i = 0; i < pushes.size(); i++) {
                  none.add(new NotApplied("feed submission limit reached"));
                }
                throw new Stop(new Answered(429, none));
              }
              if (r.statusCode() / 100 != 2 || !answer.path("feedId").isTextual()) {
                throw notSubmitted(r, "createFeed");
              }
              feedId = answer.path("feedId").textValue();
              log.info("Amazon feed {} submitted with {} messages", feedId, pushes.size());
              return feedId;
            });
  }

  /** getFeed every poll interval until the feed ends; its last answer. */
  private CompletableFuture<JsonNode> poll() {
    if (context.clock().instant().isAfter(deadline)) {
      throw new Stop(
          new CallOutcome.Unavailable(
              null, null, "feed " + feedId + " did not finish within " + feeds.timeout(), true));
    }
    return after(feeds.pollInterval())
        .thenCompose(
            v ->
                step(
                    "getFeed",
                    feeds.getFeedPacer(),
                    b -> b.uri(feeds.uri("/feeds/2021-06-30/feeds/" + feedId)).GET().build()))
        .thenCompose(
            r -> {
              if (r.statusCode() != 200) {
                throw afterSubmission(r, "getFeed");
              }
              JsonNode feed = ListingsDocuments.parse(r.body());
              String status = feed.path("processingStatus").asText("");
              if ("DONE".equals(status) || "FATAL".equals(status) || "CANCELLED".equals(status)) {
                return CompletableFuture.completedFuture(feed);
              }
              return poll();
            });
  }

  private CompletableFuture<CallOutcome> result(JsonNode feed) {
    String status = feed.path("processingStatus").asText();
    log.info("Amazon feed {} ended {}", feedId, status);
    if ("CANCELLED".equals(status)) {
      return CompletableFuture.completedFuture(
          new CallOutcome.Unavailable(null, null, "feed " + feedId + " was cancelled", false));
    }
    String reportId = feed.path("resultFeedDocumentId").asText("");
    if (reportId.isEmpty()) {
      return CompletableFuture.completedFuture(
          "FATAL".equals(status)
              ? new CallOutcome.Refused(200, "feed " + feedId + " FATAL, without a report")
              : new CallOutcome.Unavailable(
                  null, null, "feed " + feedId + " DONE without a report", true));
    }
    return report(reportId)
        .thenApply(
            body -> {
              List<String> feedIssues = new ArrayList<>();
              List<ItemResult> items = ListingsDocuments.report(pushes, body, feedIssues);
              if ("FATAL".equals(status)) {
                return new CallOutcome.Refused(
                    200, "feed " + feedId + " FATAL: " + String.join("; ", feedIssues));
              }
              if (!feedIssues.isEmpty()) {
                log.warn("Amazon feed {}: {}", feedId, feedIssues);
              }
              return new Answered(200, items);
            });
  }

  private CompletableFuture<String> report(String documentId) {
    return step(
            "getFeedDocument",
            feeds.getFeedDocumentPacer(),
            b -> b.uri(feeds.uri("/feeds/2021-06-30/documents/" + documentId)).GET().build())
        .thenCompose(
            r -> {
              JsonNode answer = ListingsDocuments.parse(r.body());
              if (r.statusCode() != 200 || !answer.path("url").isTextual()) {
                throw afterSubmission(r, "getFeedDocument");
              }
              boolean gzip = "GZIP".equals(answer.path("compressionAlgorithm").asText());
              HttpRequest request =
                  HttpRequest.newBuilder(URI.create(answer.path("url").textValue()))
                      .timeout(context.requestTimeout())
                      .GET()
                      .build();
              return retrying(
                      "report download",
                      () ->
                          context
                              .http()
                              .sendAsync(request, HttpResponse.BodyHandlers.ofByteArray()),
                      1)
                  .thenApply(
                      d -> {
                        if (d.statusCode() != 200) {
                          throw new Stop(
                              new CallOutcome.Unavailable(
                                  d.statusCode(),
                                  null,
                                  "feed " + feedId + ": report download HTTP " + d.statusCode(),
                                  true));
                        }
                        return text(d.body(), gzip);
                      });
            });
  }

  // ------------------------------------------------------------------ plumbing

  private static HttpRequest post(HttpRequest.Builder b, URI uri, String json) {
    return b.uri(uri)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json))
        .build();
  }

  private CompletableFuture<HttpResponse<String>> step(
      String what, TokenBucketPacer pacer, Function<HttpRequest.Builder, HttpRequest> build) {
    return step(what, pacer, build, true);
  }

  /** An SP-API step, paced to its usage plan, tried again on 5xx, broken connections and 429. */
  private CompletableFuture<HttpResponse<String>> step(
      String what,
      TokenBucketPacer pacer,
      Function<HttpRequest.Builder, HttpRequest> build,
      boolean retryThrottled) {
    return retrying(
        what, () -> paced(pacer).thenCompose(v -> spApi.send(build)), 1, retryThrottled);
  }

  private <T> CompletableFuture<HttpResponse<T>> retrying(
      String what, Supplier<CompletableFuture<HttpResponse<T>>> send, int attempt) {
    return retrying(what, send, attempt, true);
  }

  private <T> CompletableFuture<HttpResponse<T>> retrying(
      String what,
      Supplier<CompletableFuture<HttpResponse<T>>> send,
      int attempt,
      boolean retryThrottled) {
    return send.get()
        .handle(
            (r, error) -> {
              if (error != null && LwaTokens.outcomeOf(error) != null) {
                throw new Stop(LwaTokens.outcomeOf(error));
              }
              boolean again =
                  error != null
                      || HttpAnswers.ladder(r.statusCode()) == HttpAnswers.Ladder.TRANSIENT
                      || (retryThrottled
                          && HttpAnswers.ladder(r.statusCode()) == HttpAnswers.Ladder.THROTTLED);
              if (!again) {
                return CompletableFuture.completedFuture(r);
              }
              if (attempt >= STEP_TRIES) {
                if (r != null) {
                  return CompletableFuture.completedFuture(r); // the caller reads the failure
                }
                CallOutcome none = HttpAnswers.noAnswer(error);
                String detail = none instanceof CallOutcome.Unavailable u ? u.detail() : "";
                throw new Stop(
                    new CallOutcome.Unavailable(
                        null, null, label() + what + ": " + detail, feedId != null));
              }
              Duration wait = backoff(attempt);
              return after(wait)
                  .thenCompose(v -> retrying(what, send, attempt + 1, retryThrottled));
            })
        .thenCompose(f -> f);
  }

  private CompletableFuture<Void> paced(TokenBucketPacer pacer) {
    Instant now = context.clock().instant();
    Duration wait = pacer.delay(now);
    if (wait.isZero()) {
      pacer.take(now);
      return CompletableFuture.completedFuture(null);
    }
    return after(wait).thenCompose(v -> paced(pacer));
  }

  private CompletableFuture<Void> after(Duration wait) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    context.scheduler().schedule(wait, () -> done.complete(null));
    return done;
  }

  private Duration backoff(int attempt) {
    Duration d = STEP_BACKOFF.multipliedBy(1L << Math.min(attempt - 1, 10));
    if (d.compareTo(MAX_WAIT) > 0) {
      d = MAX_WAIT;
    }
    // Equal jitter, as RetryPolicy: between half and all of it.
    return Duration.ofNanos((long) (d.toNanos() * (0.5 + 0.5 * context.random().getAsDouble())));
  }

  /** Before createFeed succeeded nothing can have applied. */
  private Stop notSubmitted(HttpResponse<String> r, String what) {
    String detail = label() + what + " HTTP " + r.statusCode() + ": " + errorOf(r);
    CallOutcome outcome =
        HttpAnswers.ladder(r.statusCode()) == HttpAnswers.Ladder.TRANSIENT
                || HttpAnswers.ladder(r.statusCode()) == HttpAnswers.Ladder.THROTTLED
            ? new CallOutcome.Unavailable(r.statusCode(), null, detail, false)
            : new CallOutcome.Refused(r.statusCode(), detail);
    return new Stop(outcome);
  }

  /** After createFeed the feed may have applied: whatever ends it is uncertain. */
  private Stop afterSubmission(HttpResponse<String> r, String what) {
    return new Stop(
        new CallOutcome.Unavailable(
            r.statusCode(),
            null,
            label() + what + " HTTP " + r.statusCode() + ": " + errorOf(r),
            true));
  }

  private String label() {
    return feedId == null ? "feed: " : "feed " + feedId + ": ";
  }

  private static String errorOf(HttpResponse<String> r) {
    return ListingsDocuments.error(r.body());
  }

  private CallOutcome ended(Throwable error) {
    Throwable cause = error;
    while (cause instanceof CompletionException && cause.getCause() != null) {
      cause = cause.getCause();
    }
    if (cause instanceof Stop stop) {
      return stop.outcome;
    }
    CallOutcome lwa = LwaTokens.outcomeOf(cause);
    if (lwa != null) {
      return lwa;
    }
    log.warn("Amazon feed {} failed", feedId, cause);
    return new CallOutcome.Unavailable(null, null, label() + cause, feedId != null);
  }

  private static String text(byte[] body, boolean gzip) {
    if (!gzip) {
      return new String(body, StandardCharsets.UTF_8);
    }
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new CompletionException(e);
    }
  }
}
