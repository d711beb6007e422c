package io.stocksync.emulator.amazon;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.stocksync.emulator.Http;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Requests a Selling Partner API client sends, for the Amazon emulator's tests. */
final class AmazonRequests {

  static final String SELLER = "A1SELLER";
  static final String MARKETPLACE = "ATVPDKIKX0DER";
  static final String FORM = "application/x-www-form-urlencoded;charset=UTF-8";
  static final String FEED_CONTENT_TYPE = "application/json; charset=UTF-8";

  private AmazonRequests() {}

  /** {@code grant_type=refresh_token} with the default client; the raw answer. */
  static HttpResponse<String> requestToken(Http http, String refreshToken) {
    return http.send(
        "POST",
        "/amazon/auth/o2/token",
        Map.of("Content-Type", FORM),
        "grant_type=refresh_token&refresh_token="
            + java.net.URLEncoder.encode(refreshToken, java.nio.charset.StandardCharsets.UTF_8)
            + "&client_id="
            + AmazonEmulator.DEFAULT_CLIENT_ID
            + "&client_secret="
            + AmazonEmulator.DEFAULT_CLIENT_SECRET);
  }

  /** An access token for the default account. */
  static String token(Http http) {
    HttpResponse<String> response = requestToken(http, AmazonEmulator.DEFAULT_REFRESH_TOKEN);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return Http.json(response).path("access_token").asText();
  }

  /** The {@code ListingsItemPatchRequest} that sets the seller-fulfilled quantity. */
  static String quantityPatch(Object quantity) {
    Map<String, Object> value = new LinkedHashMap<>();
    value.put("fulfillment_channel_code", "DEFAULT");
    value.put("quantity", quantity);
    Map<String, Object> patch = new LinkedHashMap<>();
    patch.put("op", "replace");
    patch.put("path", "/attributes/fulfillment_availability");
    patch.put("value", List.of(value));
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("productType", "PRODUCT");
    body.put("patches", List.of(patch));
    return Http.json(body);
  }

  static HttpResponse<String> patch(Http http, String token, String sku, String body) {
    return patchAt(http, token, listingPath(SELLER, sku) + "?marketplaceIds=" + MARKETPLACE, body);
  }

  static HttpResponse<String> patchAt(Http http, String token, String pathAndQuery, String body) {
    return http.send(
        "PATCH", pathAndQuery, Map.of(AmazonEmulator.ACCESS_TOKEN_HEADER, token), body);
  }

  static String listingPath(String sellerId, String sku) {
    return "/amazon/listings/2021-08-01/items/" + sellerId + "/" + sku;
  }

  static HttpResponse<String> spApi(
      Http http, String method, String token, String path, String body) {
    return http.send(method, path, Map.of(AmazonEmulator.ACCESS_TOKEN_HEADER, token), body);
  }

  static HttpResponse<String> createFeedDocument(Http http, String token) {
    return spApi(
        http,
        "POST",
        token,
        "/amazon/feeds/2021-06-30/documents",
        "{\"contentType\":\"" + FEED_CONTENT_TYPE + "\"}");
  }

  static HttpResponse<String> upload(Http http, String url, String document) {
    return http.sendTo("PUT", url, Map.of("Content-Type", FEED_CONTENT_TYPE), document);
  }

  static HttpResponse<String> createFeed(Http http, String token, String documentId) {
    return spApi(
        http,
        "POST",
        token,
        "/amazon/feeds/2021-06-30/feeds",
        "{\"feedType\":\"JSON_LISTINGS_FEED\",\"marketplaceIds\":[\""
            + MARKETPLACE
            + "\"],\"inputFeedDocumentId\":\""
            + documentId
            + "\"}");
  }

  static HttpResponse<String> getFeed(Http http, String token, String feedId) {
    return spApi(http, "GET", token, "/amazon/feeds/2021-06-30/feeds/" + feedId, null);
  }

  static HttpResponse<String> getFeedDocument(Http http, String token, String documentId) {
    return spApi(http, "GET", token, "/amazon/feeds/2021-06-30/documents/" + documentId, null);
  }

  /** Uploads {@code document} and creates a feed of it; answers the feed id. */
  static String submitFeed(Http http, String token, String document) {
    JsonNode created = Http.json(createFeedDocument(http, token));
    HttpResponse<String> uploaded = upload(http, created.path("url").asText(), document);
    assertThat(uploaded.statusCode()).as(uploaded.body()).isEqualTo(200);
    HttpResponse<String> feed = createFeed(http, token, created.path("feedDocumentId").asText());
    assertThat(feed.statusCode()).as(feed.body()).isEqualTo(202);
    return Http.json(feed).path("feedId").asText();
  }

  /** The processing report of a finished feed, fetched as a client does. */
  static JsonNode report(Http http, String token, String feedId) {
    JsonNode feed = Http.json(getFeed(http, token, feedId));
    String documentId = feed.path("resultFeedDocumentId").asText();
    JsonNode document = Http.json(getFeedDocument(http, token, documentId));
    HttpResponse<String> download =
        http.sendTo("GET", document.path("url").asText(), Map.of(), null);
    assertThat(download.statusCode()).as(download.body()).isEqualTo(200);
    return Http.json(download);
  }

  /** A JSON listings feed (v2) for {@link #SELLER}. */
  static String feed(List<Map<String, Object>> messages) {
    Map<String, Object> header = new LinkedHashMap<>();
    header.put("sellerId", SELLER);
    header.put("version", "2.0");
    Map<String, Object> feed = new LinkedHashMap<>();
    feed.put("header", header);
    feed.put("messages", messages);
    return Http.json(feed);
  }

  /** A PATCH message setting the DEFAULT channel's quantity. */
  static Map<String, Object> patchMessage(long messageId, String sku, Object quantity) {
    Map<String, Object> value = new LinkedHashMap<>();
    value.put("fulfillment_channel_code", "DEFAULT");
    value.put("quantity", quantity);
    Map<String, Object> patch = new LinkedHashMap<>();
    patch.put("op", "replace");
    patch.put("path", "/attributes/fulfillment_availability");
    patch.put("value", List.of(value));
    Map<String, Object> message = new LinkedHashMap<>();
    message.put("messageId", messageId);
    message.put("sku", sku);
    message.put("operationType", "PATCH");
    message.put("productType", "PRODUCT");
    message.put("patches", List.of(patch));
    return message;
  }
}
