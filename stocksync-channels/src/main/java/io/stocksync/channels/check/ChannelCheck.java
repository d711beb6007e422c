package io.stocksync.channels.check;

import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

/**
 * Checks a channel against its marketplace with read calls only: nothing is written there, and
 * nothing in the store. A capability of its own beside the push {@code Connector}, the order feed
 * and read-back; {@link ChannelChecks#of} gives a channel its marketplace's check.
 *
 * <p>Blocking: called on a request thread, one call at a time, and bounded by {@code deadline}
 * (checks not reached by then fail with "not checked: out of time"). Its calls are paced on a small
 * share of the marketplace's rate budget, so that a test never starves a push.
 */
public interface ChannelCheck {

  /** The run's time is up: the checks not reached are reported as not checked. */
  final class OutOfTime extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public OutOfTime() {
      super("not checked: the test ran out of time", null, false, false);
    }
  }

  /** A listing to check: its SKU, its id on the marketplace, its listing fields (JSON, or null). */
  record Listing(String sku, String externalId, String fieldsJson) {}

  /**
   * One check's verdict.
   *
   * @param name {@code credentials}, {@code settings.<name>}, or {@code listing <sku>}
   * @param detail what was checked, or the marketplace's reason for refusing it; never a secret
   */
  record Check(String name, boolean ok, String detail) {
    public static Check ok(String name, String detail) {
      return new Check(name, true, detail);
    }

    public static Check failed(String name, String detail) {
      return new Check(name, false, detail);
    }

    /** The check's name for a listing. */
    public static String listing(Listing l) {
      return "listing " + l.sku();
    }
  }

  /** Every check, and the verdict: ok only when every check is. */
  record Report(boolean ok, List<Check> checks) {
    public static Report of(List<Check> checks) {
      return new Report(checks.stream().allMatch(Check::ok), List.copyOf(checks));
    }
  }

  /**
   * Checks the credentials, then the settings, then each listing, in batches as the marketplace's
   * read API allows, handing each verdict to {@code results} as soon as it is known: one {@link
   * Check} for the credentials, one per setting checked, and one per listing (or one {@code
   * listings} check saying why none could be checked). A refusal is a failed check with the
   * marketplace's reason, never an exception.
   *
   * @throws OutOfTime when {@code deadline} passes: the checks handed so far stand, the caller
   *     reports the rest as not checked
   */
  void run(List<Listing> listings, Instant deadline, Consumer<Check> results);
}
