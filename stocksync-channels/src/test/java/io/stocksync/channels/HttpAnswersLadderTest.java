package io.stocksync.channels;

import static org.assertj.core.api.Assertions.assertThat;

import io.stocksync.channels.HttpAnswers.Ladder;
import org.junit.jupiter.api.Test;

/** SPEC §5's split of HTTP statuses: transient ones use the retry budget, the rest fail at once. */
class HttpAnswersLadderTest {

  @Test
  void aRateLimitIsAThrottle() {
    assertThat(HttpAnswers.ladder(429)).isEqualTo(Ladder.THROTTLED);
  }

  @Test
  void timeoutsAndServerErrorsAreTransient() {
    for (int status : new int[] {408, 500, 502, 503, 504, 599}) {
      assertThat(HttpAnswers.ladder(status)).as("HTTP %d", status).isEqualTo(Ladder.TRANSIENT);
    }
  }

  @Test
  void badCredentialsAndOtherRefusalsAreForGood() {
    for (int status : new int[] {400, 401, 403, 404, 409, 413, 422, 301, 100}) {
      assertThat(HttpAnswers.ladder(status)).as("HTTP %d", status).isEqualTo(Ladder.REFUSED);
    }
  }

  @Test
  void anySuccessIsAnAnswerToRead() {
    for (int status : new int[] {200, 201, 202, 204, 207}) {
      assertThat(HttpAnswers.ladder(status)).as("HTTP %d", status).isEqualTo(Ladder.ANSWERED);
    }
  }

  @Test
  void aQuotedBodyIsTextBothStoresCanKeep() {
    String body = "{\"error\":\"no\u0000such\titem\uD800\"}" + "x".repeat(1000);

    String quoted = HttpAnswers.quote(body);

    assertThat(quoted).startsWith("{\"error\":\"no such item\uFFFD\"}").endsWith("…");
    assertThat(quoted.length()).isLessThanOrEqualTo(HttpAnswers.QUOTE + 1);
    assertThat(io.stocksync.core.inventory.StorableValues.problemWithText(quoted, 10_000)).isNull();
  }
}
