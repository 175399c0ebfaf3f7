package dev.livetoken.core.proof;

import dev.livetoken.core.Settings;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The caller proofs an operator turned on (each is off until its first setting is set) and how they are checked.
 *
 * @param authIssuer {@code AUTH_ISSUER}: the exact {@code iss} of accepted ID tokens; empty turns ID tokens off
 * @param authAudiences {@code AUTH_AUDIENCE}, comma-separated: the token's {@code aud} must contain one
 * @param authJwksUrl {@code AUTH_JWKS_URL}; empty to read {@code jwks_uri} from the issuer's OpenID discovery document
 * @param appCheckProjectNumber {@code APP_CHECK_PROJECT_NUMBER}; empty turns App Check off
 * @param appCheckAppIds {@code APP_CHECK_APP_IDS}, comma-separated: the apps ({@code sub}) allowed; empty for any
 * @param appCheckJwksUrl {@code APP_CHECK_JWKS_URL}; Firebase's own by default
 * @param turnstileSecret {@code TURNSTILE_SECRET}; empty turns Turnstile off
 * @param turnstileAction {@code TURNSTILE_ACTION}; the widget's action a token must carry, empty for any
 * @param turnstileVerifyUrl {@code TURNSTILE_VERIFY_URL}; Cloudflare's siteverify by default
 * @param userRatePerMinute {@code USER_RATE_LIMIT_PER_MINUTE}, per verified ID-token subject; 0 (the default) off
 * @param timeout {@code PROOF_TIMEOUT_MS}: the longest one call to a key server or to siteverify may take
 */
public record ProofSettings(
    Optional<String> authIssuer,
    Set<String> authAudiences,
    Optional<URI> authJwksUrl,
    Optional<String> appCheckProjectNumber,
    Set<String> appCheckAppIds,
    URI appCheckJwksUrl,
    Optional<String> turnstileSecret,
    Optional<String> turnstileAction,
    URI turnstileVerifyUrl,
    int userRatePerMinute,
    Duration timeout) {

  public static final String FIREBASE_APP_CHECK_JWKS = "https://firebaseappcheck.googleapis.com/v1/jwks";
  public static final String TURNSTILE_SITEVERIFY = "https://challenges.cloudflare.com/turnstile/v0/siteverify";

  /** Reads the proof settings through {@code lookup}; a malformed value stops start-up naming its variable. */
  public static ProofSettings from(Function<String, String> lookup) {
    ProofSettings proofs = new ProofSettings(
        text(lookup, "AUTH_ISSUER"),
        list(lookup, "AUTH_AUDIENCE"),
        text(lookup, "AUTH_JWKS_URL").map(url -> httpUrl("AUTH_JWKS_URL", url)),
        text(lookup, "APP_CHECK_PROJECT_NUMBER"),
        list(lookup, "APP_CHECK_APP_IDS"),
        httpUrl("APP_CHECK_JWKS_URL", text(lookup, "APP_CHECK_JWKS_URL").orElse(FIREBASE_APP_CHECK_JWKS)),
        text(lookup, "TURNSTILE_SECRET"),
        text(lookup, "TURNSTILE_ACTION"),
        httpUrl("TURNSTILE_VERIFY_URL", text(lookup, "TURNSTILE_VERIFY_URL").orElse(TURNSTILE_SITEVERIFY)),
        Settings.wholeNumber(lookup, "USER_RATE_LIMIT_PER_MINUTE", 0, 0, Integer.MAX_VALUE),
        Duration.ofMillis(Settings.wholeNumber(lookup, "PROOF_TIMEOUT_MS", 3000, 1, Integer.MAX_VALUE)));
    proofs.authIssuer().ifPresent(issuer -> {
      if (proofs.authAudiences().isEmpty()) {
        throw new IllegalArgumentException("AUTH_AUDIENCE must be set when AUTH_ISSUER is");
      }
      if (proofs.authJwksUrl().isEmpty()) {
        httpUrl("AUTH_ISSUER", issuer);
      }
    });
    if (proofs.authIssuer().isEmpty() && (!proofs.authAudiences().isEmpty() || proofs.authJwksUrl().isPresent())) {
      throw new IllegalArgumentException("AUTH_AUDIENCE and AUTH_JWKS_URL need AUTH_ISSUER");
    }
    if (proofs.userRatePerMinute() > 0 && proofs.authIssuer().isEmpty()) {
      throw new IllegalArgumentException("USER_RATE_LIMIT_PER_MINUTE needs ID tokens (AUTH_ISSUER)");
    }
    proofs.appCheckProjectNumber().filter(number -> !number.matches("[0-9]+")).ifPresent(number -> {
      throw new IllegalArgumentException("APP_CHECK_PROJECT_NUMBER must be a project number (digits)");
    });
    return proofs;
  }

  /** Whether any proof is configured; with none, requests are checked by nothing of this package. */
  public boolean any() {
    return authIssuer.isPresent() || appCheckProjectNumber.isPresent() || turnstileSecret.isPresent();
  }

  @Override
  public String toString() {
    // The Turnstile secret must not reach a log.
    return "ProofSettings[authIssuer=" + authIssuer.orElse("(off)")
        + ", authAudiences=" + authAudiences
        + ", authJwksUrl=" + authJwksUrl.map(URI::toString).orElse("(discovery)")
        + ", appCheckProjectNumber=" + appCheckProjectNumber.orElse("(off)")
        + ", appCheckAppIds=" + appCheckAppIds
        + ", appCheckJwksUrl=" + appCheckJwksUrl
        + ", turnstileSecret=" + (turnstileSecret.isPresent() ? "(set)" : "(off)")
        + ", turnstileAction=" + turnstileAction.orElse("(any)")
        + ", turnstileVerifyUrl=" + turnstileVerifyUrl
        + ", userRatePerMinute=" + userRatePerMinute
        + ", timeout=" + timeout + "]";
  }

  private static URI httpUrl(String name, String value) {
    if (!value.matches("https?://[^\\s/?#]+(/[^\\s#]*)?")) {
      throw new IllegalArgumentException(name + " must be an http(s) URL");
    }
    return URI.create(value);
  }

  private static Optional<String> text(Function<String, String> lookup, String name) {
    return Optional.ofNullable(lookup.apply(name)).map(String::trim).filter(s -> !s.isEmpty());
  }

  private static Set<String> list(Function<String, String> lookup, String name) {
    return text(lookup, name)
        .map(v -> Arrays.stream(v.split(",")).map(String::trim).filter(s -> !s.isEmpty())
            .collect(Collectors.toUnmodifiableSet()))
        .orElse(Set.of());
  }
}
