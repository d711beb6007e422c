package io.stocksync.emulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;

/**
 * The answer an emulator gives to one request.
 *
 * <p>Immutable and thread-safe.
 *
 * @param status the HTTP status
 * @param headers extra response headers (the content type is set from {@code contentType})
 * @param contentType the media type of the body
 * @param body the body text, empty for none
 */
public record EmulatorResponse(
    int status, Map<String, String> headers, String contentType, String body) {

  static final ObjectMapper MAPPER = new ObjectMapper();

  /** Freezes the headers. */
  public EmulatorResponse {
    headers = Map.copyOf(headers);
  }

  /** A JSON answer: {@code value} is serialized with Jackson (maps, lists, records, nodes). */
  public static EmulatorResponse json(int status, Object value) {
    try {
      return new EmulatorResponse(
          status, Map.of(), "application/json", MAPPER.writeValueAsString(value));
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** An answer with no body. */
  public static EmulatorResponse empty(int status) {
    return new EmulatorResponse(status, Map.of(), "text/plain", "");
  }

  /** The standard reason phrase of an HTTP status, or {@code "HTTP <status>"} for a rare one. */
  public static String reasonPhrase(int status) {
    return switch (status) {
      case 400 -> "Bad Request";
      case 401 -> "Unauthorized";
      case 402 -> "Payment Required";
      case 403 -> "Forbidden";
      case 404 -> "Not Found";
      case 409 -> "Conflict";
      case 422 -> "Unprocessable Entity";
      case 423 -> "Locked";
      case 429 -> "Too Many Requests";
      case 500 -> "Internal Server Error";
      case 502 -> "Bad Gateway";
      case 503 -> "Service Unavailable";
      case 504 -> "Gateway Timeout";
      default -> "HTTP " + status;
    };
  }

  /** The same answer with one more header. */
  public EmulatorResponse withHeader(String name, String value) {
    HashMap<String, String> more = new HashMap<>(headers);
    more.put(name, value);
    return new EmulatorResponse(status, more, contentType, body);
  }
}
