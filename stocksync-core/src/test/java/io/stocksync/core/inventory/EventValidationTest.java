package io.stocksync.core.inventory;

import static io.stocksync.core.event.EventType.ADJUSTMENT;
import static io.stocksync.core.event.EventType.ORDER_CANCELLED;
import static io.stocksync.core.event.EventType.ORDER_PLACED;
import static io.stocksync.core.event.EventType.ORDER_SHIPPED;
import static io.stocksync.core.event.EventType.PUTAWAY;
import static io.stocksync.core.event.EventType.RETURN_RECEIVED;
import static io.stocksync.core.event.EventType.STOCK_COUNT;
import static org.assertj.core.api.Assertions.assertThat;

import io.stocksync.core.event.EventResult;
import io.stocksync.core.event.EventResult.Status;
import io.stocksync.core.event.EventType;
import io.stocksync.core.event.InventoryEvent;
import io.stocksync.core.event.Rejection.Reason;
import io.stocksync.core.port.Rows.AlertRow;
import io.stocksync.core.port.WriteSet;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every rejection the core can produce (SPEC §2, §6): the reason, the field it names, and that the
 * event changed nothing at all. {@code UNKNOWN_ACCOUNT} is the engine's (the core holds one
 * account), and duplicates are the engine's too.
 */
class EventValidationTest {

  private static final long MAX = AccountState.MAX_UNITS;

  private Shop shop;
  private List<SkuView> before;

  /**
   * MUG: 50 on hand, 10 reserved. LID: 50 on hand, 3 reserved. SET = 1 MUG + 2 LID. OVR: 5 on hand,
   * 8 reserved (oversold). HUGE: MAX_UNITS on hand. Every SKU listed on one channel.
   */
  @BeforeEach
  void setUp() {
    shop = Shop.standard(Shop.SEED);
    shop.sku("LID").sku("OVR").sku("HUGE");
    shop.bundle("SET", new Component("MUG", 1), new Component("LID", 2));
    shop.bundle("BIG", new Component("MUG", 1000));
    for (String sku : List.of("LID", "OVR", "HUGE", "SET", "BIG")) {
      shop.listing("shop", sku);
    }
    shop.event(PUTAWAY, "MUG", "WH1", 50);
    shop.event(ORDER_PLACED, "MUG", "WH1", 10);
    shop.event(PUTAWAY, "LID", "WH1", 50);
    shop.event(ORDER_PLACED, "LID", "WH1", 3);
    shop.event(PUTAWAY, "OVR", "WH1", 5);
    shop.event(ORDER_PLACED, "OVR", "WH1", 8);
    shop.event(PUTAWAY, "HUGE", "WH1", MAX);
    shop.settle();
    before = views();
  }

  private List<SkuView> views() {
    return Stream.of("MUG", "LID", "OVR", "HUGE", "SET", "BIG").map(shop::view).toList();
  }

  static Stream<Arguments> rejections() {
    return Stream.of(
        reject(null, ORDER_PLACED, "MUG", "WH1", 1, Reason.MISSING_ID, "id"),
        reject(" ", ORDER_PLACED, "MUG", "WH1", 1, Reason.MISSING_ID, "id"),
        reject("x".repeat(201), ORDER_PLACED, "MUG", "WH1", 1, Reason.ID_TOO_LONG, "id"),
        reject("e", null, "MUG", "WH1", 1, Reason.MISSING_TYPE, "type"),
        reject("e", ORDER_PLACED, null, "WH1", 1, Reason.MISSING_SKU, "sku"),
        reject("e", ORDER_PLACED, "", "WH1", 1, Reason.MISSING_SKU, "sku"),
        reject("e", ORDER_PLACED, "MUG", null, 1, Reason.MISSING_LOCATION, "location"),
        reject("e", ORDER_PLACED, "MUG", " ", 1, Reason.MISSING_LOCATION, "location"),
        reject("e", ORDER_PLACED, "CUP", "WH1", 1, Reason.UNKNOWN_SKU, "sku"),
        reject("e", ORDER_PLACED, "MUG", "WH9", 1, Reason.UNKNOWN_LOCATION, "location"),
        reject("e", ORDER_PLACED, "MUG", "WH1", 0, Reason.WRONG_SIGN, "quantity"),
        reject("e", ORDER_PLACED, "MUG", "WH1", -1, Reason.WRONG_SIGN, "quantity"),
        reject("e", ORDER_CANCELLED, "MUG", "WH1", 0, Reason.WRONG_SIGN, "quantity"),
        reject("e", ORDER_SHIPPED, "MUG", "WH1", -2, Reason.WRONG_SIGN, "quantity"),
        reject("e", RETURN_RECEIVED, "MUG", "WH1", 0, Reason.WRONG_SIGN, "quantity"),
        reject("e", ADJUSTMENT, "MUG", "WH1", 0, Reason.WRONG_SIGN, "quantity"),
        reject("e", STOCK_COUNT, "MUG", "WH1", -1, Reason.WRONG_SIGN, "quantity"),
        reject("e", PUTAWAY, "MUG", "WH1", 0, Reason.WRONG_SIGN, "quantity"),
        reject("e", PUTAWAY, "SET", "WH1", -3, Reason.WRONG_SIGN, "quantity"),
        reject("e", PUTAWAY, "MUG", "WH1", MAX + 1, Reason.QUANTITY_TOO_LARGE, "quantity"),
        reject("e", ADJUSTMENT, "MUG", "WH1", -MAX - 1, Reason.QUANTITY_TOO_LARGE, "quantity"),
        reject(
            "e", ADJUSTMENT, "MUG", "WH1", Long.MIN_VALUE, Reason.QUANTITY_TOO_LARGE, "quantity"),
        reject(
            "e", ORDER_PLACED, "MUG", "WH1", Long.MAX_VALUE, Reason.QUANTITY_TOO_LARGE, "quantity"),
        reject("e", PUTAWAY, "HUGE", "WH1", 1, Reason.QUANTITY_TOO_LARGE, "quantity"),
        reject("e", ADJUSTMENT, "HUGE", "WH1", 1, Reason.QUANTITY_TOO_LARGE, "quantity"),
        reject("e", RETURN_RECEIVED, "HUGE", "WH1", 1, Reason.QUANTITY_TOO_LARGE, "quantity"),
        reject("e", ORDER_PLACED, "BIG", "WH1", MAX / 999, Reason.QUANTITY_TOO_LARGE, "quantity"),
        reject(
            "e",
            ORDER_CANCELLED,
            "MUG",
            "WH1",
            11,
            Reason.MORE_CANCELLED_THAN_RESERVED,
            "quantity"),
        reject("e", ORDER_SHIPPED, "MUG", "WH1", 11, Reason.MORE_SHIPPED_THAN_RESERVED, "quantity"),
        reject("e", ORDER_SHIPPED, "OVR", "WH1", 6, Reason.ON_HAND_BELOW_ZERO, "quantity"),
        reject("e", ADJUSTMENT, "MUG", "WH1", -51, Reason.ON_HAND_BELOW_ZERO, "quantity"),
        reject("e", ADJUSTMENT, "SET", "WH1", 1, Reason.BUNDLE_HAS_NO_STOCK, "sku"),
        reject("e", ADJUSTMENT, "SET", "WH1", -1, Reason.BUNDLE_HAS_NO_STOCK, "sku"),
        reject("e", STOCK_COUNT, "SET", "WH1", 4, Reason.BUNDLE_HAS_NO_STOCK, "sku"),
        reject("e", PUTAWAY, "SET", "WH1", 4, Reason.BUNDLE_HAS_NO_STOCK, "sku"),
        // The first component (MUG: 2 of 10 reserved) passes; the second (LID: 4 of 3) fails.
        reject(
            "e", ORDER_CANCELLED, "SET", "WH1", 2, Reason.MORE_CANCELLED_THAN_RESERVED, "quantity"),
        reject("e", ORDER_SHIPPED, "SET", "WH1", 2, Reason.MORE_SHIPPED_THAN_RESERVED, "quantity"),
        // Values the store could not hold (SPEC §6) and look-alike codes (SPEC §7).
        reject("a\u0000b", ORDER_PLACED, "MUG", "WH1", 1, Reason.INVALID_TEXT, "id"),
        reject("x\uD800", ORDER_PLACED, "MUG", "WH1", 1, Reason.INVALID_TEXT, "id"),
        reject("\uDC00x", ORDER_PLACED, "MUG", "WH1", 1, Reason.INVALID_TEXT, "id"),
        reject("tab\there", ORDER_PLACED, "MUG", "WH1", 1, Reason.INVALID_TEXT, "id"),
        reject("e", ORDER_PLACED, "MUG\u0000", "WH1", 1, Reason.INVALID_TEXT, "sku"),
        reject("e", ORDER_PLACED, "MU\uD800G", "WH1", 1, Reason.INVALID_TEXT, "sku"),
        reject("e", ORDER_PLACED, "MU\u200BG", "WH1", 1, Reason.INVALID_TEXT, "sku"),
        reject("e", ORDER_PLACED, "\u202EGUM", "WH1", 1, Reason.INVALID_TEXT, "sku"),
        reject("e", ORDER_PLACED, "M".repeat(201), "WH1", 1, Reason.INVALID_TEXT, "sku"),
        reject("e", ORDER_PLACED, "MUG", "WH1\u0000", 1, Reason.INVALID_TEXT, "location"),
        reject("e", ORDER_PLACED, "MUG", "WH\uDFFF1", 1, Reason.INVALID_TEXT, "location"),
        reject("e", ORDER_PLACED, "MUG", "WH\u2066" + "1", 1, Reason.INVALID_TEXT, "location"),
        rejectAt("+300000000-01-01T00:00:00Z"),
        rejectAt("-999999999-01-01T00:00:00Z"),
        rejectAt("+10000-01-01T00:00:00Z"),
        rejectAt("0000-12-31T23:59:59.999Z"));
  }

  /** An order of MUG whose {@code occurredAt} is outside the years the store holds. */
  private static Arguments rejectAt(String occurredAt) {
    return Arguments.of(
        new InventoryEvent("e", ORDER_PLACED, "MUG", "WH1", 1, java.time.Instant.parse(occurredAt)),
        Reason.OCCURRED_AT_OUT_OF_RANGE,
        "occurredAt");
  }

  private static Arguments reject(
      String id,
      EventType type,
      String sku,
      String location,
      long quantity,
      Reason reason,
      String field) {
    return Arguments.of(new InventoryEvent(id, type, sku, location, quantity, null), reason, field);
  }

  @ParameterizedTest(name = "[{index}] {1} on {0}")
  @MethodSource("rejections")
  void rejectsABadEventNamingTheFieldAndChangesNothing(
      InventoryEvent event, Reason reason, String field) {
    EventResult result = shop.account.apply(event, shop.now(), shop.changes);

    assertThat(result.status()).isEqualTo(Status.REJECTED);
    assertThat(result.id()).isEqualTo(event.id());
    assertThat(result.rejection().reason()).isEqualTo(reason);
    assertThat(result.rejection().field()).isEqualTo(field);
    assertThat(result.rejection().message()).isNotBlank();
    assertThat(shop.changes.isEmpty()).isTrue();
    assertThat(shop.drain().isEmpty()).isTrue();
    assertThat(views()).isEqualTo(before);
  }

  @Test
  void coversEveryReasonTheCoreCanProduce() {
    Set<Reason> covered = EnumSet.noneOf(Reason.class);
    rejections().forEach(a -> covered.add((Reason) a.get()[1]));

    // UNKNOWN_ACCOUNT is decided by the engine before an event reaches an account's state.
    assertThat(covered).isEqualTo(EnumSet.complementOf(EnumSet.of(Reason.UNKNOWN_ACCOUNT)));
  }

  @Test
  void rejectsAnUnknownSkuBeforeLookingAtTheQuantity() {
    EventResult result =
        shop.account.apply(
            new InventoryEvent("e", ORDER_PLACED, "CUP", "WH1", -5, null),
            shop.now(),
            shop.changes);

    assertThat(result.rejection().reason()).isEqualTo(Reason.UNKNOWN_SKU);
  }

  @Test
  void acceptsAnOrderThatOversellsRecordsTheTruthPushesZeroAndRaisesAnAlert() {
    EventResult result = shop.event(ORDER_PLACED, "MUG", "WH1", 45);
    WriteSet writes = shop.drain();

    assertThat(result.status()).isEqualTo(Status.APPLIED);
    assertThat(shop.view("MUG").available()).isEqualTo(-5);
    assertThat(shop.view("MUG").reserved()).isEqualTo(55);
    assertThat(Shop.pushed(writes, "shop", "MUG")).contains(0L);
    assertThat(writes.alerts())
        .extracting(AlertRow::kind, AlertRow::sku)
        // SPEC §10: a bundle made of an oversold component is oversold too (SET and BIG hold MUG)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple(io.stocksync.core.alert.AlertKind.OVERSOLD, "MUG"),
            org.assertj.core.groups.Tuple.tuple(io.stocksync.core.alert.AlertKind.OVERSOLD, "SET"),
            org.assertj.core.groups.Tuple.tuple(io.stocksync.core.alert.AlertKind.OVERSOLD, "BIG"));
  }

  @Test
  void acceptsTheBoundaryQuantities() {
    assertThat(shop.event(ORDER_CANCELLED, "MUG", "WH1", 10).status()).isEqualTo(Status.APPLIED);
    assertThat(shop.event(ADJUSTMENT, "MUG", "WH1", -50).status()).isEqualTo(Status.APPLIED);
    assertThat(shop.event(STOCK_COUNT, "MUG", "WH1", 0).status()).isEqualTo(Status.APPLIED);
    assertThat(shop.event(ORDER_SHIPPED, "OVR", "WH1", 5).status()).isEqualTo(Status.APPLIED);
    assertThat(shop.event(ADJUSTMENT, "HUGE", "WH1", -MAX).status()).isEqualTo(Status.APPLIED);
    assertThat(shop.event(PUTAWAY, "HUGE", "WH1", MAX).status()).isEqualTo(Status.APPLIED);
    assertThat(shop.view("MUG").onHand()).isZero();
    assertThat(shop.view("OVR").locations().get(0).onHand()).isZero();
    assertThat(shop.view("HUGE").onHand()).isEqualTo(MAX);
  }

  @Test
  void acceptsTheFirstAndLastInstantsTheStoreHolds() {
    for (java.time.Instant at :
        List.of(StorableValues.EARLIEST_INSTANT, StorableValues.LATEST_INSTANT)) {
      EventResult result =
          shop.account.apply(
              new InventoryEvent("e-" + at, ORDER_PLACED, "MUG", "WH1", 1, at),
              shop.now(),
              shop.changes);

      assertThat(result.status()).as(at.toString()).isEqualTo(Status.APPLIED);
    }
    assertThat(shop.drain().ledger())
        .extracting(row -> row.occurredAt())
        .containsExactly(StorableValues.EARLIEST_INSTANT, StorableValues.LATEST_INSTANT);
  }

  @Test
  void findsTheSkuAndLocationOfAnEventByTheirTrimmedNfcCodes() {
    shop.sku("CAF\u00C9");
    shop.drain();

    EventResult result =
        shop.account.apply(
            new InventoryEvent("e-nfc", PUTAWAY, " CAFE\u0301\t", "WH1 ", 4, null),
            shop.now(),
            shop.changes);

    assertThat(result.status()).isEqualTo(Status.APPLIED);
    assertThat(shop.view("CAF\u00C9").onHand()).isEqualTo(4);
    assertThat(shop.drain().ledger())
        .singleElement()
        .satisfies(
            row -> {
              assertThat(row.sku()).isEqualTo("CAF\u00C9");
              assertThat(row.location()).isEqualTo("WH1");
            });
  }

  @Test
  void keepsAnEventIdAsSentWhenItIsStorable() {
    // Ids are the client's keys: only refused when unstorable, never rewritten.
    EventResult result =
        shop.account.apply(
            new InventoryEvent(" e-\uD83D\uDE00 ", ORDER_PLACED, "MUG", "WH1", 1, null),
            shop.now(),
            shop.changes);

    assertThat(result.status()).isEqualTo(Status.APPLIED);
    assertThat(shop.drain().ledger())
        .singleElement()
        .satisfies(row -> assertThat(row.eventId()).isEqualTo(" e-\uD83D\uDE00 "));
  }

  @Test
  void usesTheIngestTimeWhenTheEventSaysNotWhenItHappened() {
    shop.event(ORDER_PLACED, "MUG", "WH1", 1);

    assertThat(shop.drain().ledger())
        .singleElement()
        .satisfies(row -> assertThat(row.occurredAt()).isEqualTo(shop.now()));
  }

  @Test
  void keepsTheSourceTimeOfAnEventThatGivesOne() {
    java.time.Instant then = Shop.START.minusSeconds(3600);
    shop.account.apply(
        new InventoryEvent("e-then", ORDER_PLACED, "MUG", "WH1", 1, then),
        shop.now(),
        shop.changes);

    assertThat(shop.drain().ledger())
        .singleElement()
        .satisfies(
            row -> {
              assertThat(row.occurredAt()).isEqualTo(then);
              assertThat(row.recordedAt()).isEqualTo(shop.now());
              assertThat(row.eventId()).isEqualTo("e-then");
            });
  }
}
