package io.stocksync.core.inventory;

import io.stocksync.core.alert.AlertKind;
import io.stocksync.core.alert.AlertSubject;
import io.stocksync.core.alert.AlertThresholds;
import io.stocksync.core.port.Rows.AlertThresholdRow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The stock alerts of SPEC §10: {@code OVERSOLD} (available below 0, a bundle's included) and
 * {@code LOW_STOCK} (available at or below its {@code alertAt}: the SKU's own or the account's
 * default; and, per location, the location's onHand − reserved at or below the SKU's threshold for
 * it). Checked after every change of a SKU's balances (for the SKU and every bundle that contains
 * it) and after every change of a threshold, so an alert opens and resolves in the batch of the
 * change that caused it.
 *
 * <p>Runs on the account's writer, like {@link AccountState}.
 */
public final class StockAlerts {

  /** The largest {@code alertAt} accepted: any real stock level. */
  public static final long MAX_ALERT_AT = AccountState.MAX_UNITS;

  private StockAlerts() {}

  /** Checks {@code s} and every bundle it is a component of. */
  static void afterChange(AccountState account, SkuState s, Instant now, Changes out) {
    check(account.alerts(), s, now, out);
    if (s.bundles != null) {
      for (SkuState bundle : s.bundles) {
        check(account.alerts(), bundle, now, out);
      }
    }
  }

  /** Checks every SKU of the account (after a change of the account's default). */
  static void checkAll(AccountState account, Instant now, Changes out) {
    for (SkuState s : account.skuStates()) {
      check(account.alerts(), s, now, out);
    }
  }

  private static void check(AccountAlerts alerts, SkuState s, Instant now, Changes out) {
    long available = s.isBundle() ? BundleComponents.available(s) : s.available;
    Long at = alerts.thresholds.alertAt(s.code);
    Map<String, Long> atLocations = alerts.thresholds.atLocations(s.code);
    if (available >= 0 && at == null && atLocations.isEmpty() && !alerts.book.hasOpenFor(s.code)) {
      return; // the hot path of an account without thresholds: nothing can change
    }
    alerts.book.hold(
        AlertSubject.ofSku(AlertKind.OVERSOLD, s.code),
        available < 0,
        () -> "available " + available + (s.isBundle() ? " (bundle)" : ""),
        now,
        out::alert);
    alerts.book.hold(
        AlertSubject.ofSku(AlertKind.LOW_STOCK, s.code),
        at != null && available <= at,
        () -> "available " + available + " at or below alertAt " + at,
        now,
        out::alert);
    for (Map.Entry<String, Long> e : atLocations.entrySet()) {
      long here = availableAt(s, e.getKey());
      long threshold = e.getValue();
      alerts.book.hold(
          AlertSubject.ofSkuAt(AlertKind.LOW_STOCK, s.code, e.getKey()),
          here <= threshold,
          () -> "available " + here + " at " + e.getKey() + " at or below alertAt " + threshold,
          now,
          out::alert);
    }
  }

  private static long availableAt(SkuState s, String location) {
    for (int i = 0; i < s.locations.length; i++) {
      if (s.locations[i].code.equals(location)) {
        return s.onHand[i] - s.reserved[i];
      }
    }
    return 0; // no stock ever booked there
  }

  /**
   * Replaces the SKU's own thresholds: {@code alertAt} (null: it follows the account's default) and
   * {@code atLocations} (location code to threshold; empty: none). Resolves the alerts of
   * thresholds that are gone, opens those that now hold.
   *
   * @throws InvalidRequestException naming the field when a value is negative or too large, a
   *     location is unknown, or per-location thresholds are given for a bundle (it has no stock of
   *     its own at a location)
   * @throws NotFoundException when the SKU is unknown
   */
  public static void setSkuThresholds(
      AccountState account,
      String sku,
      Long alertAt,
      Map<String, Long> atLocations,
      Instant now,
      Changes out) {
    SkuState s = account.skuState(sku);
    validate(account, s.isBundle(), alertAt, atLocations);
    AccountAlerts alerts = account.alerts();
    AlertThresholds t = alerts.thresholds;
    if (!java.util.Objects.equals(t.own(sku), alertAt)) {
      write(alerts, out, new AlertThresholdRow(account.id(), sku, null, alertAt));
    }
    for (String old : List.copyOf(t.atLocations(sku).keySet())) {
      if (!atLocations.containsKey(old)) {
        write(alerts, out, new AlertThresholdRow(account.id(), sku, old, null));
        alerts.book.resolve(AlertSubject.ofSkuAt(AlertKind.LOW_STOCK, sku, old), now, out::alert);
      }
    }
    for (Map.Entry<String, Long> e : atLocations.entrySet()) {
      if (!e.getValue().equals(t.atLocations(sku).get(e.getKey()))) {
        write(alerts, out, new AlertThresholdRow(account.id(), sku, e.getKey(), e.getValue()));
      }
    }
    check(alerts, s, now, out);
  }

  /**
   * Checks SKU thresholds as {@link #setSkuThresholds} would, changing nothing: for a caller that
   * must know before it changes anything else in the same command.
   *
   * @param bundle whether the SKU is (or is about to be) a bundle
   * @throws InvalidRequestException naming each bad field
   */
  public static void validate(
      AccountState account, boolean bundle, Long alertAt, Map<String, Long> atLocations) {
    List<FieldError> errors = new ArrayList<>();
    check("alertAt", alertAt, errors);
    for (Map.Entry<String, Long> e : atLocations.entrySet()) {
      String field = "alertAtLocations." + e.getKey();
      if (!account.hasLocation(e.getKey())) {
        errors.add(new FieldError(field, "unknown location '" + e.getKey() + "'"));
      }
      if (e.getValue() == null) {
        errors.add(new FieldError(field, "must be a whole number of units"));
      } else {
        check(field, e.getValue(), errors);
      }
    }
    if (bundle && !atLocations.isEmpty()) {
      errors.add(
          new FieldError(
              "alertAtLocations", "a bundle has no stock of its own at a location: use alertAt"));
    }
    if (!errors.isEmpty()) {
      throw new InvalidRequestException(errors);
    }
  }

  /**
   * Replaces the account's default {@code alertAt} (null: none) and checks every SKU against it.
   *
   * @throws InvalidRequestException naming {@code alertAt} when it is negative or too large
   */
  public static void setAccountThreshold(
      AccountState account, Long alertAt, Instant now, Changes out) {
    List<FieldError> errors = new ArrayList<>();
    check("alertAt", alertAt, errors);
    if (!errors.isEmpty()) {
      throw new InvalidRequestException(errors);
    }
    AccountAlerts alerts = account.alerts();
    if (java.util.Objects.equals(alerts.thresholds.accountDefault(), alertAt)) {
      return;
    }
    write(alerts, out, new AlertThresholdRow(account.id(), null, null, alertAt));
    checkAll(account, now, out);
  }

  /** Forgets the thresholds and resolves the alerts of a SKU that is gone. */
  static void skuRemoved(AccountState account, String sku, Instant now, Changes out) {
    AccountAlerts alerts = account.alerts();
    if (alerts.thresholds.own(sku) != null) {
      write(alerts, out, new AlertThresholdRow(account.id(), sku, null, null));
    }
    for (String loc : List.copyOf(alerts.thresholds.atLocations(sku).keySet())) {
      write(alerts, out, new AlertThresholdRow(account.id(), sku, loc, null));
    }
    alerts.book.resolveAll(subject -> sku.equals(subject.sku()), now, out::alert);
  }

  private static void write(AccountAlerts alerts, Changes out, AlertThresholdRow row) {
    alerts.thresholds.apply(row);
    out.alertThreshold(row);
  }

  private static void check(String field, Long value, List<FieldError> errors) {
    if (value != null && (value < 0 || value > MAX_ALERT_AT)) {
      errors.add(new FieldError(field, "must be between 0 and " + MAX_ALERT_AT));
    }
  }
}
