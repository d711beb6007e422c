package io.stocksync.emulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One HTTP request as a marketplace emulator sees it: method, path, headers and the raw body.
 *
 * <p>Immutable and thread-safe. Header names are matched without regard to case.
 *
 * @param method the HTTP method, upper case
 * @param path the request path, starting with the marketplace prefix ({@code /shopify/...})
 * @param headers the request headers, first value of each, looked up case-insensitively
 * @param body the raw body bytes, never null (empty when the request had none)
 */
public record EmulatorRequest(
    String method, String path, Map<String, String> headers, byte[] body) {

  /** Copies the headers into a case-insensitive map so lookups need not care about case. */
  public EmulatorRequest {
    TreeMap<String, String> caseInsensitive = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    caseInsensitive.putAll(headers);
    headers = Collections.unmodifiableMap(caseInsensitive);
    body = body.clone();
  }

  /** The value of a header, if the request carried it. */
  public Optional<String> header(String name) {
    return Optional.ofNullable(headers.get(name));
  }

  /** The body decoded as UTF-8. */
  public String bodyText() {
    return new String(body, StandardCharsets.UTF_8);
  }

  /** The raw body bytes (a copy). */
  @Override
  public byte[] body() {
    return body.clone();
  }

  /**
   * The body parsed as JSON.
   *
   * @throws IllegalArgumentException when the body is empty or not JSON
   */
  public JsonNode json() {
    if (body.length == 0) {
      throw new IllegalArgumentException("the request has no body");
    }
    try {
      return EmulatorResponse.MAPPER.readTree(body);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("the body is not valid JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
