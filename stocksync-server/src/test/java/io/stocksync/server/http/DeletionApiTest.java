package io.stocksync.server.http;

import static io.stocksync.server.http.TestApi.check;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.stocksync.core.port.ConfigRemoval.ChannelRemoval;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code DELETE} routes of the configuration API over real HTTP: each refusal with its 409
 * naming what blocks, changing nothing; 404 for what is absent or another account's; and a deletion
 * that stays one after a restart. SQLite here, PostgreSQL in {@link PostgresDeletionApiTest}.
 */
class DeletionApiTest {
  @TempDir Path dir;
  private TestApi api;
  private TestApi.Account shop;

  TestApi newApi(Path dir) {
    return new TestApi(dir);
  }

  @BeforeEach
  void start() {
    api = newApi(dir);
    shop = api.account("Shop");
    api.standardSetUp(shop);
  }

  @AfterEach
  void stop() {
    if (api != null) {
      api.close();
    }
  }

  private static Map<String, Object> event(
      String id, String type, String sku, String location, long quantity) {
    return Map.of("id", id, "type", type, "sku", sku, "location", location, "quantity", quantity);
  }

  private void post(Map<String, Object> event) {
    JsonNode results = check(api.events(shop.key(), List.of(event))).json();
    assertThat(results.at("/results/0/status").asText()).isEqualTo("applied");
  }

  private long rows(String sql, String... keys) {
    try (Connection c = DriverManager.getConnection(api.jdbcUrl);
        PreparedStatement s = c.prepareStatement(sql)) {
      for (int i = 0; i < keys.length; i++) {
        s.setString(i + 1, keys[i]);
      }
      try (ResultSet r = s.executeQuery()) {
        r.next();
        return r.getLong(1);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Asserts a 409 whose problem names {@code field} and whose detail mentions every blocker. */
  private void assertRefused(TestApi.Answer answer, String field, String... blockers) {
    assertThat(answer.status()).isEqualTo(409);
    assertThat(answer.isProblem()).isTrue();
    assertThat(answer.json().at("/errors/0/field").asText()).isEqualTo(field);
    assertThat(answer.json().path("detail").asText()).contains(blockers);
  }

  @Test
  void aLocationHoldingStockIsNotDeletedAndTheRefusalNamesTheSku() {
    post(event("e-1", "PUTAWAY", "MUG", "WH1", 5));
    String before = api.digest(shop.id());
    assertRefused(api.delete("/v1/locations/WH1", shop.key()), "code", "'MUG'", "5 on hand");
    assertThat(api.digest(shop.id())).isEqualTo(before);
  }

  @Test
  void aLocationHoldingOnlyReservationsIsNotDeleted() {
    post(event("e-1", "ORDER_PLACED", "MUG", "WH1", 2));
    assertRefused(api.delete("/v1/locations/WH1", shop.key()), "code", "'MUG'", "2 reserved");
  }

  @Test
  void aLocationAChannelDrawsFromIsNotDeletedAndTheRefusalNamesTheChannel() {
    check(api.put("/v1/locations/WH2", shop.key(), "{\"sellable\":true}"));
    check(
        api.put(
            "/v1/channels/second",
            shop.key(),
            "{\"type\":\"webhook\",\"baseUrl\":\"http://127.0.0.1:9/webhook\","
                + "\"credentials\":{\"secret\":\"s\"},\"locations\":[\"WH2\"]}"));
    String before = api.digest(shop.id());
    assertRefused(api.delete("/v1/locations/WH2", shop.key()), "code", "channel(s) 'second'");
    assertThat(api.digest(shop.id())).isEqualTo(before);
  }

  @Test
  void aLocationWhoseStockWentBackToZeroIsDeletedAndStaysDeletedAfterARestart() {
    check(api.put("/v1/locations/WH2", shop.key(), "{\"sellable\":true}"));
    post(event("e-1", "PUTAWAY", "MUG", "WH2", 3));
    post(event("e-2", "ADJUSTMENT", "MUG", "WH2", -3));
    TestApi.Answer deleted = api.delete("/v1/locations/WH2", shop.key());
    assertThat(deleted.status()).isEqualTo(204);
    assertThat(api.get("/v1/locations/WH2", shop.key()).status()).isEqualTo(404);
    assertThat(rows("SELECT COUNT(*) FROM balances WHERE location = ?", "WH2")).isZero();
    // History stays: the ledger keeps the lines booked there.
    assertThat(rows("SELECT COUNT(*) FROM ledger WHERE location = ?", "WH2")).isEqualTo(2);
    String after = api.digest(shop.id());

    api = api.restart();
    assertThat(api.digest(shop.id())).isEqualTo(after);
    assertThat(api.get("/v1/locations/WH2", shop.key()).status()).isEqualTo(404);
    JsonNode mug = check(api.get("/v1/skus/MUG", shop.key())).json();
    assertThat(mug.path("locations").findValuesAsText("code")).doesNotContain("WH2");
    assertThat(api.get("/v1/locations", shop.key()).json().findValuesAsText("code"))
        .containsExactly("WH1");
    // The same code can be made again, empty.
    check(api.put("/v1/locations/WH2", shop.key(), "{\"sellable\":true}"));
  }

  @Test
  void aSkuHoldingStockIsNotDeletedAndTheRefusalSaysWhere() {
    post(event("e-1", "PUTAWAY", "MUG", "WH1", 5));
    String before = api.digest(shop.id());
    assertRefused(api.delete("/v1/skus/MUG", shop.key()), "sku", "5 on hand", "'WH1'");
    assertThat(api.digest(shop.id())).isEqualTo(before);
  }

  @Test
  void aSkuHoldingReservationsIsNotDeleted() {
    post(event("e-1", "ORDER_PLACED", "MUG", "WH1", 2));
    assertRefused(api.delete("/v1/skus/MUG", shop.key()), "sku", "2 reserved");
  }

  @Test
  void aComponentOfABundleIsNotDeletedUntilTheBundleIsGone() {
    check(
        api.put(
            "/v1/skus/BOX",
            shop.key(),
            "{\"name\":\"Gift box\",\"components\":[{\"sku\":\"MUG\",\"quantity\":2}]}"));
    String before = api.digest(shop.id());
    assertRefused(api.delete("/v1/skus/MUG", shop.key()), "sku", "bundle(s) 'BOX'");
    assertThat(api.digest(shop.id())).isEqualTo(before);

    assertThat(api.delete("/v1/skus/BOX", shop.key()).status()).isEqualTo(204);
    assertThat(rows("SELECT COUNT(*) FROM sku_components WHERE bundle = ?", "BOX")).isZero();
    assertThat(api.delete("/v1/skus/MUG", shop.key()).status()).isEqualTo(204);
  }

  @Test
  void aBundleWithOpenOrdersIsNotDeleted() {
    post(event("e-1", "PUTAWAY", "MUG", "WH1", 10));
    check(
        api.put(
            "/v1/skus/BOX",
            shop.key(),
            "{\"name\":\"Gift box\",\"components\":[{\"sku\":\"MUG\",\"quantity\":2}]}"));
    post(event("e-2", "ORDER_PLACED", "BOX", "WH1", 1));
    assertRefused(api.delete("/v1/skus/BOX", shop.key()), "sku", "open orders", "1 at 'WH1'");
  }

  @Test
  void aSkuIsDeletedWithItsListingsAndItsQueuedPushAndStaysDeletedAfterARestart() {
    post(event("e-1", "PUTAWAY", "MUG", "WH1", 5));
    post(event("e-2", "ADJUSTMENT", "MUG", "WH1", -5));
    assertThat(rows("SELECT COUNT(*) FROM listings WHERE sku = ?", "MUG")).isEqualTo(1);

    assertThat(api.delete("/v1/skus/MUG", shop.key()).status()).isEqualTo(204);
    assertThat(api.get("/v1/skus/MUG", shop.key()).status()).isEqualTo(404);
    assertThat(rows("SELECT COUNT(*) FROM listings WHERE sku = ?", "MUG")).isZero();
    assertThat(rows("SELECT COUNT(*) FROM push_queue WHERE sku = ?", "MUG")).isZero();
    assertThat(rows("SELECT COUNT(*) FROM balances WHERE sku = ?", "MUG")).isZero();
    assertThat(rows("SELECT COUNT(*) FROM ledger WHERE sku = ?", "MUG")).isEqualTo(2);
    String after = api.digest(shop.id());

    api = api.restart();
    assertThat(api.digest(shop.id())).isEqualTo(after);
    assertThat(api.get("/v1/skus/MUG", shop.key()).status()).isEqualTo(404);
    assertThat(check(api.get("/v1/channels/hook/listings", shop.key())).json().path("listings"))
        .isEmpty();
    // Made again, it starts empty, and its old listing's externalId is free for it.
    check(api.put("/v1/skus/MUG", shop.key(), "{\"name\":\"Blue mug\"}"));
    check(api.put("/v1/channels/hook/listings/MUG", shop.key(), "{\"externalId\":\"mug-1\"}"));
    assertThat(check(api.get("/v1/skus/MUG", shop.key())).json().path("onHand").asLong()).isZero();
  }

  @Test
  void aChannelIsDeletedWithItsListingsAndQueuedPushesAndListenersAreToldOnce() {
    List<ChannelRemoval> told = new CopyOnWriteArrayList<>();
    api.engine.onChannelDeleted(told::add);
    post(event("e-1", "PUTAWAY", "MUG", "WH1", 5));
    assertThat(rows("SELECT COUNT(*) FROM push_queue WHERE channel_id = ?", "hook")).isEqualTo(1);

    assertThat(api.delete("/v1/channels/hook", shop.key()).status()).isEqualTo(204);
    assertThat(api.get("/v1/channels/hook", shop.key()).status()).isEqualTo(404);
    assertThat(rows("SELECT COUNT(*) FROM push_queue WHERE channel_id = ?", "hook")).isZero();
    assertThat(rows("SELECT COUNT(*) FROM listings WHERE channel_id = ?", "hook")).isZero();
    assertThat(rows("SELECT COUNT(*) FROM channels WHERE id = ?", "hook")).isZero();
    assertThat(told)
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.accountId()).isEqualTo(shop.id());
              assertThat(r.channelId()).isEqualTo("hook");
              assertThat(r.row().type()).isEqualTo("webhook");
            });
    JsonNode mug = check(api.get("/v1/skus/MUG", shop.key())).json();
    assertThat(mug.path("listings")).isEmpty();
    String after = api.digest(shop.id());

    api = api.restart();
    assertThat(api.digest(shop.id())).isEqualTo(after);
    assertThat(api.get("/v1/channels/hook", shop.key()).status()).isEqualTo(404);
    assertThat(check(api.get("/v1/channels", shop.key())).json().path("channels")).isEmpty();
  }

  @Test
  void aListingIsDeletedWithItsQueuedPushAndStaysDeletedAfterARestart() {
    post(event("e-1", "PUTAWAY", "MUG", "WH1", 5));
    assertThat(api.delete("/v1/channels/hook/listings/MUG", shop.key()).status()).isEqualTo(204);
    assertThat(api.get("/v1/channels/hook/listings/MUG", shop.key()).status()).isEqualTo(404);
    assertThat(rows("SELECT COUNT(*) FROM push_queue WHERE sku = ?", "MUG")).isZero();
    assertThat(api.delete("/v1/channels/hook/listings/MUG", shop.key()).status()).isEqualTo(404);
    String after = api.digest(shop.id());

    api = api.restart();
    assertThat(api.digest(shop.id())).isEqualTo(after);
    assertThat(api.get("/v1/channels/hook/listings/MUG", shop.key()).status()).isEqualTo(404);
    assertThat(check(api.get("/v1/skus/MUG", shop.key())).json().path("onHand").asLong())
        .isEqualTo(5);
  }

  @Test
  void whatIsAbsentOrAnotherAccountsIsNotFoundAndStaysUntouched() {
    TestApi.Account other = api.account("Other");
    String before = api.digest(shop.id());
    for (String path :
        List.of(
            "/v1/locations/WH1",
            "/v1/skus/MUG",
            "/v1/channels/hook",
            "/v1/channels/hook/listings/MUG")) {
      TestApi.Answer answer = api.delete(path, other.key());
      assertThat(answer.status()).as(path).isEqualTo(404);
      assertThat(answer.isProblem()).as(path).isTrue();
    }
    assertThat(api.delete("/v1/skus/NOPE", shop.key()).status()).isEqualTo(404);
    assertThat(api.delete("/v1/locations/NOPE", shop.key()).status()).isEqualTo(404);
    assertThat(api.delete("/v1/channels/nope", shop.key()).status()).isEqualTo(404);
    assertThat(api.delete("/v1/channels/hook/listings/NOPE", shop.key()).status()).isEqualTo(404);
    assertThat(api.digest(shop.id())).isEqualTo(before);
  }

  @Test
  void aDeletionWithAQueryIsRefusedNamingTheParameter() {
    TestApi.Answer answer = api.delete("/v1/skus/MUG?force=true", shop.key());
    assertThat(answer.status()).isEqualTo(400);
    assertThat(answer.json().at("/errors/0/field").asText()).isEqualTo("force");
    assertThat(api.get("/v1/skus/MUG", shop.key()).status()).isEqualTo(200);
  }
}
