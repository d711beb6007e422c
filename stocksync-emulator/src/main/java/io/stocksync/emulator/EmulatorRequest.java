package io.stocksync.emulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One HTTP request as a marketplace emulator sees it: method, path, headers and the raw body.
 *
 * <p>Immutable and thread-safe. Header names are matched without regard to case.
 *
 * @param method the HTTP method, upper case
 * @param path the request path as sent (still percent-encoded), starting with the marketplace
 *     prefix ({@code /shopify/...})
 * @param query the raw query string without the {@code ?}, empty when there was none
 * @param headers the request headers, first value of each, looked up case-insensitively
 * @param body the raw body bytes, never null (empty when the request had none)
 */
public record EmulatorRequest(
    String method, String path, String query, Map<String, String> headers, byte[] body) {

  /** Copies the headers into a case-insensitive map so lookups need not care about case. */
  public EmulatorRequest {
    query = query == null ? "" : query;
    TreeMap<String, String> caseInsensitive = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    caseInsensitive.putAll(headers);
    headers = Collections.unmodifiableMap(caseInsensitive);
    body = body.clone();
  }

  /** A request without a query string. */
  public EmulatorRequest(String method, String path, Map<String, String> headers, byte[] body) {
    this(method, path, "", headers, body);
  }

  /** The query parameters, decoded, each with its values in order; a snapshot. */
  public Map<String, List<String>> queryParams() {
    return decodeForm(query);
  }

  /** The first value of a query parameter, decoded, if the request had it. */
  public Optional<String> queryParam(String name) {
    List<String> values = queryParams().get(name);
    return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
  }

  /** The body read as {@code application/x-www-form-urlencoded}, decoded. */
  public Map<String, List<String>> formParams() {
    return decodeForm(bodyText());
  }

  /**
   * The user name and password of an {@code Authorization: Basic} header, if the request carried a
   * well-formed one.
   */
  public Optional<Map.Entry<String, String>> basicCredentials() {
    String authorization = header("Authorization").orElse("").trim();
    if (!authorization.toLowerCase(Locale.ROOT).startsWith("basic ")) {
      return Optional.empty();
    }
    String decoded;
    try {
      decoded =
          new String(
              Base64.getDecoder().decode(authorization.substring(6).trim()),
              StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    int colon = decoded.indexOf(':');
    if (colon < 0) {
      return Optional.empty();
    }
    return Optional.of(Map.entry(decoded.substring(0, colon), decoded.substring(colon + 1)));
  }

  /** The token of an {@code Authorization: Bearer} header, if the request carried one. */
  public Optional<String> bearerToken() {
    String authorization = header("Authorization").orElse("").trim();
    if (!authorization.toLowerCase(Locale.ROOT).startsWith("bearer ")) {
      return Optional.empty();
    }
    String token = authorization.substring(7).trim();
    return token.isEmpty() ? Optional.empty() : Optional.of(token);
  }

  /**
   * The path below {@code prefix}, split at {@code /} and percent-decoded, or empty when the path
   * does not start with {@code prefix + "/"}.
   */
  public Optional<List<String>> segmentsAfter(String prefix) {
    if (!path.startsWith(prefix + "/")) {
      return Optional.empty();
    }
    List<String> segments = new ArrayList<>();
    for (String raw : path.substring(prefix.length() + 1).split("/", -1)) {
      try {
        // In a path '+' is a plus, not a space.
        segments.add(URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8));
      } catch (IllegalArgumentException e) {
        segments.add(raw);
      }
    }
    return Optional.of(segments);
  }

  private static Map<String, List<String>> decodeForm(String text) {
    Map<String, List<String>> params = new LinkedHashMap<>();
    if (text.isEmpty()) {
      return params;
    }
    for (String pair : text.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int equals = pair.indexOf('=');
      String name = equals < 0 ? pair : pair.substring(0, equals);
      String value = equals < 0 ? "" : pair.substring(equals + 1);
      try {
        params
            .computeIfAbsent(
                URLDecoder.decode(name, StandardCharsets.UTF_8), k -> new ArrayList<>())
            .add(URLDecoder.decode(value, StandardCharsets.UTF_8));
      } catch (IllegalArgumentException e) {
        // A malformed escape: keep the raw text rather than refusing the whole request.
        params.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
      }
    }
    return params;
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
