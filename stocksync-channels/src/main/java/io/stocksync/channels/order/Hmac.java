package io.stocksync.channels.order;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** HMAC-SHA256 as the marketplaces sign their webhooks, with a constant-time comparison. */
final class Hmac {
  private Hmac() {}

  static byte[] sha256(String secret, byte[]... parts) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      for (byte[] p : parts) {
        mac.update(p);
      }
      return mac.doFinal();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA256 is not available", e);
    }
  }

  /**
   * Whether {@code given} is the base64 HMAC-SHA256 of {@code body} with {@code secret} (Shopify's
   * X-Shopify-Hmac-Sha256, WooCommerce's X-WC-Webhook-Signature).
   */
  static boolean base64Matches(String secret, byte[] body, String given) {
    if (secret == null || secret.isEmpty() || given == null) {
      return false;
    }
    byte[] expected = Base64.getEncoder().encode(sha256(secret, body));
    return MessageDigest.isEqual(expected, given.trim().getBytes(StandardCharsets.US_ASCII));
  }
}
