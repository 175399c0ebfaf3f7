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
