package io.stocksync.channels.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs a webhook delivery: {@code v1=} and the lowercase hex HMAC-SHA256, keyed with the channel's
 * secret, of {@code timestamp + "." + rawBody}. Receivers verify it with the recipe in {@code
 * docs/connectors/webhook.md}. Immutable and thread-safe.
 */
public final class WebhookSigner {

  private final SecretKeySpec key;

  /** A signer with this secret. */
  public WebhookSigner(String secret) {
    this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
  }

  /** The {@code X-StockSync-Signature} value for {@code body} sent at {@code timestamp}. */
  public String sign(long timestamp, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      mac.update((timestamp + ".").getBytes(StandardCharsets.UTF_8));
      return "v1=" + HexFormat.of().formatHex(mac.doFinal(body));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA256 is not available", e);
    }
  }

  @Override
  public String toString() {
    return "WebhookSigner[HMAC-SHA256]";
  }
}
