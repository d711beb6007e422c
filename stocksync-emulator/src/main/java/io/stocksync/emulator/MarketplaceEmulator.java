package io.stocksync.emulator;

import io.stocksync.emulator.storefront.Storefront;
import io.stocksync.emulator.storefront.WebhookDispatcher;
import java.util.Map;
import java.util.Optional;

/**
 * One marketplace's inventory API, emulated (SPEC §8). The {@link EmulatorServer} mounts it under
 * {@code /{name()}} and serves its control endpoints under {@code /emulator/{name()}/...}; adding a
 * marketplace is one class implementing this and one line in the server's defaults.
 *
 * <p>Implementations must be thread-safe: the server calls them from many threads at once, and
 * tests read quantities while connectors write them.
 */
public interface MarketplaceEmulator {

  /**
   * The path prefix and the name used in the control endpoints: {@code shopify}, {@code webhook}.
   */
  String name();

  /**
   * Declares the marketplace's own endpoints, with paths relative to {@code /{name()}}. Called
   * once, before the server starts.
   */
  void registerRoutes(Routes routes);

  /**
   * The quantity held now per listing key (SPEC §8: Shopify {@code <inventoryItemId>@<locationId>},
   * webhook {@code <externalId>}), sorted by key. A snapshot.
   */
  Map<String, Long> quantities();

  /** Sets the quantities of the given listing keys, creating them if needed; others are kept. */
  void seedQuantities(Map<String, Long> quantities);

  /** The requests received on the marketplace's endpoints, in order. */
  RequestJournal requests();

  /** The fault controls of this emulator. */
  Faults faults();

  /**
   * The answer the marketplace gives with a forced {@code status} (its own error body shape), used
   * by the forced-status and timeout faults.
   */
  EmulatorResponse errorResponse(int status);

  /**
   * Forgets quantities, requests, idempotency records and faults; refills any rate-limit bucket.
   */
  void reset();

  /**
   * Every change of the marketplace's held figures (quantity writes, sales, cancels' put-backs), if
   * it keeps that log: {@code GET /emulator/{m}/held}.
   */
  default Optional<io.stocksync.emulator.storefront.HeldLog> heldLog() {
    return Optional.empty();
  }

  /** The marketplace's storefront (SPEC §8), if it has one: customers buy there. */
  default Optional<Storefront> storefront() {
    return Optional.empty();
  }

  /** The marketplace's webhook sender, if it has webhooks. */
  default Optional<WebhookDispatcher> webhooks() {
    return Optional.empty();
  }

  /**
   * Every credential the emulator accepts and every secret it signs webhooks with, by name, for
   * {@code ./stocksync emulate} to print.
   */
  default Map<String, String> credentials() {
    return Map.of();
  }

  /** Where a marketplace emulator declares its endpoints. */
  interface Routes {
    /**
     * Serves {@code method} requests on {@code path} (relative to the marketplace prefix; {@code
     * ""} is the prefix itself, {@code "/*"} anything below it) with {@code handler}.
     */
    void add(String method, String path, Handler handler);
  }

  /**
   * Answers one request. Runs on a server thread. It answers malformed requests itself, in the
   * marketplace's own error shape; anything it throws is logged and answered with {@link
   * #errorResponse(int) errorResponse(500)}.
   */
  @FunctionalInterface
  interface Handler {
    EmulatorResponse handle(EmulatorRequest request);
  }
}
