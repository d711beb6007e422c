package io.stocksync.emulator;

import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import java.time.Instant;
import java.util.Map;

/**
 * One request an emulator received, as {@code GET /emulator/{marketplace}/requests} lists it.
 *
 * <p>Immutable. Secret headers (access tokens, authorization) are already redacted.
 *
 * @param sequence the arrival order, from 1, across the emulator's life (reset starts again at 1)
 * @param method the HTTP method
 * @param path the request path
 * @param query the raw query string, empty when there was none
 * @param headers the headers, secrets replaced by {@code "<redacted>"}
 * @param body the body as UTF-8 text
 * @param time when it arrived, by the emulator's clock
 * @param status the HTTP status answered, or null while the request is still being handled
 */
public record RecordedRequest(
    long sequence,
    String method,
    String path,
    String query,
    Map<String, String> headers,
    String body,
    @JsonSerialize(using = ToStringSerializer.class) Instant time,
    Integer status) {

  /** Freezes the headers. */
  public RecordedRequest {
    headers = Map.copyOf(headers);
  }

  RecordedRequest answered(int answeredStatus) {
    return new RecordedRequest(sequence, method, path, query, headers, body, time, answeredStatus);
  }
}
