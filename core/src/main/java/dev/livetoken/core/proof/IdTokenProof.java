package dev.livetoken.core.proof;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jose.util.ResourceRetriever;
import com.nimbusds.jwt.JWTClaimsSet;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.text.ParseException;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * An OpenID Connect ID token in {@code Authorization: Bearer} (Firebase Auth, Auth0, Cognito, Clerk, Supabase):
 * RS256 or ES256, {@code iss} exactly {@code AUTH_ISSUER}, an {@code aud} from {@code AUTH_AUDIENCE}.
 */
final class IdTokenProof implements Proof {

  static final String HEADER = "Authorization";
  private static final String BEARER = "Bearer ";
  private static final Map<String, String> CHALLENGE = Map.of("WWW-Authenticate", "Bearer");
  private static final Map<String, String> INVALID_CHALLENGE =
      Map.of("WWW-Authenticate", "Bearer error=\"invalid_token\"");

  private final JwtChecker checker;

  IdTokenProof(ProofSettings settings) {
    String issuer = settings.authIssuer().orElseThrow();
    Optional<URI> configured = settings.authJwksUrl();
    this.checker = new JwtChecker(
        retriever -> configured.isPresent() ? configured.get().toURL() : discover(issuer, retriever),
        Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256), issuer, settings.authAudiences(), settings.timeout());
  }

  @Override
  public String header() {
    return HEADER;
  }

  @Override
  public Result check(Caller caller) {
    Optional<String> header = caller.header(HEADER);
    if (header.isEmpty()) {
      return Result.refused("auth_missing",
          new Refusal(401, "An ID token is required: Authorization: Bearer <token>", CHALLENGE));
    }
    String value = header.get();
    if (!value.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      return Result.refused("auth_invalid",
          new Refusal(401, "The Authorization header must be Bearer <ID token>", INVALID_CHALLENGE));
    }
    try {
      JWTClaimsSet claims = checker.verify(value.substring(BEARER.length()).trim());
      return new Result("auth_ok", null, claims.getIssuer() + '\n' + claims.getSubject());
    } catch (JwtChecker.Invalid e) {
      return Result.refused("auth_invalid", new Refusal(401, "The ID token is not valid", INVALID_CHALLENGE));
    } catch (JwtChecker.Unavailable e) {
      return Result.refused("auth_unavailable", Refusal.unavailable("ID tokens cannot be checked now, try again shortly"));
    }
  }

  /** The {@code jwks_uri} of the issuer's OpenID discovery document. */
  static URL discover(String issuer, ResourceRetriever retriever) throws IOException {
    URL document = URI.create(issuer.replaceAll("/+$", "") + "/.well-known/openid-configuration").toURL();
    try {
      String jwks = JSONObjectUtils.getString(JSONObjectUtils.parse(retriever.retrieveResource(document).getContent()),
          "jwks_uri");
      if (jwks == null || !jwks.matches("https?://.+")) {
        throw new IOException("the discovery document has no http(s) jwks_uri");
      }
      return URI.create(jwks).toURL();
    } catch (ParseException e) {
      throw new IOException("the discovery document is not JSON");
    }
  }
}
