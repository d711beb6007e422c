package io.stocksync.emulator.amazon;

import io.stocksync.emulator.AccessTokens;
import io.stocksync.emulator.EmulatorRequest;
import io.stocksync.emulator.EmulatorResponse;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The emulator's Login with Amazon token endpoint: a refresh token of the options, with the
 * client's id and secret, is exchanged for an access token that the Selling Partner API routes
 * check; its refusals carry LWA's own error codes. Thread-safe as {@link AccessTokens} is.
 */
final class LoginWithAmazon {
  private final AmazonEmulator.Options options;
  private final AccessTokens tokens;

  LoginWithAmazon(AmazonEmulator.Options options, AccessTokens tokens) {
    this.options = options;
    this.tokens = tokens;
  }

  EmulatorResponse token(EmulatorRequest request) {
    Map<String, String> params = tokenParams(request);
    String grantType = params.get("grant_type");
    if (grantType == null || grantType.isBlank()) {
      return lwaError(
          400, "invalid_request", "The request is missing a required parameter : grant_type");
    }
    if (!"refresh_token".equals(grantType)) {
      return lwaError(
          400,
          "unsupported_grant_type",
          "The authorization grant type is not supported by the authorization server");
    }
    if (!options.clientId().equals(params.get("client_id"))
        || !options.clientSecret().equals(params.get("client_secret"))) {
      return lwaError(401, "invalid_client", "Client authentication failed");
    }
    String refreshToken = params.get("refresh_token");
    if (refreshToken == null || !options.refreshTokens().contains(refreshToken)) {
      return lwaError(
          400, "invalid_grant", "The request has an invalid grant parameter : refresh_token");
    }
    AccessTokens.Issued issued = tokens.issue(refreshToken);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("access_token", issued.token());
    body.put("refresh_token", refreshToken);
    body.put("token_type", "bearer");
    body.put("expires_in", issued.lifetime().toSeconds());
    return EmulatorResponse.json(200, body);
  }

  /** LWA takes form-encoded parameters (and JSON, which some clients send). */
  private static Map<String, String> tokenParams(EmulatorRequest request) {
    Map<String, String> params = new LinkedHashMap<>();
    String contentType = request.header("Content-Type").orElse("");
    if (contentType.contains("json")) {
      try {
        request
            .json()
            .properties()
            .forEach(field -> params.put(field.getKey(), field.getValue().asText()));
      } catch (IllegalArgumentException e) {
        return params;
      }
      return params;
    }
    request.formParams().forEach((name, values) -> params.put(name, values.get(0)));
    return params;
  }

  private static EmulatorResponse lwaError(int status, String error, String description) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("error_description", description);
    body.put("error", error);
    return EmulatorResponse.json(status, body);
  }
}
