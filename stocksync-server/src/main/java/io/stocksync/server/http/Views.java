package io.stocksync.server.http;

import io.stocksync.channels.ChannelStatus;
import io.stocksync.core.inventory.AccountState;
import io.stocksync.core.inventory.ChannelHealth;
import io.stocksync.core.inventory.Component;
import io.stocksync.core.inventory.ConfigurationQuery;
import io.stocksync.core.inventory.SkuQuery;
import io.stocksync.core.inventory.SkuView;
import io.stocksync.core.policy.PolicyOverride;
import io.stocksync.core.policy.SyncPolicy;
import io.stocksync.core.port.Rows.ChannelRow;
import io.stocksync.core.port.Rows.LocationRow;
import io.stocksync.store.PushAttemptRepository.PushAttempt;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The JSON shapes of the API's answers (SPEC §7), as ordered maps. */
final class Views {

  private Views() {}

  /** A SKU as {@code GET /v1/skus/{sku}} shows it, with the policy in force for it. */
  static Map<String, Object> sku(AccountState a, SkuView v) {
    Map<String, Object> m = sku(v);
    m.put("policy", skuPolicy(a, v.sku()));
    return m;
  }

  /** A SKU's own policy (its overrides) and the policy in force ({@code {"own","effective"}}). */
  static Map<String, Object> skuPolicy(AccountState a, String sku) {
    return ordered(
        "own", override(SkuQuery.override(a, sku)),
        "effective", policy(SkuQuery.effectivePolicy(a, sku)));
  }

  /** A location as stored. */
  static Map<String, Object> location(LocationRow l) {
    return ordered("code", l.code(), "name", l.name(), "sellable", l.sellable());
  }

  /** A listing of a channel: its SKU, its state and the channel's other ids for it. */
  static Map<String, Object> listing(ConfigurationQuery.ListingEntry e, Map<String, String> extra) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("sku", e.sku());
    m.putAll(listing(e.view()));
    m.putAll(extra);
    return m;
  }

  private static Map<String, Object> sku(SkuView v) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("sku", v.sku());
    m.put("name", v.name());
    List<Map<String, Object>> components = new ArrayList<>(v.components().size());
    for (Component c : v.components()) {
      components.add(ordered("sku", c.sku(), "quantity", c.quantity()));
    }
    m.put("components", components);
    m.put("onHand", v.onHand());
    m.put("reserved", v.reserved());
    m.put("available", v.available());
    List<Map<String, Object>> locations = new ArrayList<>(v.locations().size());
    for (SkuView.LocationBalance b : v.locations()) {
      locations.add(ordered("code", b.code(), "onHand", b.onHand(), "reserved", b.reserved()));
    }
    m.put("locations", locations);
    m.put(
        "sync",
        ordered(
            "pending",
            v.sync().pending(),
            "lastSyncedAt",
            v.sync().lastSyncedAt() == null ? null : v.sync().lastSyncedAt().toString()));
    List<Map<String, Object>> listings = new ArrayList<>(v.listings().size());
    for (SkuView.ListingView l : v.listings()) {
      listings.add(listing(l));
    }
    m.put("listings", listings);
    return m;
  }

  static Map<String, Object> listing(SkuView.ListingView l) {
    return ordered(
        "channel", l.channel(),
        "externalId", l.externalId(),
        "target", l.target(),
        "acknowledged", l.acknowledged(),
        "state", l.state().name(),
        "queued", l.queued());
  }

  static Map<String, Object> policy(SyncPolicy p) {
    return ordered(
        "threshold", p.threshold(),
        "batchSize", p.batchSize(),
        "significantQuantity", p.significantQuantity(),
        "maxStalenessSeconds", p.maxStalenessSeconds());
  }

  static Map<String, Object> override(PolicyOverride p) {
    return ordered(
        "threshold", p.threshold(),
        "batchSize", p.batchSize(),
        "significantQuantity", p.significantQuantity(),
        "maxStalenessSeconds", p.maxStalenessSeconds());
  }

  /** A channel as stored, without its credentials: only whether it has any. */
  static Map<String, Object> channel(ChannelRow c, Object settings) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", c.id());
    m.put("type", c.type());
    m.put("baseUrl", c.baseUrl());
    m.put("settings", settings);
    m.put("credentialsStored", c.credentials() != null);
    m.put("locations", c.locations());
    m.put("enabled", c.enabled());
    m.put(
        "rules",
        ordered(
            "buffer", c.rules().buffer(),
            "percent", c.rules().percent(),
            "max", c.rules().max(),
            "zeroAtOrBelow", c.rules().zeroAtOrBelow()));
    return m;
  }

  /**
   * A channel's health for the dashboard (SPEC §13): what the ledger knows, and what its push
   * worker says when one runs. Unknown figures are left out, not shown as 0.
   */
  static Map<String, Object> channelHealth(ChannelHealth h, Optional<ChannelStatus> worker) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put(
        "lastAcknowledgedAt",
        h.lastAcknowledgedAt() == null ? null : h.lastAcknowledgedAt().toString());
    m.put("lagSeconds", h.lag().toSeconds());
    m.put("failedListings", h.failed());
    m.put("orderWatermark", h.orderWatermark() == null ? null : h.orderWatermark().toString());
    m.put("lastOrderPollAt", h.lastPollAt() == null ? null : h.lastPollAt().toString());
    worker.ifPresent(
        w -> {
          if (!Double.isNaN(w.budgetInUse())) {
            m.put("rateBudgetInUse", Math.round(w.budgetInUse() * 100) / 100.0);
          }
          m.put("inFlight", w.inFlight());
          m.put("retrying", w.retrying());
          m.put("pausedUntil", w.pausedUntil() == null ? null : w.pausedUntil().toString());
          m.put("problem", w.problem());
        });
    return m;
  }

  static Map<String, Object> attempt(PushAttempt a) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", a.id());
    m.put("channel", a.channelId());
    m.put("sku", a.sku());
    m.put("quantity", a.quantity());
    m.put("version", a.version());
    m.put("attemptedAt", a.attemptedAt().toString());
    m.put("status", a.status());
    m.put("httpStatus", a.httpStatus());
    m.put("error", a.error());
    return m;
  }

  /** An ordered map of alternating keys and values (values may be null). */
  static Map<String, Object> ordered(Object... keysAndValues) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      m.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return m;
  }
}
