package dev.livetoken.core.sessions;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SessionIdsTest {

  private static final String SECRET = "a-session-secret-of-32-characters!";
  private static final SessionClaims CLAIMS = new SessionClaims("site-a", "gemini-3.1-flash-live-preview", "Kore",
      Instant.parse("2026-11-26T12:30:00Z"), "bm9uY2U");

  @Test
  void anIdVerifiesWithTheSameSecretAnywhereAndCarriesItsClaims() {
    String id = SessionIds.withSecret(SECRET).issue(CLAIMS);

    assertThat(SessionIds.withSecret(SECRET).verify(id)).contains(CLAIMS);
    assertThat(new String(Base64.getUrlDecoder().decode(id.substring(0, id.indexOf('.'))), StandardCharsets.UTF_8))
        .isEqualTo("[\"site-a\",\"gemini-3.1-flash-live-preview\",\"Kore\",1795696200,\"bm9uY2U\"]");
  }

  @Test
  void anotherSecretOrAnyChangeFailsVerification() {
    String id = SessionIds.withSecret(SECRET).issue(CLAIMS);
    String otherClaims = Base64.getUrlEncoder().withoutPadding().encodeToString(
        "[\"site-b\",\"gemini-3.1-flash-live-preview\",\"Kore\",1795696200,\"bm9uY2U\"]".getBytes(StandardCharsets.UTF_8));

    assertThat(SessionIds.withSecret(SECRET + "x").verify(id)).isEmpty();
    assertThat(SessionIds.withRandomKey().verify(id)).isEmpty();
    assertThat(SessionIds.withSecret(SECRET).verify(otherClaims + id.substring(id.indexOf('.')))).isEmpty();
    for (String broken : new String[] {"", ".", id + ".", id.replace('.', '_'), "!!!." + id.split("\\.")[1],
        id + "A", id.substring(0, id.length() - 1), "x".repeat(SessionIds.MAX_ID_CHARS + 1)}) {
      assertThat(SessionIds.withSecret(SECRET).verify(broken)).as(broken).isEmpty();
    }
    assertThat(SessionIds.withSecret(SECRET).verify(null)).isEmpty();
  }

  @Test
  void onlyTheIssuedFormOfAnIdVerifies() {
    SessionIds ids = SessionIds.withSecret(SECRET);
    String id = ids.issue(CLAIMS);
    int dot = id.indexOf('.');
    String payload = id.substring(0, dot);
    String signature = id.substring(dot + 1);
    // 32 signature bytes are 43 characters: the last one carries 4 bits and 2 the decoder ignores.
    char last = signature.charAt(signature.length() - 1);
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    char sameBits = alphabet.charAt(alphabet.indexOf(last) ^ 1);
    String lowBitsChanged = id.substring(0, id.length() - 1) + sameBits;

    assertThat(Base64.getUrlDecoder().decode(lowBitsChanged.substring(dot + 1)))
        .as("the variant decodes to the same signature").isEqualTo(Base64.getUrlDecoder().decode(signature));
    for (String variant : new String[] {id + "=", payload + "=." + signature, payload + "==." + signature,
        lowBitsChanged}) {
      assertThat(ids.verify(variant)).as(variant).isEmpty();
    }
    assertThat(ids.verify(id)).contains(CLAIMS);
  }

  @Test
  void theSecretItselfIsNotTheSigningKey() throws Exception {
    String id = SessionIds.withSecret(SECRET).issue(CLAIMS);
    String payload = id.substring(0, id.indexOf('.'));
    javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
    mac.init(new javax.crypto.spec.SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    String signedWithTheSecret = Base64.getUrlEncoder().withoutPadding()
        .encodeToString(mac.doFinal(Base64.getUrlDecoder().decode(payload)));

    assertThat(id).isNotEqualTo(payload + "." + signedWithTheSecret);
  }

  @Test
  void noncesDoNotRepeat() {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 10_000; i++) {
      assertThat(seen.add(SessionIds.newNonce())).isTrue();
    }
    assertThat(SessionIds.newNonce()).matches("[A-Za-z0-9_-]{16}");
  }
}
