package io.stocksync.emulator.shopify;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A Relay connection as Shopify serves them ({@code edges { cursor node }}, {@code nodes}, {@code
 * pageInfo}), over a list already filtered and sorted. A cursor is opaque to clients; here it is
 * the base64 of the node's sort key, so that paging resumes after that node even when the list
 * changed between pages. Stateless.
 */
final class Connection {

  /** Shopify's largest page ({@code first}/{@code last} above 250 is refused). */
  static final int MAX_PAGE = 250;

  private Connection() {}

  /** The page's bounds checked: exactly one of first and last, 0..250. */
  static int size(Integer first, Integer last) {
    if ((first == null) == (last == null)) {
      throw new IllegalArgumentException("you must provide one of first or last");
    }
    int size = first != null ? first : last;
    if (size < 0 || size > MAX_PAGE) {
      throw new IllegalArgumentException(
          "the page size (first or last) must be between 0 and " + MAX_PAGE);
    }
    return size;
  }

  /**
   * The page of {@code sorted} after {@code after} (or before {@code before}), {@code first} from
   * the start or {@code last} from the end, with {@code key} giving each node's cursor text and
   * {@code view} its GraphQL map; the keys sort as {@code sorted} does (descending when {@code
   * reverse}).
   */
  static <T> Map<String, Object> page(
      List<T> sorted,
      Integer first,
      Integer last,
      String after,
      String before,
      boolean reverse,
      Function<T, String> key,
      Function<T, Map<String, Object>> view) {
    int size = size(first, last);
    int from = 0;
    int to = sorted.size();
    if (after != null) {
      from = indexAfter(sorted, key, decode(after, "after"), reverse);
    }
    if (before != null) {
      to = Math.max(from, indexAfter(sorted, key, decode(before, "before"), reverse) - 1);
    }
    int start = from;
    int end = to;
    if (first != null) {
      end = Math.min(to, from + size);
    } else {
      start = Math.max(from, to - size);
    }
    List<Map<String, Object>> edges = new ArrayList<>();
    List<Map<String, Object>> nodes = new ArrayList<>();
    for (T item : sorted.subList(start, end)) {
      Map<String, Object> node = view.apply(item);
      nodes.add(node);
      edges.add(Map.of("cursor", encode(key.apply(item)), "node", node));
    }
    Map<String, Object> pageInfo = new LinkedHashMap<>();
    pageInfo.put("hasNextPage", end < to || (before != null && to < sorted.size()));
    pageInfo.put("hasPreviousPage", start > from || from > 0);
    pageInfo.put("startCursor", edges.isEmpty() ? null : edges.get(0).get("cursor"));
    pageInfo.put("endCursor", edges.isEmpty() ? null : edges.get(edges.size() - 1).get("cursor"));
    Map<String, Object> connection = new LinkedHashMap<>();
    connection.put("edges", edges);
    connection.put("nodes", nodes);
    connection.put("pageInfo", pageInfo);
    return connection;
  }

  /** The index of the first item whose key sorts after {@code cursorKey}. */
  private static <T> int indexAfter(
      List<T> sorted, Function<T, String> key, String cursorKey, boolean reverse) {
    for (int i = 0; i < sorted.size(); i++) {
      int order = key.apply(sorted.get(i)).compareTo(cursorKey);
      if (reverse ? order < 0 : order > 0) {
        return i;
      }
    }
    return sorted.size();
  }

  static String encode(String key) {
    return Base64.getEncoder().encodeToString(key.getBytes(StandardCharsets.UTF_8));
  }

  private static String decode(String cursor, String argument) {
    try {
      return new String(Base64.getDecoder().decode(cursor), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("Invalid cursor for '" + argument + "': " + cursor);
    }
  }
}
