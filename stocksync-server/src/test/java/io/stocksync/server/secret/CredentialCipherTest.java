package io.stocksync.server.secret;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stocksync.server.config.ServerConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CredentialCipherTest {
  @TempDir Path dir;

  private ServerConfig config(String secretKey) {
    return new ServerConfig("x.db", dir.resolve("data"), "127.0.0.1", 0, 1024, secretKey, 1);
  }

  @Test
  void sealsSoThatOnlyTheSameKeyAndChannelOpen() {
    CredentialCipher cipher = new CredentialCipher(new byte[32]);
    String sealed = cipher.seal("{\"secret\":\"s3cret\"}", "acc_1/hook");

    assertThat(sealed).startsWith("v1:").doesNotContain("s3cret");
    assertThat(cipher.seal("{\"secret\":\"s3cret\"}", "acc_1/hook")).isNotEqualTo(sealed);
    assertThat(cipher.open(sealed, "acc_1/hook")).isEqualTo("{\"secret\":\"s3cret\"}");
    assertThatThrownBy(() -> cipher.open(sealed, "acc_2/hook"))
        .isInstanceOf(IllegalArgumentException.class);
    byte[] other = new byte[32];
    other[0] = 1;
    assertThatThrownBy(() -> new CredentialCipher(other).open(sealed, "acc_1/hook"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void generatesAnOwnerOnlyKeyFileOnceAndReusesIt() throws Exception {
    CredentialCipher first = CredentialCipher.load(config(null));
    Path file = dir.resolve("data").resolve(CredentialCipher.KEY_FILE);

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    String sealed = first.seal("x", "c");
    assertThat(CredentialCipher.load(config(null)).open(sealed, "c")).isEqualTo("x");
  }

  @Test
  void usesTheConfiguredKeyAndRefusesOneOfTheWrongSize() {
    String key = CredentialCipher.newKey();
    String sealed = CredentialCipher.load(config(key)).seal("x", "c");

    assertThat(CredentialCipher.load(config(key)).open(sealed, "c")).isEqualTo("x");
    assertThat(dir.resolve("data")).doesNotExist();
    assertThatThrownBy(() -> CredentialCipher.load(config("c2hvcnQ=")))
        .hasMessageContaining("32 bytes");
  }
}
