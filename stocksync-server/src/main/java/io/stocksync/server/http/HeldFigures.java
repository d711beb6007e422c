package io.stocksync.server.http;

import io.stocksync.store.ListingLevelRepository;
import io.stocksync.store.ListingLevelRepository.Level;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The figures read back from the marketplaces (SPEC §12) as the SKU views show them: per listing
 * {@code held} and {@code heldAt} (null until a read), and the explain's {@code held} step with its
 * sentence. Read from the store after the engine answered, off the writer. Thread-safe; without a
 * repository (a server that does not read back) every figure is null.
 */
final class HeldFigures {
  private final ListingLevelRepository levels;

  HeldFigures(ListingLevelRepository levels) {
    this.levels = levels;
  }

  /** Adds {@code held} and {@code heldAt} to every listing of one SKU's view; returns the view. */
  Map<String, Object> sku(String account, Map<String, Object> view) {
    skus(account, List.of(view));
    return view;
  }

  /** The same for a page of SKU views, with one query. */
  @SuppressWarnings("unchecked")
  List<Map<String, Object>> skus(String account, List<Map<String, Object>> views) {
    Map<String, Map<String, Level>> bySku = new HashMap<>();
    if (levels != null && !views.isEmpty()) {
      List<String> codes = new ArrayList<>(views.size());
      views.forEach(v -> codes.add((String) v.get("sku")));
      for (Level l : levels.ofSkus(account, codes)) {
        bySku.computeIfAbsent(l.sku(), k -> new HashMap<>()).put(l.channelId(), l);
      }
    }
    for (Map<String, Object> v : views) {
      Map<String, Level> ofSku = bySku.getOrDefault((String) v.get("sku"), Map.of());
      for (Map<String, Object> listing : (List<Map<String, Object>>) v.get("listings")) {
        Level l = ofSku.get((String) listing.get("channel"));
        boolean read = l != null && l.held() != null;
        listing.put("held", read ? l.held() : null);
        listing.put("heldAt", read ? l.heldAt().toString() : null);
      }
    }
    return views;
  }

  /** The listing's last read, if any. */
  Optional<Level> of(String account, String channel, String sku) {
    return levels == null ? Optional.empty() : levels.of(account, channel, sku);
  }

  /** The explain's step: the figure read back, when, against what, and a sentence saying it. */
  static Map<String, Object> step(Optional<Level> level) {
    Level l = level.orElse(null);
    boolean read = l != null && l.held() != null;
    return Views.ordered(
        "value", read ? l.held() : null,
        "heldAt", read ? l.heldAt().toString() : null,
        "expected", l == null ? null : l.expected(),
        "outcome", l == null ? null : l.outcome(),
        "error", l == null ? null : l.error(),
        "sentence", sentence(l));
  }

  static String sentence(Level l) {
    if (l == null) {
      return "not read back from the marketplace yet";
    }
    String failed =
        l.error() == null ? "" : "; the last read (" + l.checkedAt() + ") failed: " + l.error();
    if (l.held() == null) {
      return "never read back successfully" + failed;
    }
    String read = "the marketplace held " + l.held() + " when read back at " + l.heldAt();
    String compared;
    if ("IN_SYNC".equals(l.outcome())) {
      compared = ", as expected";
    } else if ("DRIFT".equals(l.outcome())) {
      compared = ", where " + l.expected() + " was expected: drift";
    } else {
      compared = " (not compared)";
    }
    return read + compared + failed;
  }
}
