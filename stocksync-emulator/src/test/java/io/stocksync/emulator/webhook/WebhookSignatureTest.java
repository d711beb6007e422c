package io.stocksync.emulator.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class WebhookSignatureTest {

  private static final byte[] BODY = "{\"items\":[]}".getBytes(StandardCharsets.UTF_8);

  @Test
  void signsTheTimestampADotAndTheRawBodyAsLowercaseHex() {
    // printf '1764237600.{"items":[]}' | openssl dgst -sha256 -hmac secret
    assertThat(WebhookSignature.sign("secret", "1764237600", BODY))
        .isEqualTo("v1=931aea669ad3eef13e8dd863a83e82212b0de511130145af61265b9e034d6b96");
  }

  @Test
  void verifiesOnlyTheSignatureOfTheSameSecretTimestampAndBody() {
    String signature = WebhookSignature.sign("secret", "1764237600", BODY);

    assertThat(WebhookSignature.verify("secret", "1764237600", BODY, signature)).isTrue();
    assertThat(WebhookSignature.verify("secret", "1764237601", BODY, signature)).isFalse();
    assertThat(WebhookSignature.verify("other", "1764237600", BODY, signature)).isFalse();
    assertThat(WebhookSignature.verify("secret", "1764237600", BODY, "v1=00")).isFalse();
  }
}
