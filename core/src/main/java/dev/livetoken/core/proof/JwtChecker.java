package dev.livetoken.core.proof;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.jwk.source.RateLimitReachedException;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jose.util.Resource;
import com.nimbusds.jose.util.ResourceRetriever;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.io.IOException;
import java.net.URL;
import java.text.ParseException;
import java.time.Duration;
import java.util.Set;

/**
 * Verifies signed JWTs against a JWKS with nimbus-jose-jwt: signatures with the key named by {@code kid} under
 * the pinned algorithms only (never {@code none}, never an HMAC), the issuer exactly, an audience from the
 * accepted ones, {@code exp} and {@code nbf} with a minute's leeway. Keys are fetched on first use, kept for
 * {@link #KEY_TTL}, refetched at most once per {@link #REFETCH_INTERVAL} (a token naming an unknown key), and
 * served from the last good set for up to {@link #OUTAGE_TOLERANCE} while the JWKS cannot be reached. No
 * thread of its own: nothing runs between requests (SnapStart freezes threads anyway).
 */
final class JwtChecker {

  static final Duration KEY_TTL = Duration.ofMinutes(5);
  static final Duration REFETCH_INTERVAL = Duration.ofSeconds(30);
  /** Firebase documents six hours as the longest App Check keys may be cached; ID tokens get the same. */
  static final Duration OUTAGE_TOLERANCE = Duration.ofHours(6);
  static final int LEEWAY_SECONDS = 60;
  static final int MAX_JWKS_BYTES = 256 * 1024;

  /** The token is not acceptable; the message says why, never what the token holds. */
  static final class Invalid extends Exception {
    Invalid(String message) {
      super(message, null, false, false);
    }
  }

  /** No keys to check the token with: the JWKS (or the discovery document) could not be fetched. */
  static final class Unavailable extends Exception {
    Unavailable(String message) {
      super(message, null, false, false);
    }
  }

  /** Where the key set lives; resolved on first use, so that start-up never waits on the network. */
  interface KeysUrl {
    URL resolve(ResourceRetriever retriever) throws IOException;
  }

  private final KeysUrl keysUrl;
  private final Set<JWSAlgorithm> algorithms;
  private final DefaultJWTClaimsVerifier<SecurityContext> claims;
  private final ResourceRetriever http;
  /** The same, noting that a key set arrived. */
  private final ResourceRetriever retriever;
  /** How long a request waits for another's fetch of the keys: that fetch's connect and read timeouts. */
  private final long refreshWaitMs;
  private volatile boolean keysFetched;
  private volatile DefaultJWTProcessor<SecurityContext> processor;

  JwtChecker(KeysUrl keysUrl, Set<JWSAlgorithm> algorithms, String issuer, Set<String> audiences, Duration timeout) {
    this.keysUrl = keysUrl;
    this.algorithms = algorithms;
    this.claims = new DefaultJWTClaimsVerifier<>(
        audiences, new JWTClaimsSet.Builder().issuer(issuer).build(), Set.of("sub", "exp"), null);
    this.claims.setMaxClockSkew(LEEWAY_SECONDS);
    int millis = (int) Math.min(Integer.MAX_VALUE / 2, timeout.toMillis());
    this.refreshWaitMs = 2L * millis;
    this.http = new DefaultResourceRetriever(millis, millis, MAX_JWKS_BYTES);
    this.retriever = url -> {
      Resource resource = http.retrieveResource(url);
      keysFetched = true;
      return resource;
    };
  }

  /** The verified claims, with a non-empty {@code sub}. */
  JWTClaimsSet verify(String token) throws Invalid, Unavailable {
    DefaultJWTProcessor<SecurityContext> jwt = processor();
    JWTClaimsSet verified;
    try {
      verified = jwt.process(token, null);
    } catch (ParseException e) {
      throw new Invalid("not a JWT");
    } catch (RateLimitReachedException e) {
      // The set was fetched moments ago and still holds no key for this token.
      if (keysFetched) {
        throw new Invalid("no key for this token");
      }
      throw new Unavailable("keys not fetched yet");
    } catch (JOSEException e) {
      // KeySourceException: the JWKS could not be fetched and nothing usable is cached.
      throw new Unavailable("keys unavailable");
    } catch (BadJOSEException e) {
      throw new Invalid(e.getMessage());
    }
    if (verified.getSubject() == null || verified.getSubject().isBlank()) {
      throw new Invalid("empty sub");
    }
    return verified;
  }

  private DefaultJWTProcessor<SecurityContext> processor() throws Unavailable {
    DefaultJWTProcessor<SecurityContext> built = processor;
    if (built != null) {
      return built;
    }
    synchronized (this) {
      if (processor == null) {
        URL url;
        try {
          url = keysUrl.resolve(http);
        } catch (IOException | RuntimeException e) {
          throw new Unavailable("key set location unavailable");
        }
        DefaultJWTProcessor<SecurityContext> jwt = new DefaultJWTProcessor<>();
        jwt.setJWSKeySelector(new JWSVerificationKeySelector<>(algorithms,
            JWKSourceBuilder.<SecurityContext>create(url, retriever)
                .cache(KEY_TTL.toMillis(), refreshWaitMs)
                .refreshAheadCache(false)
                .rateLimited(REFETCH_INTERVAL.toMillis())
                .outageTolerant(OUTAGE_TOLERANCE.toMillis())
                .retrying(false)
                .build()));
        jwt.setJWTClaimsSetVerifier(claims);
        processor = jwt;
      }
      return processor;
    }
  }

}
