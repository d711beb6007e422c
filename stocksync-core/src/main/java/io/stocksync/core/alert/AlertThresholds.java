package io.stocksync.core.alert;

import io.stocksync.core.port.Rows.AlertThresholdRow;
import java.util.HashMap;
import java.util.Map;

/**
 * The {@code alertAt} settings of one account (SPEC §10): the account's default, each SKU's own
 * (which replaces the default for that SKU), and a SKU's per-location thresholds. Null means "no
 * threshold". Not thread-safe: owned by the account's writer.
 */
public final class AlertThresholds {

  private Long accountDefault;
  private final Map<String, Long> perSku = new HashMap<>();
  private final Map<String, Map<String, Long>> perLocation = new HashMap<>();

  /** The account's default, or null. */
  public Long accountDefault() {
    return accountDefault;
  }

  /** The SKU's own threshold, or null when it follows the account. */
  public Long own(String sku) {
    return perSku.get(sku);
  }

  /** The threshold in force for the SKU's available: its own, else the account's; or null. */
  public Long alertAt(String sku) {
    Long own = perSku.get(sku);
    return own != null ? own : accountDefault;
  }

  /** The SKU's thresholds per location code (empty when none); a view, not to be kept. */
  public Map<String, Long> atLocations(String sku) {
    return perLocation.getOrDefault(sku, Map.of());
  }

  /** Applies one row (a null {@code alertAt} removes the threshold it names). */
  public void apply(AlertThresholdRow row) {
    if (row.sku() == null) {
      accountDefault = row.alertAt();
    } else if (row.location() == null) {
      if (row.alertAt() == null) {
        perSku.remove(row.sku());
      } else {
        perSku.put(row.sku(), row.alertAt());
      }
    } else if (row.alertAt() == null) {
      Map<String, Long> m = perLocation.get(row.sku());
      if (m != null) {
        m.remove(row.location());
        if (m.isEmpty()) {
          perLocation.remove(row.sku());
        }
      }
    } else {
      perLocation
          .computeIfAbsent(row.sku(), k -> new HashMap<>())
          .put(row.location(), row.alertAt());
    }
  }
}
