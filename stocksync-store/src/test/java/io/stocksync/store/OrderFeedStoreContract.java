package io.stocksync.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stocksync.core.event.EventType;
import io.stocksync.core.order.OrderLineState;
import io.stocksync.core.policy.PolicyOverride;
import io.stocksync.core.policy.SyncPolicy;
import io.stocksync.core.port.LedgerRepository;
import io.stocksync.core.port.OrderRows.OrderFeedRow;
import io.stocksync.core.port.OrderRows.OrderLineRow;
import io.stocksync.core.port.Rows.AccountRow;
import io.stocksync.core.port.Rows.BalanceRow;
import io.stocksync.core.port.Rows.LedgerRow;
import io.stocksync.core.port.Rows.LocationRow;
import io.stocksync.core.port.Rows.SkuRow;
import io.stocksync.core.port.Rows.SkuSyncRow;
import io.stocksync.core.port.StoredStateVisitor;
import io.stocksync.core.port.WriteSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The order feed's tables (V8) behind the write set path: order lines and feed states are stored
 * with the ledger rows of the events they booked, all or nothing, and come back at load.
 */
abstract class OrderFeedStoreContract {
  private static final Instant T0 = Instant.parse("2026-12-01T10:00:00.250Z");

  private LedgerRepository repository;

  /** A fresh, empty store for each test. */
  protected abstract String database();

  private LedgerRepository repository() {
    if (repository == null) {
      repository = LedgerRepositories.open(database());
    }
    return repository;
  }

  @AfterEach
  void close() {
    if (repository != null) {
      repository.close();
      repository = null;
    }
  }

  private static OrderLineRow line(String order, boolean placed, OrderLineState state) {
    return new OrderLineRow(
        "feedco",
        "shop",
        order,
        "1",
        "gid://shopify/InventoryItem/7",
        "MUG",
        2,
        state,
        T0.minusSeconds(5),
        placed ? "MUG" : null,
        placed ? "WH1" : null,
        placed,
        false,
        state == OrderLineState.SHIPPED && placed,
        null,
        T0,
        T0.plusSeconds(1));
  }

  private static LedgerRow placedRow(String order) {
    return new LedgerRow(
        "feedco",
        "shop:" + order + ":1:placed",
        0,
        EventType.ORDER_PLACED,
        "MUG",
        "WH1",
        2,
        0,
        2,
        T0,
        T0);
  }

  private static WriteSet setUp() {
    return new WriteSet(
        List.of(new AccountRow("feedco", "Feed Co", SyncPolicy.DEFAULT, T0)),
        List.of(new LocationRow("feedco", "WH1", "Main", true)),
        List.of(new SkuRow("feedco", "MUG", "Mug", List.of(), PolicyOverride.NONE)),
        List.of(),
        List.of(),
        List.of(),
        List.of(new BalanceRow("feedco", "MUG", "WH1", 10, 0)),
        List.of(new SkuSyncRow("feedco", "MUG", 0, null, null)),
        List.of(),
        List.of(),
        List.of());
  }

  private static WriteSet booking(List<LedgerRow> ledger, OrderLineRow line, OrderFeedRow feed) {
    return new WriteSet(
        List.of(),
        List.of(),
        List.of(),
        List.of(),
        List.of(),
        ledger,
        List.of(new BalanceRow("feedco", "MUG", "WH1", 10, 2)),
        List.of(),
        List.of(),
        List.of(),
        List.of(),
        List.of(),
        List.of(),
        List.of(),
        List.of(line),
        feed == null ? List.of() : List.of(feed));
  }

  private static final class Seen implements StoredStateVisitor {
    final List<OrderLineRow> lines = new ArrayList<>();
    final List<OrderFeedRow> feeds = new ArrayList<>();
    final List<String> eventIds = new ArrayList<>();

    @Override
    public void account(AccountRow row) {}

    @Override
    public void location(LocationRow row) {}

    @Override
    public void sku(SkuRow row) {}

    @Override
    public void syncState(SkuSyncRow row) {}

    @Override
    public void balance(BalanceRow row) {}

    @Override
    public void channel(io.stocksync.core.port.Rows.ChannelRow row) {}

    @Override
    public void listing(io.stocksync.core.port.Rows.ListingRow row) {}

    @Override
    public void push(io.stocksync.core.port.Rows.PushRow row) {}

    @Override
    public void orderLine(OrderLineRow row) {
      lines.add(row);
    }

    @Override
    public void orderFeed(OrderFeedRow row) {
      feeds.add(row);
    }

    @Override
    public void eventId(String accountId, String eventId) {
      eventIds.add(eventId);
    }
  }

  private Seen loadAfterReopen() {
    close();
    Seen seen = new Seen();
    repository().load(a -> true, seen);
    return seen;
  }

  @Test
  void anOrderLineAndTheFeedStateComeBackAsWrittenWithTheEventTheyBooked() {
    repository().commit(setUp());
    OrderLineRow line = line("1001", true, OrderLineState.PLACED);
    OrderFeedRow feed =
        new OrderFeedRow("feedco", "shop", "cursor-42", T0.minusSeconds(60), T0, true, null);

    repository().commit(booking(List.of(placedRow("1001")), line, feed));

    Seen seen = loadAfterReopen();
    assertThat(seen.lines).containsExactly(line);
    assertThat(seen.feeds).containsExactly(feed);
    assertThat(seen.eventIds).contains("shop:1001:1:placed");
  }

  @Test
  void aLineWrittenAgainKeepsOnlyItsLatestState() {
    repository().commit(setUp());
    repository().commit(booking(List.of(), line("1001", false, OrderLineState.PLACED), null));
    OrderLineRow shipped = line("1001", true, OrderLineState.SHIPPED);

    repository().commit(booking(List.of(placedRow("1001")), shipped, null));

    assertThat(loadAfterReopen().lines).containsExactly(shipped);
  }

  @Test
  void aCommitThatFailsWritesNeitherTheLineNorTheCursor() {
    repository().commit(setUp());
    repository()
        .commit(
            booking(List.of(placedRow("1001")), line("1001", true, OrderLineState.PLACED), null));
    OrderFeedRow feed = new OrderFeedRow("feedco", "shop", "after-1002", T0, T0, false, null);

    // The same ledger id again: the store refuses the batch, and with it the line and the cursor.
    assertThatThrownBy(
            () ->
                repository()
                    .commit(
                        booking(
                            List.of(placedRow("1002"), placedRow("1001")),
                            line("1002", true, OrderLineState.PLACED),
                            feed)))
        .isInstanceOf(RuntimeException.class);

    Seen seen = loadAfterReopen();
    assertThat(seen.lines).extracting(OrderLineRow::orderId).containsExactly("1001");
    assertThat(seen.feeds).isEmpty();
    assertThat(seen.eventIds).doesNotContain("shop:1002:1:placed");
  }
}
