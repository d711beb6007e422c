package io.stocksync.server.account;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * API keys: {@code sk_} and 32 random bytes in base64url (256 bits from {@link SecureRandom}), and
 * the hash they are stored and looked up by.
 *
 * <p>The hash is a plain SHA-256. A slow password hash (bcrypt, Argon2) protects low-entropy
 * secrets against guessing; a key of 256 random bits cannot be guessed, so a fast hash is as safe
 * here and lets every request be authenticated by one indexed lookup.
 *
 * <p>Thread-safe.
 */
public final class ApiKeys {

  /** A key just made: its text (shown once, never stored), its hash and its public id. */
  public record NewKey(String keyId, String key, byte[] hash) {
    /** Never shows the key itself. */
    @Override
    public String toString() {
      return "NewKey[" + keyId + "]";
    }
  }

  public static final String KEY_PREFIX = "sk_";
  private static final int KEY_BYTES = 32;
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final HexFormat HEX = HexFormat.of();

  private ApiKeys() {}

  /** A new random key and its id. */
  public static NewKey generate() {
    byte[] bytes = new byte[KEY_BYTES];
    RANDOM.nextBytes(bytes);
    String key = KEY_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    return new NewKey(randomId("key_", 6), key, hash(key));
  }

  /** {@code prefix} and {@code bytes} random bytes in lowercase hex. */
  public static String randomId(String prefix, int bytes) {
    byte[] b = new byte[bytes];
    RANDOM.nextBytes(b);
    return prefix + HEX.formatHex(b);
  }

  /** The SHA-256 of a key's text. */
  public static byte[] hash(String key) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }

  /** Whether {@code text} has a key's shape (so that junk is refused without a lookup). */
  public static boolean looksLikeKey(String text) {
    if (text == null || !text.startsWith(KEY_PREFIX) || text.length() != KEY_PREFIX.length() + 43) {
      return false;
    }
    for (int i = KEY_PREFIX.length(); i < text.length(); i++) {
      char c = text.charAt(i);
      boolean ok =
          (c >= 'A' && c <= 'Z')
              || (c >= 'a' && c <= 'z')
              || (c >= '0' && c <= '9')
              || c == '-'
              || c == '_';
      if (!ok) {
        return false;
      }
    }
    return true;
  }
}
