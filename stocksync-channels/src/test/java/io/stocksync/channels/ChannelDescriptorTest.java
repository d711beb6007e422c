package io.stocksync.channels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stocksync.core.channel.ChannelRules;
import io.stocksync.core.inventory.FieldError;
import io.stocksync.core.port.Rows.ChannelRow;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every rule a channel type declares, checked twice: by {@link ChannelDescriptor#problems} (what
 * the HTTP API calls at PUT) and by the connector's own factory, which must refuse the same value
 * naming the same field. The bad values are derived from each declaration (below its minimum, above
 * its maximum, not whole, not a choice, blank, of the wrong shape), so a field added later is
 * covered too.
 */
class ChannelDescriptorTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ConnectorContext CONTEXT =
      new ConnectorContext(
          HttpClient.newHttpClient(), Clock.systemUTC(), Duration.ofSeconds(1), () -> 0.5);

  /** A channel of each type that both the API and the connector accept. */
  private record Valid(String baseUrl, Map<String, Object> settings, Map<String, String> secrets) {}

  private static Map<String, Valid> validChannels() {
    Map<String, Valid> v = new LinkedHashMap<>();
    v.put(
        "shopify",
        new Valid(
            "https://shop.myshopify.com",
            Map.of("locationId", "gid://shopify/Location/1"),
            Map.of("accessToken", "shpat_x")));
    v.put(
        "amazon",
        new Valid(
            "https://sellingpartnerapi-eu.amazon.com",
            Map.of("sellerId", "A1", "marketplaceId", "ATVPDKIKX0DER"),
            Map.of("clientId", "c", "clientSecret", "s", "refreshToken", "r")));
    v.put(
        "flipkart",
        new Valid(
            "https://api.flipkart.net",
            Map.of("locationId", "LOC1"),
            Map.of("appId", "a", "appSecret", "s")));
    v.put(
        "woocommerce",
        new Valid(
            "https://shop.example",
            Map.of(),
            Map.of("consumerKey", "ck_x", "consumerSecret", "cs_x")));
    v.put("webhook", new Valid("https://hooks.example/stock", Map.of(), Map.of("secret", "hmac")));
    return v;
  }

  private static ChannelRow row(String type, String baseUrl, JsonNode settings) {
    return new ChannelRow(
        "acct",
        "ch",
        type,
        baseUrl,
        settings.toString(),
        "sealed",
        List.of(),
        true,
        ChannelRules.DEFAULT);
  }

  private static Connector create(
      String type, String baseUrl, JsonNode settings, Map<String, String> c) {
    return Connectors.standard()
        .factory(type)
        .orElseThrow()
        .create(row(type, baseUrl, settings), c, CONTEXT);
  }

  /** Bad values for a declared field, each one its declaration refuses. */
  private static List<JsonNode> badValues(ChannelField f) {
    List<JsonNode> bad = new ArrayList<>();
    switch (f.kind()) {
      case WHOLE -> {
        bad.add(JSON.getNodeFactory().numberNode((long) f.min() - 1));
        bad.add(JSON.getNodeFactory().numberNode((long) f.max() + 1));
        bad.add(JSON.getNodeFactory().numberNode(f.min() + 0.5));
        bad.add(JSON.getNodeFactory().textNode("10"));
      }
      case NUMBER -> {
        bad.add(JSON.getNodeFactory().numberNode(0));
        bad.add(JSON.getNodeFactory().numberNode(-1));
        bad.add(JSON.getNodeFactory().numberNode(f.max() * 2));
        bad.add(JSON.getNodeFactory().textNode("fast"));
      }
      case CHOICE -> {
        bad.add(JSON.getNodeFactory().textNode("sometimes"));
        bad.add(JSON.getNodeFactory().numberNode(1));
      }
      case URL -> {
        bad.add(JSON.getNodeFactory().textNode("ftp://x.example"));
        bad.add(JSON.getNodeFactory().textNode("not a url"));
      }
      case TEXT -> {
        bad.add(JSON.getNodeFactory().textNode(" "));
        bad.add(JSON.getNodeFactory().numberNode(7));
        bad.add(JSON.getNodeFactory().textNode("a\u0000b"));
      }
    }
    if (f.isRequired()) {
      bad.add(null);
    }
    return bad;
  }

  @Test
  void everyDeclaredSettingAndCredentialRefusesItsBadValuesInTheApiAndInTheConnectorAlike() {
    int checked = 0;
    for (Map.Entry<String, Valid> e : validChannels().entrySet()) {
      String type = e.getKey();
      Valid valid = e.getValue();
      ChannelDescriptor d = Connectors.descriptor(type).orElseThrow();
      ObjectNode settings = JSON.valueToTree(valid.settings());
      ObjectNode credentials = JSON.valueToTree(valid.secrets());
      assertThat(d.problems(valid.baseUrl(), settings, credentials)).as(type).isEmpty();
      assertThat(create(type, valid.baseUrl(), settings, valid.secrets())).isNotNull();

      for (ChannelField f : d.settings()) {
        for (JsonNode bad : badValues(f)) {
          ObjectNode s = settings.deepCopy();
          if (bad == null) {
            s.remove(f.name());
          } else {
            s.set(f.name(), bad);
          }
          String field = "settings." + f.name();
          assertThat(d.problems(valid.baseUrl(), s, credentials))
              .as(type + " " + field + " = " + bad)
              .extracting(FieldError::field)
              .containsExactly(field);
          assertThatThrownBy(() -> create(type, valid.baseUrl(), s, valid.secrets()))
              .as(type + " connector, " + field + " = " + bad)
              .isInstanceOf(IllegalArgumentException.class)
              .hasMessageStartingWith(field + " ");
          checked++;
        }
      }
      for (ChannelField f : d.credentials()) {
        for (JsonNode bad : badValues(f)) {
          if (bad != null && !bad.isTextual()) {
            continue; // decrypted credentials are strings by construction
          }
          Map<String, String> c = new LinkedHashMap<>(valid.secrets());
          ObjectNode cn = credentials.deepCopy();
          if (bad == null) {
            c.remove(f.name());
            cn.remove(f.name());
          } else {
            c.put(f.name(), bad.textValue());
            cn.set(f.name(), bad);
          }
          String field = "credentials." + f.name();
          assertThat(d.problems(valid.baseUrl(), settings, cn))
              .as(type + " " + field)
              .extracting(FieldError::field)
              .containsExactly(field);
          assertThatThrownBy(() -> create(type, valid.baseUrl(), settings, c))
              .as(type + " connector, " + field)
              .hasMessageStartingWith(field + " ");
          checked++;
        }
      }
    }
    assertThat(checked).isGreaterThan(100);
  }

  @Test
  void aFlipkartBatchSizeOfFiftyOrTwoAndAHalfIsRefusedAndTenIsTaken() {
    ChannelDescriptor d = flipkart();
    for (String bad : List.of("50", "2.5", "0", "10.0")) {
      ObjectNode s = settings("{\"locationId\":\"LOC1\",\"batchSize\":" + bad + "}");
      assertThat(d.problems("https://api.flipkart.net", s, null))
          .as(bad)
          .containsExactly(
              new FieldError("settings.batchSize", "must be a whole number from 1 to 10"));
    }
    assertThat(
            d.problems(
                "https://api.flipkart.net",
                settings("{\"locationId\":\"LOC1\",\"batchSize\":10}"),
                null))
        .isEmpty();
  }

  @Test
  void theWebhookSecretIsRequiredByTheDeclarationAndSoByTheConnector() {
    ChannelDescriptor d = Connectors.descriptor("webhook").orElseThrow();

    assertThat(d.problems("https://hooks.example", settings("{}"), settings("{}")))
        .containsExactly(new FieldError("credentials.secret", "is required"));
    assertThatThrownBy(() -> create("webhook", "https://hooks.example", settings("{}"), Map.of()))
        .hasMessage("credentials.secret is required");
  }

  @Test
  void everyTypeTakesTheSettingsSpecSevenAddsForAllWithTheirDefaults() {
    for (String type : Connectors.types()) {
      Map<String, ChannelField> s = Connectors.descriptor(type).orElseThrow().settingsByName();
      assertThat(s)
          .as(type)
          .containsKeys("orderLocation", "ordersPollSeconds", "readBackSeconds", "driftRepair");
      assertThat(s.get("driftRepair").choices()).containsExactly("push", "alert");
      assertThat(s.get("driftRepair").defaultValue()).isEqualTo("push");
      assertThat(s.get("readBackSeconds").defaultValue()).isEqualTo(3600L);
    }
    assertThat(Connectors.descriptor("shopify").orElseThrow().credentials())
        .extracting(ChannelField::name)
        .contains("webhookSecret");
    assertThat(Connectors.descriptor("woocommerce").orElseThrow().credentials())
        .extracting(ChannelField::name)
        .contains("webhookSecret");
  }

  @Test
  void unknownFieldsAreRefusedAtPutAndIgnoredWhenAStoredChannelLoads() {
    ChannelDescriptor d = Connectors.descriptor("flipkart").orElseThrow();
    ObjectNode s = settings("{\"locationId\":\"LOC1\",\"colour\":\"blue\"}");

    assertThat(
            d.problems(
                "https://api.flipkart.net",
                s,
                settings("{\"appId\":\"a\",\"appSecret\":\"s\",\"pin\":\"1\"}")))
        .extracting(FieldError::field)
        .containsExactly("settings.colour", "credentials.pin");
    assertThat(
            create(
                "flipkart", "https://api.flipkart.net", s, Map.of("appId", "a", "appSecret", "s")))
        .isNotNull();
  }

  @Test
  void wooCommerceBasicAuthIsRefusedOverPlainHttpExceptOnALoopbackHost() {
    ChannelDescriptor d = Connectors.descriptor("woocommerce").orElseThrow();
    ObjectNode keys = settings("{\"consumerKey\":\"ck\",\"consumerSecret\":\"cs\"}");

    for (String open : List.of("http://shop.example", "http://10.0.0.5:8080", "http://128.0.0.1")) {
      assertThat(d.problems(open, settings("{}"), keys))
          .as(open)
          .extracting(FieldError::field)
          .containsExactly("baseUrl");
      assertThatThrownBy(
              () ->
                  create(
                      "woocommerce",
                      open,
                      settings("{}"),
                      Map.of("consumerKey", "ck", "consumerSecret", "cs")))
          .hasMessageStartingWith("baseUrl must be https");
    }
    for (String fine :
        List.of(
            "https://shop.example", "http://127.0.0.1:9", "http://localhost:9", "http://[::1]:9")) {
      assertThat(d.problems(fine, settings("{}"), keys)).as(fine).isEmpty();
    }
  }

  @Test
  void listingIdsAreCheckedByTheirTypesShape() {
    assertThat(
            Connectors.descriptor("shopify")
                .orElseThrow()
                .listingProblems(settings("{\"externalId\":\"12345\"}")))
        .extracting(FieldError::field)
        .containsExactly("externalId");
    assertThat(
            Connectors.descriptor("shopify")
                .orElseThrow()
                .listingProblems(settings("{\"externalId\":\"gid://shopify/InventoryItem/7\"}")))
        .isEmpty();
    ChannelDescriptor woo = Connectors.descriptor("woocommerce").orElseThrow();
    for (String bad : List.of("0", "12/", "12/0", "abc", "-3")) {
      assertThat(woo.listingProblems(settings("{\"externalId\":\"" + bad + "\"}")))
          .as(bad)
          .extracting(FieldError::field)
          .containsExactly("externalId");
    }
    assertThat(woo.listingProblems(settings("{\"externalId\":\"12/34\"}"))).isEmpty();
    ChannelDescriptor flipkart = flipkart();
    assertThat(flipkart.listingProblems(settings("{\"externalId\":\"MUG-1\"}")))
        .containsExactly(new FieldError("productId", "is required"));
    assertThat(
            flipkart.listingProblems(
                settings("{\"externalId\":\"MUG-1\",\"productId\":\"ABCDEFGHIJKLMNOPQ\"}")))
        .containsExactly(new FieldError("productId", "must be at most 16 characters"));
    assertThat(
            flipkart.listingProblems(
                settings("{\"externalId\":\"MUG-1\",\"productId\":\"ABCDEFGHIJKLM\"}")))
        .isEmpty();
  }

  private static ChannelDescriptor flipkart() {
    return Connectors.descriptor("flipkart").orElseThrow();
  }

  private static ObjectNode settings(String json) {
    try {
      return (ObjectNode) JSON.readTree(json);
    } catch (Exception e) {
      throw new IllegalArgumentException(e);
    }
  }
}
