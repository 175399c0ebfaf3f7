package dev.livetoken.contract;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The servers caller proofs talk to, on loopback: an OpenID issuer (discovery document and JWKS), Firebase App
 * Check's JWKS and Cloudflare's siteverify, with keys made here. Tokens are signed with those keys; which
 * siteverify answer a Turnstile token gets is named by the token itself ({@link #TURNSTILE_OK} and the others).
 */
public final class ProofServers implements AutoCloseable {

  public static final String AUDIENCE = "live-token-test";
  public static final String PROJECT_NUMBER = "123456789012";
  public static final String APP_ID = "1:123456789012:web:abc";
  public static final String TURNSTILE_SECRET = "0x4AAAAAAA-test-turnstile-secret";
  public static final String TURNSTILE_ACTION = "voice";
  public static final String TURNSTILE_HOST = "shop.example";
  public static final String TURNSTILE_OK = "turnstile-ok";
  public static final String TURNSTILE_SPENT = "turnstile-spent";
  public static final String TURNSTILE_WRONG_HOST = "turnstile-wrong-host";
  public static final String TURNSTILE_WRONG_ACTION = "turnstile-wrong-action";
  public static final String TURNSTILE_SLOW = "turnstile-slow";
  /** siteverify answers this one with a 500. */
  public static final String TURNSTILE_DOWN = "turnstile-down";
  public static final String JWKS_PATH = "/issuer/jwks";
  public static final String APP_CHECK_JWKS_PATH = "/app-check/jwks";
  public static final String SITEVERIFY_PATH = "/turnstile/siteverify";

  public final RSAKey rsa = rsaKey("rsa-1");
  public final ECKey ec = ecKey("ec-1");
  public final RSAKey rotated = rsaKey("rsa-2");
  public final RSAKey appCheck = rsaKey("app-check-1");
  private final WireMockServer server;

  public ProofServers() {
    server = new WireMockServer(wireMockConfig().bindAddress("127.0.0.1").dynamicPort().containerThreads(16));
    server.start();
    reset();
  }

  /** Every server up: the issuer's two keys, App Check's key, siteverify answering by token. */
  public void reset() {
    server.resetAll();
    server.stubFor(get(urlEqualTo("/issuer/.well-known/openid-configuration")).willReturn(json(
        "{\"issuer\":\"" + issuer() + "\",\"jwks_uri\":\"" + url(JWKS_PATH) + "\"}")));
    serveIssuerKeys(rsa, ec);
    server.stubFor(get(urlEqualTo(APP_CHECK_JWKS_PATH)).willReturn(json(new JWKSet(appCheck.toPublicJWK()).toString())));
    // What Cloudflare answers a token it never issued.
    server.stubFor(post(urlEqualTo(SITEVERIFY_PATH)).atPriority(10)
        .willReturn(json("{\"success\":false,\"error-codes\":[\"invalid-input-response\"]}")));
    server.stubFor(post(urlEqualTo(SITEVERIFY_PATH)).atPriority(1).withFormParam("response", equalTo(TURNSTILE_DOWN))
        .willReturn(aResponse().withStatus(500)));
    siteverify(TURNSTILE_OK, "{\"success\":true,\"hostname\":\"" + TURNSTILE_HOST + "\",\"action\":\"voice\"}",
        Duration.ZERO);
    siteverify(TURNSTILE_SPENT, "{\"success\":false,\"error-codes\":[\"timeout-or-duplicate\"]}", Duration.ZERO);
    siteverify(TURNSTILE_WRONG_HOST, "{\"success\":true,\"hostname\":\"evil.example\",\"action\":\"voice\"}",
        Duration.ZERO);
    siteverify(TURNSTILE_WRONG_ACTION, "{\"success\":true,\"hostname\":\"" + TURNSTILE_HOST + "\",\"action\":\"login\"}",
        Duration.ZERO);
    siteverify(TURNSTILE_SLOW, "{\"success\":true,\"hostname\":\"" + TURNSTILE_HOST + "\",\"action\":\"voice\"}",
        Duration.ofSeconds(3));
  }

  /** The issuer's JWKS now holds exactly these keys' public halves. */
  public void serveIssuerKeys(JWK... keys) {
    server.stubFor(get(urlEqualTo(JWKS_PATH)).willReturn(json(
        new JWKSet(List.of(keys).stream().map(JWK::toPublicJWK).toList()).toString())));
  }

  /** The issuer's JWKS and App Check's answer 503 from now on. */
  public void keysDown() {
    server.stubFor(get(urlEqualTo(JWKS_PATH)).willReturn(aResponse().withStatus(503)));
    server.stubFor(get(urlEqualTo(APP_CHECK_JWKS_PATH)).willReturn(aResponse().withStatus(503)));
  }

  /**
   * The settings that turn on every proof against these servers, with the per-user budget given. The timeout is
   * generous: a cold JVM's first fetch on a loaded machine counts against it.
   */
  public Map<String, String> environment(int userRatePerMinute) {
    return Map.of(
        "AUTH_ISSUER", issuer(),
        "AUTH_AUDIENCE", "other-client, " + AUDIENCE,
        "APP_CHECK_PROJECT_NUMBER", PROJECT_NUMBER,
        "APP_CHECK_APP_IDS", APP_ID,
        "APP_CHECK_JWKS_URL", url(APP_CHECK_JWKS_PATH),
        "TURNSTILE_SECRET", TURNSTILE_SECRET,
        "TURNSTILE_ACTION", TURNSTILE_ACTION,
        "TURNSTILE_VERIFY_URL", url(SITEVERIFY_PATH),
        "USER_RATE_LIMIT_PER_MINUTE", Integer.toString(userRatePerMinute),
        "PROOF_TIMEOUT_MS", "10000");
  }

  public String issuer() {
    return url("/issuer");
  }

  public String url(String path) {
    return "http://127.0.0.1:" + server.port() + path;
  }

  /** An ID token for {@code subject} signed with {@code key}, valid for the next hour, shaped further by {@code edit}. */
  public String idToken(JWK key, String subject, UnaryOperator<JWTClaimsSet.Builder> edit) {
    return sign(key, edit.apply(new JWTClaimsSet.Builder().issuer(issuer()).audience(AUDIENCE).subject(subject)
        .issueTime(new Date()).expirationTime(Date.from(Instant.now().plusSeconds(3600)))));
  }

  public String idToken(String subject) {
    return idToken(rsa, subject, claims -> claims);
  }

  /** A valid App Check token for {@link #APP_ID}, shaped further by {@code edit}. */
  public String appCheckToken(UnaryOperator<JWTClaimsSet.Builder> edit) {
    return sign(appCheck, edit.apply(new JWTClaimsSet.Builder()
        .issuer("https://firebaseappcheck.googleapis.com/" + PROJECT_NUMBER)
        .audience(List.of("projects/" + PROJECT_NUMBER, "projects/live-token-test")).subject(APP_ID)
        .issueTime(new Date()).expirationTime(Date.from(Instant.now().plusSeconds(3600)))));
  }

  public static String sign(JWK key, JWTClaimsSet.Builder claims) {
    try {
      JWSSigner signer = key instanceof RSAKey rsaKey ? new RSASSASigner(rsaKey) : new ECDSASigner((ECKey) key);
      JWSAlgorithm algorithm = key instanceof RSAKey ? JWSAlgorithm.RS256 : JWSAlgorithm.ES256;
      SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(algorithm).keyID(key.getKeyID()).build(), claims.build());
      jwt.sign(signer);
      return jwt.serialize();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  public List<LoggedRequest> issuerKeyFetches() {
    return server.findAll(getRequestedFor(urlEqualTo(JWKS_PATH)));
  }

  public List<LoggedRequest> siteverifyCalls() {
    return server.findAll(postRequestedFor(urlEqualTo(SITEVERIFY_PATH)));
  }

  @Override
  public void close() {
    server.stop();
  }

  private void siteverify(String token, String answer, Duration delay) {
    server.stubFor(post(urlEqualTo(SITEVERIFY_PATH)).atPriority(1).withFormParam("response",
            equalTo(token))
        .withFormParam("secret", equalTo(TURNSTILE_SECRET))
        .willReturn(json(answer).withFixedDelay((int) delay.toMillis())));
  }

  private static ResponseDefinitionBuilder json(String body) {
    return aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(body);
  }

  private static RSAKey rsaKey(String kid) {
    try {
      return new RSAKeyGenerator(2048).keyID(kid).generate();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  private static ECKey ecKey(String kid) {
    try {
      return new ECKeyGenerator(Curve.P_256).keyID(kid).generate();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }
}
