package io.stocksync.channels;

import io.stocksync.core.inventory.StorableValues;
import java.net.ConnectException;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.concurrent.CompletionException;

/** What connectors read the same way from any HTTP answer. Stateless. */
public final class HttpAnswers {

  /** The longest piece of an answer's body quoted in the attempt log. */
  static final int QUOTE = 300;

  private HttpAnswers() {}

  /**
   * What an HTTP status means for a push, the same for every marketplace (SPEC §5): written once
   * here, so that every connector retries and fails alike.
   */
  public enum Ladder {
    /** 2xx: the marketplace answered; read the body. */
    ANSWERED,
    /** 429: rate-limited, nothing applied; wait as told, charge nothing. */
    THROTTLED,
    /**
     * 408 and 5xx: no usable answer, perhaps applied; a transient error that the retry budget is
     * for.
     */
    TRANSIENT,
    /**
     * Any other status (400, 401 and 403 after the connector's one token refresh, 404, 413, …):
     * sending it again as it is cannot help, so the listings fail at once with the marketplace's
     * reason.
     */
    REFUSED
  }

  /** Where {@code status} stands on the {@link Ladder}. */
  public static Ladder ladder(int status) {
    if (status == 429) {
      return Ladder.THROTTLED;
    }
    if (status == 408 || status >= 500) {
      return Ladder.TRANSIENT;
    }
    if (status >= 200 && status <= 299) {
      return Ladder.ANSWERED;
    }
    return Ladder.REFUSED;
  }

  /**
   * The answer's {@code Retry-After} (delta-seconds or an HTTP date, RFC 9110 §10.2.3), or null
   * when it has none or it does not parse.
   */
  public static Duration retryAfter(HttpResponse<?> response, Instant now) {
    String value = response.headers().firstValue("Retry-After").orElse(null);
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return Duration.ofSeconds(Math.max(0, Long.parseLong(value.trim())));
    } catch (NumberFormatException notSeconds) {
      try {
        Instant at =
            ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        return at.isAfter(now) ? Duration.between(now, at) : Duration.ZERO;
      } catch (DateTimeParseException notADate) {
        return null;
      }
    }
  }

  /** The start of a body, for the attempt log. */
  public static String quote(String body) {
    if (body == null) {
      return "";
    }
    String flat = body.replaceAll("\\s+", " ").strip();
    // A marketplace's body is foreign text: no NUL, no control character, no lone surrogate, and
    // never cut between the halves of a pair, so that the attempt log can keep it in any store.
    return StorableValues.storableText(flat, QUOTE + 1);
  }

  /**
   * The outcome of a call that got no answer: always uncertain, since the marketplace may have
   * applied it before the connection broke or the time ran out.
   */
  public static CallOutcome noAnswer(Throwable error) {
    Throwable cause =
        error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    String detail;
    if (cause instanceof HttpTimeoutException) {
      detail = "no answer in time";
    } else if (cause instanceof ConnectException) {
      detail = "could not connect";
    } else {
      detail = "connection failed: " + cause.getClass().getSimpleName();
    }
    return new CallOutcome.Unavailable(null, null, detail, true);
  }
}
