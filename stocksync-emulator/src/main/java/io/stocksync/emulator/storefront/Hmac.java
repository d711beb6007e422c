package io.stocksync.emulator.storefront;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The signature Shopify and WooCommerce put on their webhooks: base64 of HMAC-SHA256 of the raw
 * body, keyed with the shared secret. Stateless and thread-safe.
 */
public final class Hmac {

  private Hmac() {}

  /** {@code base64(HMAC-SHA256(secret, body))}. */
  public static String base64Sha256(String secret, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return Base64.getEncoder().encodeToString(mac.doFinal(body));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }
}
