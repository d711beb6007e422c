package io.stocksync.emulator;

import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The requests one emulator received, in arrival order, each with the status it was answered.
 *
 * <p>Thread-safe: requests are recorded from many server threads at once; {@link #list()} is a
 * snapshot. A request appears as soon as it arrives, with a null status until it is answered.
 */
public final class RequestJournal {

  private static final String REDACTED = "<redacted>";

  private final Clock clock;
  private final Set<String> secretHeaders;
  private final AtomicLong sequence = new AtomicLong();
  private final ConcurrentSkipListMap<Long, RecordedRequest> entries =
      new ConcurrentSkipListMap<>();

  /**
   * @param clock stamps each request's arrival
   * @param secretHeaders header names (any case) whose values are never recorded; {@code
   *     Authorization} always is one
   */
  public RequestJournal(Clock clock, Set<String> secretHeaders) {
    this.clock = clock;
    TreeMap<String, Boolean> names = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    secretHeaders.forEach(name -> names.put(name, true));
    names.put("Authorization", true);
    this.secretHeaders = names.keySet();
  }

  /** Records an arriving request; returns its sequence number for {@link #answered}. */
  public long arrived(EmulatorRequest request) {
    long seq = sequence.incrementAndGet();
    TreeMap<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    request
        .headers()
        .forEach(
            (name, value) -> headers.put(name, secretHeaders.contains(name) ? REDACTED : value));
    entries.put(
        seq,
        new RecordedRequest(
            seq,
            request.method(),
            request.path(),
            request.query(),
            headers,
            request.bodyText(),
            clock.instant(),
            null));
    return seq;
  }

  /** Notes the status a recorded request was answered with. */
  public void answered(long sequence, int status) {
    entries.computeIfPresent(sequence, (seq, entry) -> entry.answered(status));
  }

  /** The recorded requests, oldest first. */
  public List<RecordedRequest> list() {
    return List.copyOf(entries.values());
  }

  /** Forgets every request and restarts the numbering. */
  public void clear() {
    entries.clear();
    sequence.set(0);
  }
}
