package dev.livetoken.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.PlainHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import dev.livetoken.contract.ProofServers;
import dev.livetoken.contract.RedisServer;
import dev.livetoken.core.live.MintedToken;
import dev.livetoken.core.live.SystemPrompt;
import dev.livetoken.core.live.TokenMinter;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Caller proofs through the endpoint, against real keys and loopback key and siteverify servers: every refusal
 * answers before the body is read and without minting.
 */
class CallerProofEndpointTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ProofServers SERVERS = new ProofServers();

  private final ByteArrayOutputStream log = new ByteArrayOutputStream();
  private final AtomicInteger minted = new AtomicInteger();

  @AfterAll
  static void stopServers() {
    SERVERS.close();
  }

  @BeforeEach
  void resetServers() {
    SERVERS.reset();
  }

  // --- ID tokens ----------------------------------------------------------------------------------

  @Test
  void aValidIdTokenMintsAndTheLogHoldsItsSubjectOnlyAsAnHmac() throws Exception {
    String token = SERVERS.idToken("user-1@example.com");
    EndpointResponse response = idTokens().handle(bearer(token));

    assertThat(response.status()).as(response.bodyText()).isEqualTo(200);
    assertThat(minted).hasValue(1);
    JsonNode line = lastLogLine();
    assertThat(line.get("proof").asText()).isEqualTo("auth_ok");
    assertThat(line.get("subject").asText()).matches("[0-9a-f]{32}");
    assertThat(log.toString(StandardCharsets.UTF_8)).doesNotContain(token).doesNotContain("user-1")
        .doesNotContain("example.com");
  }

  @Test
  void theSubjectsHmacIsStableAndKeyedFromTheSessionSecret() throws Exception {
    String token = SERVERS.idToken("user-1");
    idTokens().handle(bearer(token));
    String first = lastLogLine().get("subject").asText();
    idTokens().handle(bearer(token));
    assertThat(lastLogLine().get("subject").asText()).as("another instance, same secret").isEqualTo(first);
    endpoint(with(SERVERS.environment(0), "SESSION_SECRET", "another-session-secret-of-32-chars!!"), "AUTH_")
        .handle(bearer(token));
    assertThat(lastLogLine().get("subject").asText()).isNotEqualTo(first);
    idTokens().handle(bearer(SERVERS.idToken("user-2")));
    assertThat(lastLogLine().get("subject").asText()).isNotEqualTo(first);
  }

  @Test
  void anEs256TokenFromTheIssuersSecondKeyMints() {
    EndpointResponse response = idTokens().handle(bearer(SERVERS.idToken(SERVERS.ec, "user-1", c -> c)));

    assertThat(response.status()).as(response.bodyText()).isEqualTo(200);
  }

  @Test
  void aMissingIdTokenIs401WithABearerChallenge() throws Exception {
    EndpointResponse response = idTokens().handle(post(Map.of()));

    assertRefused(response, 401, "An ID token is required: Authorization: Bearer <token>", "auth_missing");
    assertThat(response.headers()).containsEntry("WWW-Authenticate", "Bearer");
  }

  @Test
  void anAuthorizationThatIsNotBearerIs401() throws Exception {
    EndpointResponse response = idTokens().handle(post(Map.of("Authorization", "Basic dXNlcjpwYXNz")));

    assertRefused(response, 401, "The Authorization header must be Bearer <ID token>", "auth_invalid");
    assertThat(response.headers()).containsEntry("WWW-Authenticate", "Bearer error=\"invalid_token\"");
  }

  @Test
  void expiryAndNotBeforeHaveAMinuteOfLeeway() throws Exception {
    TokenEndpoint endpoint = idTokens();
    Instant now = Instant.now();

    assertThat(endpoint.handle(bearer(SERVERS.idToken(SERVERS.rsa, "u",
        c -> c.expirationTime(Date.from(now.minusSeconds(30)))))).status()).isEqualTo(200);
    assertThat(endpoint.handle(bearer(SERVERS.idToken(SERVERS.rsa, "u",
        c -> c.notBeforeTime(Date.from(now.plusSeconds(30)))))).status()).isEqualTo(200);
    minted.set(0);
    assertInvalidIdToken(endpoint.handle(bearer(SERVERS.idToken(SERVERS.rsa, "u",
        c -> c.expirationTime(Date.from(now.minusSeconds(90)))))));
    assertInvalidIdToken(endpoint.handle(bearer(SERVERS.idToken(SERVERS.rsa, "u",
        c -> c.notBeforeTime(Date.from(now.plusSeconds(90)))))));
    assertInvalidIdToken(endpoint.handle(bearer(SERVERS.idToken(SERVERS.rsa, "u", c -> c.expirationTime(null)))));
  }

  @Test
  void aWrongAudienceIssuerOrSubjectIs401() throws Exception {
    TokenEndpoint endpoint = idTokens();

    assertInvalidIdToken(endpoint.handle(bearer(SERVERS.idToken(SERVERS.rsa, "u", c -> c.audience("someone-else")))));
    assertInvalidIdToken(endpoint.handle(bearer(SERVERS.idToken(SERVERS.rsa, "u", c -> c.audience((String) null)))));
    assertInvalidIdToken(endpoint.handle(bearer(SERVERS.idToken(SERVERS.rsa, "u",
        c -> c.issuer(SERVERS.issuer() + "/")))));
    assertInvalidIdToken(endpoint.handle(bearer(SERVERS.idToken(SERVERS.rsa, " ", c -> c))));
    assertInvalidIdToken(endpoint.handle(bearer(SERVERS.idToken(SERVERS.rsa, null, c -> c))));
    assertInvalidIdToken(endpoint.handle(bearer("not.a.jwt")));
    // A second accepted audience works as well as the first.
    assertThat(endpoint.handle(bearer(SERVERS.idToken(SERVERS.rsa, "u", c -> c.audience("other-client")))).status())
        .isEqualTo(200);
  }

  @Test
  void unsignedAndHmacTokensAreRefused() throws Exception {
    TokenEndpoint endpoint = idTokens();
    JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(SERVERS.issuer()).audience(ProofServers.AUDIENCE)
        .subject("u").expirationTime(Date.from(Instant.now().plusSeconds(600))).build();

    assertInvalidIdToken(endpoint.handle(bearer(new PlainJWT(new PlainHeader(), claims).serialize())));
    // The classic confusion: HS256 "signed" with the issuer's public key as the shared secret.
    SignedJWT hmac = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(SERVERS.rsa.getKeyID()).build(),
        claims);
    hmac.sign(new MACSigner(SERVERS.rsa.toPublicJWK().toRSAPublicKey().getEncoded()));
    assertInvalidIdToken(endpoint.handle(bearer(hmac.serialize())));
    // An RSA key's kid on an ES256 header: the algorithm is pinned to what the key is.
    String es256 = SERVERS.idToken(SERVERS.ec, "u", c -> c);
    String[] parts = es256.split("\\.");
    String swapped = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
        ("{\"kid\":\"rsa-1\",\"alg\":\"ES256\"}").getBytes(StandardCharsets.UTF_8));
    assertInvalidIdToken(endpoint.handle(bearer(swapped + "." + parts[1] + "." + parts[2])));
  }

  @Test
  void anUnknownKeyIsRefetchedAtMostOnceInThirtySeconds() throws Exception {
    TokenEndpoint endpoint = idTokens();
    assertThat(endpoint.handle(bearer(SERVERS.idToken("u"))).status()).isEqualTo(200);
    int fetchedBefore = SERVERS.issuerKeyFetches().size();
    minted.set(0);

    for (int i = 0; i < 5; i++) {
      assertInvalidIdToken(endpoint.handle(bearer(SERVERS.idToken(SERVERS.rotated, "u", c -> c))));
    }

    assertThat(SERVERS.issuerKeyFetches().size() - fetchedBefore).as("JWKS fetches for five unknown kids")
        .isLessThanOrEqualTo(1);
  }

  @Test
  void aRotatedKeyIsFetchedWhenATokenNamesIt() {
    TokenEndpoint endpoint = idTokens();
    assertThat(endpoint.handle(bearer(SERVERS.idToken("u"))).status()).isEqualTo(200);

    SERVERS.serveIssuerKeys(SERVERS.rotated);
    EndpointResponse response = endpoint.handle(bearer(SERVERS.idToken(SERVERS.rotated, "u", c -> c)));

    assertThat(response.status()).as(response.bodyText()).isEqualTo(200);
  }

  @Test
  void withTheKeysDownAndNoneFetchedYetTheEndpointStartsAndAnswers503() throws Exception {
    SERVERS.keysDown();
    TokenEndpoint endpoint = idTokens();

    EndpointResponse response = endpoint.handle(bearer(SERVERS.idToken("u")));

    assertRefused(response, 503, "ID tokens cannot be checked now, try again shortly", "auth_unavailable");
    assertThat(response.headers()).containsEntry("Retry-After", "10");
    SERVERS.reset();
    assertThat(endpoint.handle(bearer(SERVERS.idToken("u"))).status()).as("once the keys are back").isEqualTo(200);
  }

  @Test
  void withoutADiscoveryDocumentTheEndpointAnswers503UntilItCanReadOne() throws Exception {
    TokenEndpoint endpoint = endpoint(with(SERVERS.environment(0), "AUTH_ISSUER", SERVERS.url("/nowhere")), "AUTH_");

    assertRefused(endpoint.handle(bearer(SERVERS.idToken("u"))), 503,
        "ID tokens cannot be checked now, try again shortly", "auth_unavailable");
  }

  @Test
  void anExplicitJwksUrlNeedsNoDiscovery() {
    Map<String, String> env = with(SERVERS.environment(0), "AUTH_JWKS_URL", SERVERS.url(ProofServers.JWKS_PATH));
    // The issuer names a path with no discovery document: only AUTH_JWKS_URL can find the keys.
    env.put("AUTH_ISSUER", SERVERS.url("/nowhere"));
    TokenEndpoint endpoint = endpoint(env, "AUTH_");

    EndpointResponse response = endpoint.handle(bearer(ProofServers.sign(SERVERS.rsa, new JWTClaimsSet.Builder()
        .issuer(SERVERS.url("/nowhere")).audience(ProofServers.AUDIENCE).subject("u")
        .expirationTime(Date.from(Instant.now().plusSeconds(600))))));

    assertThat(response.status()).as(response.bodyText()).isEqualTo(200);
  }

  @Test
  void cachedKeysKeepServingWhileTheJwksIsDown() throws Exception {
    TokenEndpoint endpoint = idTokens();
    assertThat(endpoint.handle(bearer(SERVERS.idToken("u"))).status()).isEqualTo(200);
    minted.set(0);

    SERVERS.keysDown();
    assertInvalidIdToken(endpoint.handle(bearer(SERVERS.idToken(SERVERS.rotated, "u", c -> c))));
    EndpointResponse response = endpoint.handle(bearer(SERVERS.idToken("u")));

    assertThat(response.status()).as(response.bodyText()).isEqualTo(200);
  }

  @Test
  void eachUserHasABudgetCountedByIssuerAndSubject() throws Exception {
    TokenEndpoint endpoint = endpoint(SERVERS.environment(2), "AUTH_", "USER_");
    String token = SERVERS.idToken("u");
    assertThat(endpoint.handle(bearer(token)).status()).isEqualTo(200);
    assertThat(endpoint.handle(bearer(token)).status()).isEqualTo(200);
    minted.set(0);

    EndpointResponse refused = endpoint.handle(bearer(SERVERS.idToken("u")));

    assertRefused(refused, 429, "Too many requests for this user", "user_rate_limited");
    assertThat(Long.parseLong(refused.headers().get("Retry-After"))).isBetween(1L, 30L);
    assertThat(lastLogLine().get("proof").asText()).isEqualTo("auth_ok,user_rate_limited");
    assertThat(endpoint.handle(bearer(SERVERS.idToken("v"))).status()).as("another user").isEqualTo(200);
  }

  @Test
  void withRedisAUsersBudgetIsSharedByEveryInstance() throws Exception {
    try (RedisServer redis = RedisServer.started()) {
      Map<String, String> env = with(SERVERS.environment(1), "REDIS_URL", redis.url());
      TokenEndpoint one = endpoint(env, "AUTH_", "USER_", "REDIS_");
      TokenEndpoint two = endpoint(env, "AUTH_", "USER_", "REDIS_");
      // Each instance connects in the background and counts locally until then: a fresh user per try.
      long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(20);
      int status = 0;
      for (int user = 0; status != 429 && System.nanoTime() < deadline; user++) {
        assertThat(one.handle(bearer(SERVERS.idToken("shared-" + user))).status()).isEqualTo(200);
        status = two.handle(bearer(SERVERS.idToken("shared-" + user))).status();
        Thread.sleep(50);
      }

      assertThat(status).as("the other instance refuses a user who spent the budget on the first").isEqualTo(429);
    }
  }

  // --- App Check ----------------------------------------------------------------------------------

  @Test
  void aValidAppCheckTokenMints() throws Exception {
    EndpointResponse response = appCheck().handle(post(Map.of("X-Firebase-AppCheck", SERVERS.appCheckToken(c -> c))));

    assertThat(response.status()).as(response.bodyText()).isEqualTo(200);
    assertThat(lastLogLine().get("proof").asText()).isEqualTo("app_check_ok");
    assertThat(lastLogLine().has("subject")).isFalse();
  }

  @Test
  void aMissingAppCheckTokenIs401() throws Exception {
    EndpointResponse response = appCheck().handle(post(Map.of()));

    assertRefused(response, 401, "An App Check token is required: X-Firebase-AppCheck", "app_check_missing");
    assertThat(response.headers()).doesNotContainKey("WWW-Authenticate");
  }

  @Test
  void appCheckTokensForAnotherProjectOrAppOrSignedOtherwiseAre401() throws Exception {
    TokenEndpoint endpoint = appCheck();
    List<String> bad = List.of(
        SERVERS.appCheckToken(c -> c.audience("projects/999")),
        SERVERS.appCheckToken(c -> c.issuer("https://firebaseappcheck.googleapis.com/999")),
        SERVERS.appCheckToken(c -> c.expirationTime(Date.from(Instant.now().minusSeconds(120)))),
        ProofServers.sign(SERVERS.rsa, new JWTClaimsSet.Builder()
            .issuer("https://firebaseappcheck.googleapis.com/" + ProofServers.PROJECT_NUMBER)
            .audience("projects/" + ProofServers.PROJECT_NUMBER).subject(ProofServers.APP_ID)
            .expirationTime(Date.from(Instant.now().plusSeconds(600)))));
    for (String token : bad) {
      assertRefused(endpoint.handle(post(Map.of("X-Firebase-AppCheck", token))), 401,
          "The App Check token is not valid", "app_check_invalid");
    }
    assertRefused(endpoint.handle(post(Map.of("X-Firebase-AppCheck",
        SERVERS.appCheckToken(c -> c.subject("1:123456789012:android:other"))))), 401,
        "The App Check token is for another app", "app_check_invalid");
  }

  @Test
  void appCheckKeysThatCannotBeFetchedAre503() throws Exception {
    SERVERS.keysDown();

    EndpointResponse response = appCheck().handle(post(Map.of("X-Firebase-AppCheck", SERVERS.appCheckToken(c -> c))));

    assertRefused(response, 503, "App Check tokens cannot be checked now, try again shortly", "app_check_unavailable");
    assertThat(response.headers()).containsEntry("Retry-After", "10");
  }

  // --- Turnstile ----------------------------------------------------------------------------------

  @Test
  void aValidTurnstileTokenMintsAfterOneSiteverifyCall() throws Exception {
    EndpointResponse response = turnstile().handle(post(Map.of("X-Turnstile-Token", ProofServers.TURNSTILE_OK)));

    assertThat(response.status()).as(response.bodyText()).isEqualTo(200);
    assertThat(SERVERS.siteverifyCalls()).hasSize(1);
    String form = SERVERS.siteverifyCalls().get(0).getBodyAsString();
    assertThat(form).contains("secret=" + ProofServers.TURNSTILE_SECRET, "response=" + ProofServers.TURNSTILE_OK,
        "remoteip=127.0.0.1").containsPattern("idempotency_key=[0-9a-f-]{36}");
    assertThat(log.toString(StandardCharsets.UTF_8)).doesNotContain(ProofServers.TURNSTILE_SECRET)
        .doesNotContain(ProofServers.TURNSTILE_OK);
  }

  @Test
  void spentForeignAndWrongActionTurnstileTokensAre401() throws Exception {
    TokenEndpoint endpoint = turnstile();

    assertRefused(endpoint.handle(post(Map.of("X-Turnstile-Token", ProofServers.TURNSTILE_SPENT))), 401,
        "The Turnstile token has expired or was already used", "turnstile_spent");
    assertRefused(endpoint.handle(post(Map.of("X-Turnstile-Token", ProofServers.TURNSTILE_WRONG_HOST))), 401,
        "The Turnstile token is not valid", "turnstile_invalid");
    assertRefused(endpoint.handle(post(Map.of("X-Turnstile-Token", ProofServers.TURNSTILE_WRONG_ACTION))), 401,
        "The Turnstile token is not valid", "turnstile_invalid");
    assertRefused(endpoint.handle(post(Map.of("X-Turnstile-Token", "unknown-token"))), 401,
        "The Turnstile token is not valid", "turnstile_invalid");
    assertThat(SERVERS.siteverifyCalls()).hasSize(4);
  }

  @Test
  void aMissingOrOverlongTurnstileTokenIsRefusedWithoutCallingSiteverify() throws Exception {
    TokenEndpoint endpoint = turnstile();

    assertRefused(endpoint.handle(post(Map.of())), 401, "A Turnstile token is required: X-Turnstile-Token",
        "turnstile_missing");
    assertRefused(endpoint.handle(post(Map.of("X-Turnstile-Token", "a".repeat(2049)))), 401,
        "The Turnstile token is not valid", "turnstile_invalid");
    assertThat(SERVERS.siteverifyCalls()).isEmpty();
  }

  @Test
  void aSlowSiteverifyIs503WithinTheProofTimeout() throws Exception {
    Map<String, String> env = new HashMap<>(SERVERS.environment(0));
    env.put("PROOF_TIMEOUT_MS", "1000");
    EndpointResponse response = endpoint(env, "TURNSTILE_")
        .handle(post(Map.of("X-Turnstile-Token", ProofServers.TURNSTILE_SLOW)));

    assertRefused(response, 503, "Turnstile tokens cannot be checked now, try again shortly", "turnstile_unavailable");
    assertThat(response.headers()).containsEntry("Retry-After", "10");
  }

  @Test
  void aSiteverifyThatAnswersWithAnErrorIs503() throws Exception {
    EndpointResponse response = turnstile().handle(post(Map.of("X-Turnstile-Token", ProofServers.TURNSTILE_DOWN)));

    assertRefused(response, 503, "Turnstile tokens cannot be checked now, try again shortly", "turnstile_unavailable");
  }

  // --- together -----------------------------------------------------------------------------------

  @Test
  void everyConfiguredProofIsRequiredAndTurnstileIsSpentOnlyAfterTheOthersPass() throws Exception {
    TokenEndpoint endpoint = endpoint(SERVERS.environment(0), "");
    Map<String, String> all = Map.of("Authorization", "Bearer " + SERVERS.idToken("u"),
        "X-Firebase-AppCheck", SERVERS.appCheckToken(c -> c), "X-Turnstile-Token", ProofServers.TURNSTILE_OK);

    assertThat(endpoint.handle(post(all)).status()).isEqualTo(200);
    assertThat(lastLogLine().get("proof").asText()).isEqualTo("auth_ok,app_check_ok,turnstile_ok");
    minted.set(0);
    for (String leftOut : all.keySet()) {
      Map<String, String> headers = new HashMap<>(all);
      headers.remove(leftOut);
      assertThat(endpoint.handle(post(headers)).status()).as("without " + leftOut).isEqualTo(401);
    }
    assertThat(SERVERS.siteverifyCalls()).as("siteverify only when the others passed").hasSize(1);
    assertThat(minted).hasValue(0);
  }

  @Test
  void proofsAreCheckedBeforeTheBodyIsReadOrParsed() throws Exception {
    byte[] oversizeAndMalformed = ("{\"voice\": " + " ".repeat(2 * 1024 * 1024)).getBytes(StandardCharsets.UTF_8);
    EndpointRequest request = new EndpointRequest("test", "POST", "/api/token",
        Map.of("Content-Type", "application/json"), new ByteArrayInputStream(oversizeAndMalformed), "127.0.0.1");

    assertRefused(idTokens().handle(request), 401, "An ID token is required: Authorization: Bearer <token>",
        "auth_missing");
  }

  @Test
  void thePreflightAllowsTheConfiguredProofHeaders() {
    EndpointResponse all = endpoint(SERVERS.environment(0), "").handle(
        new EndpointRequest("test", "OPTIONS", "/api/token", Map.of("Origin", "https://shop.example"), null, "127.0.0.1"));
    EndpointResponse idOnly = idTokens().handle(
        new EndpointRequest("test", "OPTIONS", "/api/token", Map.of("Origin", "https://shop.example"), null, "127.0.0.1"));

    assertThat(all.headers()).containsEntry("Access-Control-Allow-Headers",
        "Content-Type, Authorization, X-Firebase-AppCheck, X-Turnstile-Token");
    assertThat(idOnly.headers()).containsEntry("Access-Control-Allow-Headers", "Content-Type, Authorization");
  }

  @Test
  void sessionEndReportsNeedNoProof() {
    EndpointResponse response = idTokens().handle(new EndpointRequest("test", "POST", "/api/sessions/end",
        Map.of(), new ByteArrayInputStream("{}".getBytes(StandardCharsets.UTF_8)), "127.0.0.1"));

    assertThat(response.status()).as(response.bodyText()).isEqualTo(400);
  }

  // --- helpers ------------------------------------------------------------------------------------

  private TokenEndpoint idTokens() {
    return endpoint(SERVERS.environment(0), "AUTH_");
  }

  private TokenEndpoint appCheck() {
    return endpoint(SERVERS.environment(0), "APP_CHECK_");
  }

  private TokenEndpoint turnstile() {
    Map<String, String> env = new HashMap<>(SERVERS.environment(0));
    env.put("ALLOWED_ORIGINS", "https://" + ProofServers.TURNSTILE_HOST);
    return endpoint(env, "TURNSTILE_", "ALLOWED_");
  }

  /** The endpoint with only the proof settings whose names start with one of {@code prefixes} (all for ""). */
  private TokenEndpoint endpoint(Map<String, String> proofEnvironment, String... prefixes) {
    Map<String, String> env = new HashMap<>();
    proofEnvironment.forEach((name, value) -> {
      boolean common = name.equals("PROOF_TIMEOUT_MS") || name.equals("SESSION_SECRET");
      if (common || java.util.Arrays.stream(prefixes).anyMatch(name::startsWith)) {
        env.put(name, value);
      }
    });
    env.putIfAbsent("SESSION_SECRET", "a-session-secret-of-at-least-32-chars");
    env.put("GEMINI_API_KEY", "test-key");
    env.put("RATE_LIMIT_PER_MINUTE", "0");
    Settings settings = Settings.from(env::get);
    TokenMinter minter = session -> {
      minted.incrementAndGet();
      return new MintedToken("auth_tokens/stand-in", Instant.now().plusSeconds(1800), Instant.now().plusSeconds(120));
    };
    return new TokenEndpoint(settings, new TokenFunction(settings, SystemPrompt.standard(), minter),
        new PrintStream(log, true, StandardCharsets.UTF_8));
  }

  private static Map<String, String> with(Map<String, String> env, String name, String value) {
    Map<String, String> copy = new HashMap<>(env);
    copy.put(name, value);
    return copy;
  }

  private EndpointRequest bearer(String token) {
    return post(Map.of("Authorization", "Bearer " + token));
  }

  private EndpointRequest post(Map<String, String> headers) {
    Map<String, String> all = new HashMap<>(headers);
    all.put("Content-Type", "application/json");
    return new EndpointRequest("test", "POST", "/api/token", all,
        new ByteArrayInputStream("{}".getBytes(StandardCharsets.UTF_8)), "127.0.0.1");
  }

  private void assertInvalidIdToken(EndpointResponse response) throws IOException {
    assertRefused(response, 401, "The ID token is not valid", "auth_invalid");
    assertThat(response.headers()).containsEntry("WWW-Authenticate", "Bearer error=\"invalid_token\"");
  }

  /** The refusal, its log line, and that it cost no minting. */
  private void assertRefused(EndpointResponse response, int status, String message, String code) throws IOException {
    assertThat(response.status()).as(response.bodyText()).isEqualTo(status);
    assertThat(JSON.readTree(response.body()).get("error").asText()).isEqualTo(message);
    JsonNode line = lastLogLine();
    assertThat(line.get("error").asText()).isEqualTo(code);
    assertThat(line.get("proof").asText()).endsWith(code);
    assertThat(minted).as("minted").hasValue(0);
  }

  private JsonNode lastLogLine() throws IOException {
    String[] lines = log.toString(StandardCharsets.UTF_8).strip().split("\n");
    return JSON.readTree(lines[lines.length - 1]);
  }
}
