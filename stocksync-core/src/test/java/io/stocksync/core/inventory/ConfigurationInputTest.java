package io.stocksync.core.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stocksync.core.channel.ChannelRules;
import io.stocksync.core.policy.SyncPolicy;
import io.stocksync.core.port.Rows.ChannelRow;
import java.util.List;
import java.util.function.Consumer;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The configuration entry points refuse what the store could not hold (SPEC §6) and normalise codes
 * (SPEC §7): each bad value is an {@link InvalidRequestException} naming its field, thrown before
 * anything changed.
 */
class ConfigurationInputTest {

  private Shop shop;

  @BeforeEach
  void setUp() {
    shop = Shop.standard(Shop.SEED);
  }

  private void refusedNaming(String field, ThrowingCallable call) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            InvalidRequestException.class,
            e -> assertThat(e.errors()).extracting(FieldError::field).contains(field));
    assertThat(shop.changes.isEmpty()).as("nothing recorded").isTrue();
  }

  private void eachBadText(Consumer<String> put) {
    for (String bad : List.of("a\u0000b", "x\uD800", "\uDC00y", "bell\u0007")) {
      put.accept(bad);
    }
  }

  @Test
  void aLocationCodeOrNameTheStoreCouldNotHoldIsRefusedNamingTheField() {
    eachBadText(
        bad -> {
          refusedNaming(
              "code", () -> shop.account.putLocation(bad, "n", true, shop.now(), shop.changes));
          refusedNaming(
              "name", () -> shop.account.putLocation("WH2", bad, true, shop.now(), shop.changes));
        });
    refusedNaming(
        "code", () -> shop.account.putLocation("W\u200BH1", "n", true, shop.now(), shop.changes));
    refusedNaming(
        "name",
        () ->
            shop.account.putLocation(
                "WH2",
                "n".repeat(StorableValues.MAX_NAME_LENGTH + 1),
                true,
                shop.now(),
                shop.changes));
    assertThat(shop.account.hasLocation("WH2")).isFalse();
  }

  @Test
  void aSkuCodeNameOrComponentTheStoreCouldNotHoldIsRefusedNamingTheField() {
    eachBadText(
        bad -> {
          refusedNaming(
              "sku", () -> shop.account.putSku(bad, "n", List.of(), shop.now(), shop.changes));
          refusedNaming(
              "name", () -> shop.account.putSku("CUP", bad, List.of(), shop.now(), shop.changes));
          refusedNaming(
              "components[0].sku",
              () ->
                  shop.account.putSku(
                      "SET", "n", List.of(new Component(bad, 1)), shop.now(), shop.changes));
        });
    refusedNaming(
        "sku", () -> shop.account.putSku("\u202EGUM", "n", List.of(), shop.now(), shop.changes));
    refusedNaming(
        "sku",
        () -> shop.account.putSku("M".repeat(201), "n", List.of(), shop.now(), shop.changes));
    assertThat(shop.account.skuCount()).isEqualTo(1);
  }

  @Test
  void aSkuCodeIsTrimmedAndNfcNormalisedSoLookAlikesAreOneSku() {
    shop.account.putSku(" CAFE\u0301 ", "decomposed", List.of(), shop.now(), shop.changes);
    shop.account.putSku("CAF\u00C9", "composed", List.of(), shop.now(), shop.changes);

    assertThat(shop.account.skuCount()).isEqualTo(2); // MUG and CAFÉ
    assertThat(shop.account.hasSku("CAF\u00C9")).isTrue();
    assertThat(shop.view("CAF\u00C9").name()).isEqualTo("composed");
    assertThat(shop.drain().skus()).extracting(r -> r.sku()).containsOnly("CAF\u00C9");
  }

  @Test
  void aBundlesComponentCodeIsNormalisedBeforeItIsLookedUp() {
    shop.account.putSku(
        "PAIR", "two mugs", List.of(new Component("  MUG\t", 2)), shop.now(), shop.changes);

    assertThat(shop.view("PAIR").components()).containsExactly(new Component("MUG", 2));
  }

  private static ChannelRow row(String id, String baseUrl, String settings, List<String> where) {
    return new ChannelRow(
        "acct-1", id, "webhook", baseUrl, settings, "sealed", where, true, ChannelRules.DEFAULT);
  }

  @Test
  void aChannelWithAValueTheStoreCouldNotHoldIsRefusedNamingTheField() {
    eachBadText(
        bad -> {
          refusedNaming(
              "id",
              () ->
                  shop.account.putChannel(
                      row(bad, "http://h/", "{}", List.of()), shop.now(), shop.changes));
          refusedNaming(
              "baseUrl",
              () ->
                  shop.account.putChannel(
                      row("c2", "http://h/" + bad, "{}", List.of()), shop.now(), shop.changes));
          refusedNaming(
              "settings",
              () ->
                  shop.account.putChannel(
                      row("c2", "http://h/", "{\"a\":\"" + bad + "\"}", List.of()),
                      shop.now(),
                      shop.changes));
          refusedNaming(
              "locations[0]",
              () ->
                  shop.account.putChannel(
                      row("c2", "http://h/", "{}", List.of("WH" + bad)), shop.now(), shop.changes));
        });
    assertThat(shop.account.hasChannel("c2")).isFalse();
  }

  @Test
  void aChannelIdAndItsLocationsAreNormalisedCodes() {
    shop.account.putChannel(
        row(" c2 ", "http://h/", "{}", List.of("WH1 ")), shop.now(), shop.changes);

    assertThat(shop.account.hasChannel("c2")).isTrue();
    assertThat(shop.account.channel("c2").locations()).containsExactly("WH1");
  }

  @Test
  void aListingWithAnExternalIdTheStoreCouldNotHoldIsRefusedNamingTheField() {
    eachBadText(
        bad ->
            refusedNaming(
                "externalId",
                () -> shop.account.putListing("shop", "MUG", bad, null, shop.now(), shop.changes)));
    refusedNaming(
        "externalId",
        () ->
            shop.account.putListing(
                "shop",
                "MUG",
                "x".repeat(StorableValues.MAX_EXTERNAL_ID_LENGTH + 1),
                null,
                shop.now(),
                shop.changes));
    assertThat(shop.view("MUG").listings())
        .extracting(l -> l.externalId())
        .containsExactly("shop:MUG");
  }

  @Test
  void aListingIsFoundByTheNormalisedCodesOfItsChannelAndSku() {
    shop.account.putListing(" shop", "MUG ", "mug-2", null, shop.now(), shop.changes);

    assertThat(shop.view("MUG").listings())
        .extracting(l -> l.externalId())
        .containsExactly("mug-2");
  }

  @Test
  void anAccountNameTheStoreCouldNotHoldIsRefused() {
    Changes out = new Changes();

    assertThatThrownBy(
            () -> AccountState.create("acct-2", "Shop\u0000", SyncPolicy.DEFAULT, shop.now(), out))
        .isInstanceOfSatisfying(
            InvalidRequestException.class,
            e -> assertThat(e.errors()).extracting(FieldError::field).containsExactly("name"));
    assertThat(out.isEmpty()).isTrue();
  }
}
