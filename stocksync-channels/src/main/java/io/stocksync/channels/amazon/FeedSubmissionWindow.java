package io.stocksync.channels.amazon;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;

/**
 * The {@code JSON_LISTINGS_FEED} submission limit, kept by the client: at most {@code limit}
 * submissions in any {@code window} (Amazon's: 5 per 5 minutes per region). Counted as a sliding
 * window, the stricter reading; a 429 from createFeed fills the window, since another client of the
 * same seller may have used it. Thread-safe.
 */
final class FeedSubmissionWindow {

  private final int limit;
  private final Duration window;
  private final ArrayDeque<Instant> submissions = new ArrayDeque<>();

  FeedSubmissionWindow(int limit, Duration window) {
    this.limit = limit;
    this.window = window;
  }

  /** Whether a submission may be made now. */
  synchronized boolean available(Instant now) {
    forget(now);
    return submissions.size() < limit;
  }

  /** Counts a submission made now; false (and nothing counted) when none may be made. */
  synchronized boolean tryReserve(Instant now) {
    forget(now);
    if (submissions.size() >= limit) {
      return false;
    }
    submissions.addLast(now);
    return true;
  }

  /** Marks the window full from now on (Amazon refused a submission). */
  synchronized void fill(Instant now) {
    forget(now);
    while (submissions.size() < limit) {
      submissions.addLast(now);
    }
  }

  private void forget(Instant now) {
    while (!submissions.isEmpty() && !submissions.peekFirst().plus(window).isAfter(now)) {
      submissions.pollFirst();
    }
  }
}
