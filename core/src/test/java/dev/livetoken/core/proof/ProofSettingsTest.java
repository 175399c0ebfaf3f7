package dev.livetoken.core.proof;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ProofSettingsTest {

  @Test
  void nothingIsRequiredByDefault() {
    ProofSettings proofs = ProofSettings.from(name -> null);

    assertThat(proofs.any()).isFalse();
    assertThat(proofs.authIssuer()).isEmpty();
    assertThat(proofs.authAudiences()).isEmpty();
    assertThat(proofs.authJwksUrl()).isEmpty();
    assertThat(proofs.appCheckJwksUrl()).isEqualTo(URI.create("https://firebaseappcheck.googleapis.com/v1/jwks"));
    assertThat(proofs.turnstileVerifyUrl())
        .isEqualTo(URI.create("https://challenges.cloudflare.com/turnstile/v0/siteverify"));
    assertThat(proofs.userRatePerMinute()).isZero();
    assertThat(proofs.timeout()).isEqualTo(Duration.ofMillis(3000));
  }

  @Test
  void eachProofAloneTurnsProofsOn() {
    assertThat(read(Map.of("AUTH_ISSUER", "https://issuer.example", "AUTH_AUDIENCE", "a")).any()).isTrue();
    assertThat(read(Map.of("APP_CHECK_PROJECT_NUMBER", "123")).any()).isTrue();
    assertThat(read(Map.of("TURNSTILE_SECRET", "s")).any()).isTrue();
    assertThat(read(Map.of("TURNSTILE_ACTION", "voice")).any()).as("an action without a secret").isFalse();
  }

  @Test
  void readsEverySetting() {
    ProofSettings proofs = read(Map.ofEntries(
        Map.entry("AUTH_ISSUER", " https://issuer.example/ "), Map.entry("AUTH_AUDIENCE", "a, b,,"),
        Map.entry("AUTH_JWKS_URL", "https://issuer.example/keys?x=1"),
        Map.entry("APP_CHECK_PROJECT_NUMBER", "123"), Map.entry("APP_CHECK_APP_IDS", "1:123:web:a ,1:123:ios:b"),
        Map.entry("APP_CHECK_JWKS_URL", "http://127.0.0.1:1/jwks"), Map.entry("TURNSTILE_SECRET", "secret-77"),
        Map.entry("TURNSTILE_ACTION", "voice"), Map.entry("TURNSTILE_VERIFY_URL", "http://127.0.0.1:2/verify"),
        Map.entry("USER_RATE_LIMIT_PER_MINUTE", "5"), Map.entry("PROOF_TIMEOUT_MS", "1")));

    assertThat(proofs.authIssuer()).contains("https://issuer.example/");
    assertThat(proofs.authAudiences()).isEqualTo(Set.of("a", "b"));
    assertThat(proofs.authJwksUrl()).contains(URI.create("https://issuer.example/keys?x=1"));
    assertThat(proofs.appCheckProjectNumber()).contains("123");
    assertThat(proofs.appCheckAppIds()).isEqualTo(Set.of("1:123:web:a", "1:123:ios:b"));
    assertThat(proofs.appCheckJwksUrl()).isEqualTo(URI.create("http://127.0.0.1:1/jwks"));
    assertThat(proofs.turnstileSecret()).contains("secret-77");
    assertThat(proofs.turnstileAction()).contains("voice");
    assertThat(proofs.turnstileVerifyUrl()).isEqualTo(URI.create("http://127.0.0.1:2/verify"));
    assertThat(proofs.userRatePerMinute()).isEqualTo(5);
    assertThat(proofs.timeout()).isEqualTo(Duration.ofMillis(1));
    assertThat(proofs.toString()).doesNotContain("secret-77").contains("turnstileSecret=(set)");
  }

  @Test
  void malformedSettingsStopStartUpNamingTheVariable() {
    assertRefused(Map.of("AUTH_ISSUER", "https://issuer.example"), "AUTH_AUDIENCE must be set when AUTH_ISSUER is");
    assertRefused(Map.of("AUTH_ISSUER", "issuer.example", "AUTH_AUDIENCE", "a"), "AUTH_ISSUER must be an http(s) URL");
    assertRefused(Map.of("AUTH_AUDIENCE", "a"), "AUTH_AUDIENCE and AUTH_JWKS_URL need AUTH_ISSUER");
    assertRefused(Map.of("AUTH_JWKS_URL", "https://k.example"), "AUTH_AUDIENCE and AUTH_JWKS_URL need AUTH_ISSUER");
    assertRefused(Map.of("AUTH_ISSUER", "i", "AUTH_AUDIENCE", "a", "AUTH_JWKS_URL", "ftp://k.example"),
        "AUTH_JWKS_URL must be an http(s) URL");
    assertRefused(Map.of("USER_RATE_LIMIT_PER_MINUTE", "3"), "USER_RATE_LIMIT_PER_MINUTE needs ID tokens");
    assertRefused(Map.of("USER_RATE_LIMIT_PER_MINUTE", "-1"), "USER_RATE_LIMIT_PER_MINUTE must be a whole number");
    assertRefused(Map.of("PROOF_TIMEOUT_MS", "0"), "PROOF_TIMEOUT_MS must be a whole number between 1");
    assertRefused(Map.of("APP_CHECK_PROJECT_NUMBER", "my-project"), "APP_CHECK_PROJECT_NUMBER must be a project number");
    assertRefused(Map.of("APP_CHECK_JWKS_URL", "firebase"), "APP_CHECK_JWKS_URL must be an http(s) URL");
    assertRefused(Map.of("TURNSTILE_VERIFY_URL", "https://"), "TURNSTILE_VERIFY_URL must be an http(s) URL");
  }

  @Test
  void anIssuerWithAJwksUrlNeedNotBeAUrl() {
    ProofSettings proofs = read(Map.of("AUTH_ISSUER", "my-issuer", "AUTH_AUDIENCE", "a",
        "AUTH_JWKS_URL", "https://k.example/jwks", "USER_RATE_LIMIT_PER_MINUTE", "0"));

    assertThat(proofs.authIssuer()).isEqualTo(Optional.of("my-issuer"));
  }

  private static ProofSettings read(Map<String, String> env) {
    return ProofSettings.from(new HashMap<>(env)::get);
  }

  private static void assertRefused(Map<String, String> env, String message) {
    assertThatThrownBy(() -> read(env)).isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith(message);
  }
}
