package io.stocksync.emulator.webhook;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The StockSync webhook signature: {@code v1=} followed by the lowercase hex HMAC-SHA256, keyed by
 * the channel's secret, of {@code timestamp + "." + rawBody}.
 *
 * <p>Stateless and thread-safe.
 */
final class WebhookSignature {

  static final String SCHEME = "v1=";

  private WebhookSignature() {}

  /** The signature header value for a body sent at {@code timestamp} (unix seconds). */
  static String sign(String secret, String timestamp, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      mac.update(timestamp.getBytes(StandardCharsets.UTF_8));
      mac.update((byte) '.');
      return SCHEME + HexFormat.of().formatHex(mac.doFinal(body));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }

  /**
   * Whether {@code header} carries a valid signature; it may list several, comma-separated (as
   * during a secret rotation), and one match is enough. Compared in constant time.
   */
  static boolean verify(String secret, String timestamp, byte[] body, String header) {
    byte[] expected = sign(secret, timestamp, body).getBytes(StandardCharsets.US_ASCII);
    boolean valid = false;
    for (String candidate : header.split(",")) {
      valid |=
          MessageDigest.isEqual(expected, candidate.trim().getBytes(StandardCharsets.US_ASCII));
    }
    return valid;
  }
}
