package io.stocksync.emulator.amazon;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * The feed-type limit on {@code JSON_LISTINGS_FEED} submissions, on top of createFeed's own usage
 * plan: at most {@code submissions} accepted per sliding {@code window} of the emulator's clock,
 * per account. Amazon states it as "five feed submissions per five minutes" per region (changelog
 * of 2025-05-06,
 * https://developer-docs.amazon.com/sp-api/changelog/update-feed-size-and-rate-limit-changes-for-the-json_listings_feed);
 * whether Amazon counts it as a sliding window or a bucket is not stated, and the sliding window is
 * the emulator's reading.
 *
 * <p>Thread-safe: every method is synchronized.
 */
final class FeedSubmissionLimit {

  private final Clock clock;
  private final int submissions;
  private final Duration window;
  private final Map<String, Deque<Instant>> accepted = new HashMap<>();

  FeedSubmissionLimit(Clock clock, int submissions, Duration window) {
    this.clock = clock;
    this.submissions = submissions;
    this.window = window;
  }

  /** Counts one submission for {@code account} if the window has room; says whether it did. */
  synchronized boolean tryAccept(String account) {
    Instant now = clock.instant();
    Deque<Instant> times = accepted.computeIfAbsent(account, a -> new ArrayDeque<>());
    while (!times.isEmpty() && !times.peekFirst().plus(window).isAfter(now)) {
      times.removeFirst();
    }
    if (times.size() >= submissions) {
      return false;
    }
    times.addLast(now);
    return true;
  }

  synchronized void clear() {
    accepted.clear();
  }
}
