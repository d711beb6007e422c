package io.stocksync.emulator.amazon;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The Feeds API 2021-06-30 as far as {@code JSON_LISTINGS_FEED} needs it: feed documents (input
 * documents uploaded to a pre-signed URL, result documents holding processing reports) and feeds,
 * whose processing advances with the emulator's clock — {@code IN_QUEUE} for the queue time, then
 * {@code IN_PROGRESS} for the processing time, then {@code DONE} (or {@code FATAL}) — so clients
 * must poll. A feed's messages take effect at the instant it finishes; the emulator catches up with
 * the clock before every request it serves ({@link #advance()}), so feeds and direct submissions
 * apply in clock order.
 *
 * <p>Every document and feed belongs to the account (the LWA refresh token) that created it and is
 * invisible to others.
 *
 * <p>Thread-safe: every method is synchronized.
 */
final class ListingsFeeds {

  /** The one feed type the emulator processes. */
  static final String FEED_TYPE = "JSON_LISTINGS_FEED";

  /** Feeds API model: "This URL expires after 5 minutes." (CreateFeedDocumentResponse.url). */
  static final Duration URL_LIFETIME = Duration.ofMinutes(5);

  enum Status {
    IN_QUEUE,
    IN_PROGRESS,
    DONE,
    FATAL,
    CANCELLED
  }

  /** The outcome of a transfer to or from a pre-signed URL. */
  enum Transfer {
    OK,
    NO_SUCH_DOCUMENT,
    EXPIRED,
    CONTENT_TYPE_MISMATCH
  }

  /** A feed document: an input uploaded by the client, or a result written by processing. */
  static final class Document {
    final String id;
    final String account;
    final String contentType;
    byte[] content;
    Instant urlExpiresAt;

    Document(String id, String account, String contentType, byte[] content, Instant expiresAt) {
      this.id = id;
      this.account = account;
      this.contentType = contentType;
      this.content = content;
      this.urlExpiresAt = expiresAt;
    }
  }

  private static final class Feed {
    final String id;
    final String account;
    final String feedType;
    final List<String> marketplaceIds;
    final byte[] input;
    final Instant createdAt;
    Status status = Status.IN_QUEUE;
    Instant startedAt;
    Instant endedAt;
    String resultDocumentId;

    Feed(
        String id,
        String account,
        String feedType,
        List<String> marketplaceIds,
        byte[] input,
        Instant createdAt) {
      this.id = id;
      this.account = account;
      this.feedType = feedType;
      this.marketplaceIds = marketplaceIds;
      this.input = input;
      this.createdAt = createdAt;
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long FIRST_FEED_ID = 50_001;

  private final Clock clock;
  private final AmazonListings listings;
  private final Duration queueTime;
  private final Duration processingTime;
  private final Map<String, Document> documents = new HashMap<>();
  private final Map<String, Feed> feeds = new LinkedHashMap<>();
  private final Map<String, Map<String, Object>> reports = new HashMap<>();
  private long nextFeedId = FIRST_FEED_ID;

  ListingsFeeds(Clock clock, AmazonListings listings, Duration queueTime, Duration processingTime) {
    this.clock = clock;
    this.listings = listings;
    this.queueTime = queueTime;
    this.processingTime = processingTime;
  }

  /** createFeedDocument: a new, empty input document whose upload URL lives 5 minutes. */
  synchronized Document createDocument(String account, String contentType) {
    Document document =
        new Document(
            UUID.randomUUID().toString(), account, contentType, null, now().plus(URL_LIFETIME));
    documents.put(document.id, document);
    return document;
  }

  /**
   * A PUT to a document's pre-signed upload URL. The {@code Content-Type} must be the one given to
   * createFeedDocument (a pre-signed URL is signed for it).
   */
  synchronized Transfer upload(String documentId, String contentType, byte[] content) {
    Document document = documents.get(documentId);
    if (document == null || reports.containsKey(documentId)) {
      return Transfer.NO_SUCH_DOCUMENT;
    }
    if (!now().isBefore(document.urlExpiresAt)) {
      return Transfer.EXPIRED;
    }
    if (!sameMediaType(document.contentType, contentType)) {
      return Transfer.CONTENT_TYPE_MISMATCH;
    }
    document.content = content.clone();
    return Transfer.OK;
  }

  /**
   * The answer to a GET of a pre-signed download URL.
   *
   * @param outcome whether it may be downloaded
   * @param content the document's content when it may, else null
   */
  record Download(Transfer outcome, byte[] content) {}

  /** A GET of a document's pre-signed download URL (handed out by getFeedDocument). */
  synchronized Download download(String documentId) {
    advance();
    Document document = documents.get(documentId);
    if (document == null || document.content == null) {
      return new Download(Transfer.NO_SUCH_DOCUMENT, null);
    }
    if (!now().isBefore(document.urlExpiresAt)) {
      return new Download(Transfer.EXPIRED, null);
    }
    return new Download(Transfer.OK, document.content.clone());
  }

  /** getFeedDocument: the account's document, its download URL renewed for 5 minutes. */
  synchronized Optional<Document> document(String account, String documentId) {
    advance();
    Document document = documents.get(documentId);
    if (document == null || !document.account.equals(account)) {
      return Optional.empty();
    }
    document.urlExpiresAt = now().plus(URL_LIFETIME);
    return Optional.of(document);
  }

  /**
   * createFeed. The input document's content is read now: upload it first.
   *
   * @throws IllegalArgumentException when the account has no such input document
   */
  synchronized String createFeed(
      String account, String feedType, List<String> marketplaceIds, String inputDocumentId) {
    advance();
    Document input = documents.get(inputDocumentId);
    if (input == null || !input.account.equals(account) || reports.containsKey(inputDocumentId)) {
      throw new IllegalArgumentException(
          "inputFeedDocumentId " + inputDocumentId + " is not a feed document of this account");
    }
    String id = Long.toString(nextFeedId++);
    byte[] content = input.content == null ? null : input.content.clone();
    feeds.put(id, new Feed(id, account, feedType, List.copyOf(marketplaceIds), content, now()));
    return id;
  }

  /** getFeed: the account's feed in the {@code Feed} shape of the model, if it has one. */
  synchronized Optional<Map<String, Object>> feed(String account, String feedId) {
    advance();
    Feed feed = feeds.get(feedId);
    if (feed == null || !feed.account.equals(account)) {
      return Optional.empty();
    }
    return Optional.of(view(feed));
  }

  /**
   * cancelFeed: cancels a feed still {@code IN_QUEUE}; says whether it did (false: no such feed of
   * the account, or no longer in the queue — told apart by {@link #feed}).
   */
  synchronized boolean cancel(String account, String feedId) {
    advance();
    Feed feed = feeds.get(feedId);
    if (feed == null || !feed.account.equals(account) || feed.status != Status.IN_QUEUE) {
      return false;
    }
    feed.status = Status.CANCELLED;
    feed.endedAt = now();
    return true;
  }

  /** Brings every feed up to the clock, processing those whose time has come, oldest first. */
  synchronized void advance() {
    Instant now = clock.instant();
    for (Feed feed : feeds.values()) {
      if (feed.status != Status.IN_QUEUE && feed.status != Status.IN_PROGRESS) {
        continue;
      }
      Instant startAt = feed.createdAt.plus(queueTime);
      Instant endAt = startAt.plus(processingTime);
      if (!now.isBefore(startAt)) {
        feed.status = Status.IN_PROGRESS;
        feed.startedAt = seconds(startAt);
      }
      if (!now.isBefore(endAt)) {
        finish(feed, endAt);
      }
    }
  }

  synchronized void clear() {
    documents.clear();
    feeds.clear();
    reports.clear();
    nextFeedId = FIRST_FEED_ID;
  }

  private void finish(Feed feed, Instant endAt) {
    FeedProcessor.Result result = FeedProcessor.process(feed.id, feed.input, listings);
    byte[] report;
    try {
      report = JSON.writeValueAsBytes(result.report());
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
    Document document =
        new Document(UUID.randomUUID().toString(), feed.account, "application/json", report, endAt);
    documents.put(document.id, document);
    reports.put(document.id, result.report());
    feed.resultDocumentId = document.id;
    feed.status = result.fatal() ? Status.FATAL : Status.DONE;
    feed.endedAt = seconds(endAt);
  }

  private Map<String, Object> view(Feed feed) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("feedId", feed.id);
    view.put("feedType", feed.feedType);
    view.put("marketplaceIds", feed.marketplaceIds);
    view.put("createdTime", seconds(feed.createdAt).toString());
    view.put("processingStatus", feed.status.name());
    if (feed.startedAt != null) {
      view.put("processingStartTime", feed.startedAt.toString());
    }
    if (feed.endedAt != null) {
      view.put("processingEndTime", seconds(feed.endedAt).toString());
    }
    if (feed.resultDocumentId != null) {
      view.put("resultFeedDocumentId", feed.resultDocumentId);
    }
    return view;
  }

  private Instant now() {
    return clock.instant();
  }

  private static Instant seconds(Instant instant) {
    return instant.truncatedTo(ChronoUnit.SECONDS);
  }

  private static boolean sameMediaType(String expected, String actual) {
    return actual != null && normalized(expected).equals(normalized(actual));
  }

  private static String normalized(String contentType) {
    return contentType.replace(" ", "").toLowerCase(Locale.ROOT);
  }
}
