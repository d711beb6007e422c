package io.stocksync.server.secret;

import io.stocksync.server.config.ServerConfig;
import io.stocksync.store.SecretKeyRepository;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Seals channel credentials before they are stored, with AES-256-GCM: a fresh 96-bit nonce per
 * sealing, and the channel's identity ({@code accountId/channelId}) as associated data, so that a
 * sealed value copied onto another channel or account does not open. Sealed text is {@code v1:}
 * followed by base64 of nonce and ciphertext with its tag.
 *
 * <p>Thread-safe (a {@link Cipher} is made per call).
 */
public final class CredentialCipher {
  private static final Logger log = LoggerFactory.getLogger(CredentialCipher.class);

  /** The key file's name: in the directory of the SQLite database file. */
  public static final String KEY_FILE = SecretKeyRepository.KEY_FILE;

  private static final String PREFIX = "v1:";
  private static final int KEY_BYTES = 32;
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;

  private final SecretKeySpec key;
  private final String source;
  private final SecureRandom random = new SecureRandom();

  /** A cipher with this 256-bit key. */
  public CredentialCipher(byte[] key) {
    this(key, "a key given to the process");
  }

  private CredentialCipher(byte[] key, String source) {
    if (key.length != KEY_BYTES) {
      throw new IllegalArgumentException("the secret key must be 32 bytes (256 bits)");
    }
    this.key = new SecretKeySpec(key.clone(), "AES");
    this.source = source;
  }

  /**
   * The cipher of a configuration, opening its store for the key when the store keeps it: see
   * {@link #load(ServerConfig, SecretKeyRepository)}.
   */
  public static CredentialCipher load(ServerConfig config) {
    if (config.secretKey() != null) {
      return configured(config.secretKey());
    }
    try (SecretKeyRepository keys = SecretKeyRepository.open(config.db())) {
      return load(config, keys);
    }
  }

  /**
   * The cipher of a configuration (SPEC §6: the key lives with the store, never in the working
   * directory): its {@code secretKey} (base64 of 32 bytes) when set; otherwise, for a SQLite store,
   * the file {@value #KEY_FILE} beside the database file, generated (owner-only permissions) when
   * missing, with a warning that says where it is; for PostgreSQL, the key the database keeps,
   * generated and stored there by the first server on an empty store.
   */
  public static CredentialCipher load(ServerConfig config, SecretKeyRepository keys) {
    if (config.secretKey() != null) {
      return configured(config.secretKey());
    }
    if (keys.keepsKeyInDatabase()) {
      String kept = keys.keepKey(newKey(), Instant.now());
      return new CredentialCipher(
          decodeKey(kept, "the key the database keeps"), "the key kept in the PostgreSQL store");
    }
    Path file = SecretKeyRepository.keyFileOf(config.db()).orElseThrow();
    try {
      if (Files.notExists(file)) {
        generate(file);
      }
      return new CredentialCipher(
          decodeKey(Files.readString(file, StandardCharsets.US_ASCII).trim(), file.toString()),
          "the key file " + file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or create the secret key file " + file, e);
    }
  }

  private static CredentialCipher configured(String base64) {
    return new CredentialCipher(
        decodeKey(base64, "the configured secret key"),
        "the configured secret key (STOCKSYNC_SECRET_KEY or --secret-key)");
  }

  /** Where this cipher's key came from, for messages (never the key itself). */
  public String source() {
    return source;
  }

  private static void generate(Path file) throws IOException {
    Files.createDirectories(file.getParent());
    byte[] bytes = new byte[KEY_BYTES];
    new SecureRandom().nextBytes(bytes);
    try {
      Files.createFile(
          file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } catch (FileAlreadyExistsException raced) {
      return; // another process made it first: use theirs
    } catch (UnsupportedOperationException notPosix) {
      Files.createFile(file);
    }
    Files.writeString(
        file,
        Base64.getEncoder().encodeToString(bytes) + "\n",
        StandardCharsets.US_ASCII,
        StandardOpenOption.TRUNCATE_EXISTING);
    log.warn(
        "no secret key configured: generated one in {} (owner-only). Channel credentials are"
            + " sealed with it: keep it with the database (back them up together), or set"
            + " STOCKSYNC_SECRET_KEY.",
        file);
  }

  private static byte[] decodeKey(String base64, String source) {
    byte[] bytes;
    try {
      bytes = Base64.getDecoder().decode(base64.trim());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(source + " is not base64", e);
    }
    if (bytes.length != KEY_BYTES) {
      throw new IllegalArgumentException(
          source + " must be base64 of 32 bytes (say: openssl rand -base64 32)");
    }
    return bytes;
  }

  /** A new random key, base64, for {@code STOCKSYNC_SECRET_KEY}. */
  public static String newKey() {
    byte[] bytes = new byte[KEY_BYTES];
    new SecureRandom().nextBytes(bytes);
    return Base64.getEncoder().encodeToString(bytes);
  }

  /** Seals {@code plaintext} for the channel {@code context} names. */
  public String seal(String plaintext, String context) {
    byte[] nonce = new byte[NONCE_BYTES];
    random.nextBytes(nonce);
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
      cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
      byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
      return PREFIX
          + Base64.getEncoder()
              .encodeToString(
                  ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed).array());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is not available", e);
    }
  }

  /**
   * Opens what {@link #seal} made for the same {@code context}.
   *
   * @throws IllegalArgumentException when it was sealed with another key or context, or altered
   */
  public String open(String sealed, String context) {
    if (sealed == null || !sealed.startsWith(PREFIX)) {
      throw new IllegalArgumentException("not sealed credentials");
    }
    byte[] bytes;
    try {
      bytes = Base64.getDecoder().decode(sealed.substring(PREFIX.length()));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("sealed credentials are damaged", e);
    }
    if (bytes.length < NONCE_BYTES + TAG_BITS / 8) {
      throw new IllegalArgumentException("sealed credentials are damaged");
    }
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, bytes, 0, NONCE_BYTES));
      cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
      return new String(
          cipher.doFinal(bytes, NONCE_BYTES, bytes.length - NONCE_BYTES), StandardCharsets.UTF_8);
    } catch (javax.crypto.AEADBadTagException e) {
      throw new IllegalArgumentException(
          "sealed credentials do not open with this key for this channel", e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is not available", e);
    }
  }

  /** The associated data of a channel's credentials. */
  public static String context(String accountId, String channelId) {
    return accountId + "/" + channelId;
  }

  @Override
  public String toString() {
    return "CredentialCipher[AES-256-GCM]";
  }
}
