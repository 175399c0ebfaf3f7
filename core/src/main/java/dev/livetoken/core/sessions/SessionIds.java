package dev.livetoken.core.sessions;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Issues and verifies session ids: {@code base64url(claims).base64url(HMAC-SHA256(claims))}. Every instance
 * holding the same secret verifies every other's ids, with no shared state.
 */
public final class SessionIds {

  /** Longest id accepted for verification; issued ids are well under half of it. */
  public static final int MAX_ID_CHARS = 512;
  private static final String KEY_PURPOSE = "live-token session ids v1";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder DECODER = Base64.getUrlDecoder();
  // SecureRandom, not ThreadLocalRandom: its seed would be frozen into a SnapStart snapshot.
  private static final SecureRandom RANDOM = new SecureRandom();

  private final SecretKeySpec key;

  private SessionIds(byte[] key) {
    this.key = new SecretKeySpec(key, "HmacSHA256");
  }

  /**
   * Ids signed with a key derived from {@code secret} (a dedicated secret or the API key), so that the
   * secret itself never signs anything a client sees.
   */
  public static SessionIds withSecret(String secret) {
    return new SessionIds(hmac(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"),
        KEY_PURPOSE.getBytes(StandardCharsets.UTF_8)));
  }

  /** Ids that no other instance can verify: for a process that cannot mint anyway (no key configured). */
  public static SessionIds withRandomKey() {
    byte[] key = new byte[32];
    RANDOM.nextBytes(key);
    return new SessionIds(key);
  }

  /** A fresh nonce for {@link #issue}. */
  public static String newNonce() {
    byte[] nonce = new byte[12];
    RANDOM.nextBytes(nonce);
    return ENCODER.encodeToString(nonce);
  }

  public String issue(SessionClaims claims) {
    ArrayNode fields = JSON.createArrayNode()
        .add(claims.site()).add(claims.model()).add(claims.voice())
        .add(claims.expireTime().getEpochSecond()).add(claims.nonce());
    byte[] payload;
    try {
      payload = JSON.writeValueAsBytes(fields);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    return ENCODER.encodeToString(payload) + "." + ENCODER.encodeToString(hmac(key, payload));
  }

  /** The claims of an id this secret issued, or empty for anything else (malformed, forged, altered). */
  public Optional<SessionClaims> verify(String id) {
    if (id == null || id.length() > MAX_ID_CHARS) {
      return Optional.empty();
    }
    int dot = id.indexOf('.');
    if (dot < 0 || dot != id.lastIndexOf('.')) {
      return Optional.empty();
    }
    try {
      byte[] payload = DECODER.decode(id.substring(0, dot));
      byte[] signature = DECODER.decode(id.substring(dot + 1));
      // The decoder also takes padding and ignores a last character's unused bits: only the one form this
      // service issues is that session's id, so that usage lines cannot count one session as several.
      if (!MessageDigest.isEqual(signature, hmac(key, payload))
          || !id.equals(ENCODER.encodeToString(payload) + "." + ENCODER.encodeToString(signature))) {
        return Optional.empty();
      }
      JsonNode fields = JSON.readTree(payload);
      return Optional.of(new SessionClaims(fields.get(0).asText(), fields.get(1).asText(), fields.get(2).asText(),
          Instant.ofEpochSecond(fields.get(3).asLong()), fields.get(4).asText()));
    } catch (IllegalArgumentException | java.io.IOException e) {
      return Optional.empty();
    }
  }

  private static byte[] hmac(SecretKeySpec key, byte[] data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      return mac.doFinal(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }
}
