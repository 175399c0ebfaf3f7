package dev.livetoken.core.proof;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jwt.JWTClaimsSet;
import java.util.Optional;
import java.util.Set;

/**
 * A Firebase App Check token in {@code X-Firebase-AppCheck}: RS256 only, {@code iss}
 * {@code https://firebaseappcheck.googleapis.com/<number>}, {@code aud} containing {@code projects/<number>},
 * and, when {@code APP_CHECK_APP_IDS} is set, one of those apps as {@code sub}.
 */
final class AppCheckProof implements Proof {

  static final String HEADER = "X-Firebase-AppCheck";

  private final JwtChecker checker;
  private final Set<String> appIds;

  AppCheckProof(ProofSettings settings) {
    String number = settings.appCheckProjectNumber().orElseThrow();
    this.appIds = settings.appCheckAppIds();
    this.checker = new JwtChecker(retriever -> settings.appCheckJwksUrl().toURL(), Set.of(JWSAlgorithm.RS256),
        "https://firebaseappcheck.googleapis.com/" + number, Set.of("projects/" + number), settings.timeout());
  }

  @Override
  public String header() {
    return HEADER;
  }

  @Override
  public Result check(Caller caller) {
    Optional<String> token = caller.header(HEADER);
    if (token.isEmpty()) {
      return Result.refused("app_check_missing",
          Refusal.unauthorized("An App Check token is required: X-Firebase-AppCheck"));
    }
    try {
      JWTClaimsSet claims = checker.verify(token.get());
      if (!appIds.isEmpty() && !appIds.contains(claims.getSubject())) {
        return Result.refused("app_check_invalid", Refusal.unauthorized("The App Check token is for another app"));
      }
      return Result.passed("app_check_ok");
    } catch (JwtChecker.Invalid e) {
      return Result.refused("app_check_invalid", Refusal.unauthorized("The App Check token is not valid"));
    } catch (JwtChecker.Unavailable e) {
      return Result.refused("app_check_unavailable",
          Refusal.unavailable("App Check tokens cannot be checked now, try again shortly"));
    }
  }
}
