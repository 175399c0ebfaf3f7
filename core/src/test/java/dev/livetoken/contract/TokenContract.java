package dev.livetoken.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.http.Fault;
import dev.livetoken.core.live.LiveModels;
import dev.livetoken.core.sessions.SessionClaims;
import dev.livetoken.core.sessions.SessionIds;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The HTTP contract, written once. Each adapter's test extends this class and says how to start its real
 * entry point with a given environment; every case below then runs through it, against the real SDK and
 * a fake Gemini API on loopback.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class TokenContract {

  protected static final String LISTED_ORIGIN = "https://shop.example";
  // Generous: a cold JVM's first call (SDK and OkHttp set-up) counts against it on a loaded machine.
  protected static final String UPSTREAM_TIMEOUT_MS = "3000";
  /**
   * Cases that wait out the upstream timeout. Mutation testing leaves them out (each run of one costs seconds
   * in every mutant it covers); GenAiTokenMinterTest and TokenEndpointTest check the same mapping quickly.
   */
  public static final String SLOW = "slow";
  /**
   * The upstream timeout of the configuration the {@link #SLOW} cases mint under, where nothing else mints: they
   * expect the timeout, so a cold first call that takes longer still answers what they check.
   */
  private static final long SLOW_CASES_TIMEOUT_MS = 600;

  /** The headers the contract itself answers with (README's table). */
  private static final Set<String> CONTRACT_HEADERS = caseInsensitive(
      "Content-Type", "Cache-Control", "Access-Control-Allow-Origin", "Access-Control-Allow-Methods",
      "Access-Control-Allow-Headers", "Access-Control-Max-Age", "Vary", "Allow", "Retry-After", "WWW-Authenticate");

  protected FakeGeminiApi gemini;
  /** Key and siteverify servers for the proof cases, started by the first of them. */
  private ProofServers proofServers;
  private final Map<Map<String, String>, ContractTarget> targets = new HashMap<>();

  /**
   * The headers this door's transport adds of its own, as README lists them for it: by default an HTTP
   * server's {@code Date}, {@code Content-Length} and {@code Connection}. Anything else fails every case.
   */
  protected Set<String> transportHeaders() {
    return Set.of("Date", "Content-Length", "Connection");
  }

  /**
   * Whether this class runs the cases that exercise the door as a whole rather than how a request is read
   * (those tagged {@link #SLOW} and the hostile corpus). A door reached through several event kinds (Lambda)
   * runs them through one of its classes only.
   */
  protected boolean runsDoorWideCases() {
    return true;
  }

  /** Starts the adapter's real entry point with these settings (environment variable names). */
  protected abstract ContractTarget start(Map<String, String> environment) throws Exception;

  @BeforeAll
  void startFakeGemini() {
    gemini = new FakeGeminiApi();
  }

  @AfterAll
  void stopEverything() throws Exception {
    for (ContractTarget target : targets.values()) {
      target.close();
    }
    gemini.close();
    if (proofServers != null) {
      proofServers.close();
    }
  }

  @BeforeEach
  void resetFakeGemini() {
    gemini.reset();
  }

  /** The settings most cases run under: a key, the fake upstream, any origin, no rate limit. */
  protected Map<String, String> standardEnvironment() {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("GEMINI_API_KEY", FakeGeminiApi.API_KEY);
    env.put("GEMINI_BASE_URL", gemini.baseUrl());
    env.put("UPSTREAM_TIMEOUT_MS", UPSTREAM_TIMEOUT_MS);
    env.put("RATE_LIMIT_PER_MINUTE", "0");
    return env;
  }

  protected Reply send(Call call) throws Exception {
    return send(standardEnvironment(), call);
  }

  protected Reply send(Map<String, String> environment, Call call) throws Exception {
    ContractTarget target = targets.get(environment);
    if (target == null) {
      target = start(environment);
      targets.put(Map.copyOf(environment), target);
    }
    Reply reply = target.send(call);
    Set<String> permitted = caseInsensitive(CONTRACT_HEADERS);
    permitted.addAll(transportHeaders());
    assertThat(reply.headers().keySet()).as("only the contract's and this transport's headers").isSubsetOf(permitted);
    assertThat(reply.body() + reply.headers()).as("the key never leaves the server")
        .doesNotContain(FakeGeminiApi.API_KEY);
    return reply;
  }

  protected Map<String, String> with(String name, String value) {
    Map<String, String> env = new LinkedHashMap<>(standardEnvironment());
    env.put(name, value);
    return env;
  }

  /** The standard settings with one variable set empty, which counts as unset. */
  protected Map<String, String> without(String name) {
    return with(name, "");
  }

  // --- success -------------------------------------------------------------------------------------

  @Test
  void mintsATokenWithTheDefaults() throws Exception {
    Instant before = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    Reply reply = send(Call.post("{}"));

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.json().get("token").asText()).isEqualTo(FakeGeminiApi.TOKEN_NAME);
    assertThat(reply.json().fieldNames()).toIterable().containsExactly("token", "sessionMeta");
    assertThat(reply.header("Content-Type")).startsWith("application/json");
    assertThat(reply.header("Cache-Control")).isEqualTo("no-store");
    assertThat(reply.header("Access-Control-Allow-Origin")).isEqualTo("*");

    assertThat(gemini.tokenRequests().get(0).getHeader("x-goog-api-key")).isEqualTo(FakeGeminiApi.API_KEY);
    JsonNode sent = gemini.onlyTokenRequestBody();
    assertThat(sent.get("uses").asInt()).isEqualTo(1);
    assertThat(Instant.parse(sent.get("expireTime").asText()))
        .isBetween(before.plus(Duration.ofMinutes(30)), Instant.now().plus(Duration.ofMinutes(30)));
    assertThat(Instant.parse(sent.get("newSessionExpireTime").asText()))
        .isBetween(before.plus(Duration.ofMinutes(2)), Instant.now().plus(Duration.ofMinutes(2)));
    assertThat(sent.has("fieldMask")).as("lockAdditionalFields unset: everything locked").isFalse();
    JsonNode setup = sent.get("bidiGenerateContentSetup");
    assertThat(setup.get("model").asText()).isEqualTo("models/gemini-3.1-flash-live-preview");
    JsonNode generation = setup.get("generationConfig");
    assertThat(generation.get("responseModalities").toString()).isEqualTo("[\"AUDIO\"]");
    assertThat(generation.at("/speechConfig/voiceConfig/prebuiltVoiceConfig/voiceName").asText()).isEqualTo("Kore");
    assertThat(generation.at("/thinkingConfig/thinkingLevel").asText()).isEqualTo("LOW");
    assertThat(setup.get("inputAudioTranscription").toString()).isEqualTo("{}");
    assertThat(setup.get("outputAudioTranscription").toString()).isEqualTo("{}");
    assertThat(setup.get("sessionResumption").toString()).as("Google then issues handles").isEqualTo("{}");
    assertThat(setup.get("contextWindowCompression").toString()).as("past 15 minutes")
        .isEqualTo("{\"slidingWindow\":{}}");
    assertThat(setup.has("systemInstruction")).as("no page, no prompt").isFalse();
    assertThat(setup.has("tools")).isFalse();
  }

  /** Google's Live models today, and what each one's setup is, as its page says (README, "Models"). */
  static Stream<Arguments> servedModels() {
    String noThinking = "";
    String low = ",\"thinkingConfig\":{\"thinkingLevel\":\"LOW\"}";
    String blocking = "\"behavior\":\"BLOCKING\",";
    return Stream.of(
        Arguments.of("gemini-3.8-live", noThinking, blocking),
        Arguments.of("gemini-3.8-live-extended-thinking", low, blocking),
        Arguments.of("gemini-3.1-flash-live-preview", low, ""),
        Arguments.of("gemini-2.5-flash-native-audio-preview-12-2025", noThinking, ""),
        Arguments.of("gemini-2.5-flash-native-audio-preview-09-2025", noThinking, ""));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("servedModels")
  void eachLiveModelGetsExactlyTheSetupItsPageDocuments(String model, String thinking, String behavior)
      throws Exception {
    Reply reply = send(Call.post("{\"model\":\"" + model + "\",\"voice\":\"Puck\",\"pageContent\":\"[sec-1] Intro\","
        + "\"interactiveHighlights\":true,\"sessionHandle\":\"Cj4KOAoQ-resume_me\"}"));

    assertThat(reply.status()).as(reply.body() + gemini.refusals()).isEqualTo(200);
    ObjectNode setup = (ObjectNode) gemini.onlyTokenRequestBody().get("bidiGenerateContentSetup");
    assertThat(setup.remove("systemInstruction").at("/parts/0/text").asText()).contains("[sec-1] Intro");
    assertThat(setup).isEqualTo(new ObjectMapper().readTree("""
        {"model": "models/%s",
         "generationConfig": {"responseModalities": ["AUDIO"],
           "speechConfig": {"voiceConfig": {"prebuiltVoiceConfig": {"voiceName": "Puck"}}}%s},
         "tools": [{"functionDeclarations": [{%s
           "name": "highlight_and_scroll",
           "description": "Scrolls the page to a section or image and highlights it while you talk about it.",
           "parameters": {"type": "OBJECT", "required": ["elementId"], "properties": {
             "elementId": {"type": "STRING", "description": "The id of the section or image, such as sec-1 or img-3."}}}}]}],
         "inputAudioTranscription": {}, "outputAudioTranscription": {},
         "sessionResumption": {"handle": "Cj4KOAoQ-resume_me"},
         "contextWindowCompression": {"slidingWindow": {}}}""".formatted(model, thinking, behavior)));
  }

  @Test
  void aSessionHandleThatIsNotPrintableAsciiIsA400NamingItWithoutAnUpstreamCall() throws Exception {
    String message = "Field 'sessionHandle' must be 1 to 4096 printable ASCII characters without spaces";
    for (String handle : new String[] {"\"\"", "\"a b\"", "\"" + "h".repeat(4097) + "\"", "\"caf\u00e9\"",
        "\"line\\nbreak\""}) {
      Reply reply = send(Call.post("{\"model\":\"gemini-3.8-live\",\"sessionHandle\":" + handle + "}"));
      assertThat(reply.json().get("error").asText()).as(handle).isEqualTo(message);
      assertRefused(reply, 400, "'sessionHandle'");
    }
    assertRefused(send(Call.post("{\"sessionHandle\":42}")), 400, "Field 'sessionHandle' must be a string");
  }

  /** An operator who moved every page to 3.8 Live, thinks hard, and turned resumption and compression off. */
  protected Map<String, String> migratedModels() {
    Map<String, String> env = with("MODEL_ALIASES",
        "gemini-3.1-flash-live-preview=gemini-3.8-live, gemini-live-2.5-flash-preview=gemini-3.8-live");
    env.put("THINKING_LEVEL", "high");
    env.put("SESSION_RESUMPTION", "false");
    env.put("CONTEXT_COMPRESSION", "false");
    return env;
  }

  @Test
  void theOperatorsModelSettingsReachEveryToken() throws Exception {
    Reply widget = send(migratedModels(), widgetTokenCall(""));
    assertThat(widget.status()).as(widget.body() + gemini.refusals()).isEqualTo(200);
    JsonNode setup = gemini.onlyTokenRequestBody().get("bidiGenerateContentSetup");
    assertThat(setup.get("model").asText()).as("the widget's model, aliased").isEqualTo("models/gemini-3.8-live");
    assertThat(setup.at("/generationConfig").has("thinkingConfig")).isFalse();
    assertThat(setup.at("/tools/0/functionDeclarations/0/behavior").asText()).isEqualTo("BLOCKING");
    assertThat(setup.has("sessionResumption")).isFalse();
    assertThat(setup.has("contextWindowCompression")).isFalse();
    assertThat(SessionIds.withSecret(FakeGeminiApi.API_KEY).verify(widget.json().at("/sessionMeta/sessionId").asText()))
        .as("the session id carries the model minted").hasValueSatisfying(
            claims -> assertThat(claims.model()).isEqualTo("gemini-3.8-live"));

    for (String[] asked : new String[][] {
        {"{}", "models/gemini-3.8-live"},
        {"{\"model\":\"gemini-live-2.5-flash-preview\",\"sessionHandle\":\"h-1\"}", "models/gemini-3.8-live"},
        {"{\"model\":\"gemini-3.8-live-extended-thinking\"}", "models/gemini-3.8-live-extended-thinking"}}) {
      gemini.reset();
      Reply reply = send(migratedModels(), Call.post(asked[0]));
      assertThat(reply.status()).as(asked[0] + reply.body() + gemini.refusals()).isEqualTo(200);
      JsonNode sent = gemini.onlyTokenRequestBody().get("bidiGenerateContentSetup");
      assertThat(sent.get("model").asText()).as(asked[0]).isEqualTo(asked[1]);
      assertThat(sent.has("sessionResumption")).as("resumption off: no handle locked in").isFalse();
    }
    assertThat(gemini.onlyTokenRequestBody().at("/bidiGenerateContentSetup/generationConfig/thinkingConfig").toString())
        .isEqualTo("{\"thinkingLevel\":\"HIGH\"}");
  }

  @Test
  void anEmptyBodyMeansAllDefaults() throws Exception {
    Reply reply = send(new Call("POST", "/api/token", Map.of(), new byte[0]));

    assertThat(reply.status()).isEqualTo(200);
    assertThat(gemini.onlyTokenRequestBody().at("/bidiGenerateContentSetup/model").asText())
        .isEqualTo("models/gemini-3.1-flash-live-preview");
  }

  @Test
  void theFunctionAlsoAnswersOnTheRootPath() throws Exception {
    Reply reply = send(Call.post("{}").to("/"));

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.json().get("token").asText()).isEqualTo(FakeGeminiApi.TOKEN_NAME);
  }

  @Test
  void putsThePageIntoTheLockedSystemPrompt() throws Exception {
    Reply reply = send(Call.post("""
        {"model":"gemini-2.5-flash-native-audio-preview-12-2025","voice":"Puck","lang":"es",
         "pageTitle":"Ofertas {{pageUrl}} $&","pageUrl":"https://shop.example/ofertas",
         "pageContent":"Zapatillas a 40 euros.","siteKey":"ignored"}"""));

    assertThat(reply.status()).isEqualTo(200);
    JsonNode setup = gemini.onlyTokenRequestBody().get("bidiGenerateContentSetup");
    assertThat(setup.get("model").asText()).isEqualTo("models/gemini-2.5-flash-native-audio-preview-12-2025");
    assertThat(setup.at("/generationConfig/speechConfig/voiceConfig/prebuiltVoiceConfig/voiceName").asText())
        .isEqualTo("Puck");
    String prompt = setup.at("/systemInstruction/parts/0/text").asText();
    assertThat(prompt)
        .contains("Page title: Ofertas {{pageUrl}} $&\n")
        .contains("Page URL: https://shop.example/ofertas\n")
        .contains("\nZapatillas a 40 euros.\n")
        .contains("Reply in Spanish.")
        .doesNotContain("Respond in Respond in")
        .doesNotContain("highlight_and_scroll");
    assertThat(setup.has("tools")).isFalse();
  }

  @Test
  void interactiveHighlightsAddTheToolAndItsInstructions() throws Exception {
    Reply reply = send(Call.post("{\"pageContent\":\"<section id=sec-1>Intro</section>\",\"interactiveHighlights\":true}"));

    assertThat(reply.status()).isEqualTo(200);
    JsonNode setup = gemini.onlyTokenRequestBody().get("bidiGenerateContentSetup");
    JsonNode function = setup.at("/tools/0/functionDeclarations/0");
    assertThat(function.get("name").asText()).isEqualTo("highlight_and_scroll");
    assertThat(function.at("/parameters/properties/elementId/type").asText()).isEqualTo("STRING");
    assertThat(function.at("/parameters/required").toString()).isEqualTo("[\"elementId\"]");
    assertThat(setup.at("/systemInstruction/parts/0/text").asText()).contains("highlight_and_scroll");
  }

  // --- refusals before any upstream call ------------------------------------------------------------

  @Test
  void malformedJsonIsA400() throws Exception {
    assertRefused(send(Call.post("{\"voice\": ")), 400, "not valid JSON");
  }

  @Test
  void jsonThatIsNotAnObjectIsA400() throws Exception {
    assertRefused(send(Call.post("[\"Kore\"]")), 400, "JSON object");
  }

  @Test
  void aFieldOfTheWrongTypeIsA400NamingIt() throws Exception {
    assertRefused(send(Call.post("{\"interactiveHighlights\":\"yes\"}")), 400, "interactiveHighlights");
    assertRefused(send(Call.post("{\"pageContent\":42}")), 400, "pageContent");
  }

  @Test
  void anUnknownVoiceOrModelIsA400NamingIt() throws Exception {
    assertRefused(send(Call.post("{\"voice\":\"Darth\"}")), 400, "voice");
    assertRefused(send(Call.post("{\"model\":\"../../v1/models/gemini-pro\"}")), 400, "model");
    // Shut down by Google on 2025-12-09: no longer allowed by default, so no upstream call is spent on them.
    assertRefused(send(Call.post("{\"model\":\"gemini-2.0-flash-live-001\"}")), 400, "Field 'model'");
    assertRefused(send(Call.post("{\"model\":\"gemini-live-2.5-flash-preview\"}")), 400, "Field 'model'");
  }

  @Test
  void otherMethodsAre405WithAllow() throws Exception {
    Reply reply = send(Call.of("GET", "/api/token"));

    assertRefused(reply, 405, "Method not allowed");
    assertThat(reply.header("Allow")).isEqualTo("POST, OPTIONS");
  }

  @Test
  void theHealthCheckAnswersGetOnly() throws Exception {
    Reply health = send(Call.of("GET", "/healthz"));
    assertThat(health.status()).isEqualTo(200);
    assertThat(health.body()).isEqualTo("{\"status\":\"ok\"}");
    assertThat(health.header("Content-Type")).startsWith("application/json");

    Reply posted = send(Call.post("{}").to("/healthz"));
    assertRefused(posted, 405, "Method not allowed");
    assertThat(posted.header("Allow")).isEqualTo("GET");
  }

  @Test
  void unknownPathsAre404Json() throws Exception {
    assertRefused(send(Call.post("{}").to("/api/tokens")), 404, "Not found");
  }

  @Test
  void aQueryStringPlaysNoPartInRouting() throws Exception {
    assertThat(send(Call.post("{}").to("/api/token?v=2")).status()).isEqualTo(200);
    assertThat(send(Call.post("{}").to("/?v=2&src=widget")).status()).as("the root path").isEqualTo(200);
    assertThat(send(Call.of("GET", "/healthz?probe=1")).body()).isEqualTo("{\"status\":\"ok\"}");
    Reply elsewhere = send(Call.post("{}").to("/api/tokens?v=2"));
    assertThat(elsewhere.status()).isEqualTo(404);
    assertThat(elsewhere.json().get("error").asText()).isEqualTo("Not found");
    assertThat(gemini.tokenRequestCount()).isEqualTo(2);
  }

  @Test
  void anOversizeBodyIs413() throws Exception {
    Reply reply = send(with("MAX_BODY_BYTES", "1024"), Call.post("{\"pageContent\":\"" + "a".repeat(2000) + "\"}"));

    assertRefused(reply, 413, "1024 bytes");
  }

  @Test
  void aBodyOfExactlyMaxBodyBytesIsServedAndOneByteMoreIsNot() throws Exception {
    Map<String, String> small = with("MAX_BODY_BYTES", "1024");
    String exactly = "{\"pageContent\":\"" + "a".repeat(1024 - 18) + "\"}";
    assertThat(utf8(exactly)).hasSize(1024);

    Reply refused = send(small, Call.post(exactly + " "));
    assertRefused(refused, 413, "Request body exceeds 1024 bytes");
    Reply served = send(small, Call.post(exactly));
    assertThat(served.status()).as(served.body()).isEqualTo(200);
  }

  @Test
  void aBodyWithoutContentLengthIsHeldToTheSameLimit() throws Exception {
    Map<String, String> small = with("MAX_BODY_BYTES", "1024");
    String exactly = "{\"pageContent\":\"" + "a".repeat(1024 - 18) + "\"}";

    assertRefused(send(small, Call.post(exactly + " ").inChunks()), 413, "Request body exceeds 1024 bytes");
    assertRefused(send(small, Call.post(exactly + " ".repeat(200_000)).inChunks()), 413, "1024 bytes");
    Reply served = send(small, Call.post(exactly).inChunks());
    assertThat(served.status()).as(served.body()).isEqualTo(200);
  }

  // --- caller proofs: one environment requiring all three, so one process per door ----------------

  /** Every proof required, from the listed origin, with two tokens a minute per user. */
  private Map<String, String> proofEnvironment() {
    if (proofServers == null) {
      proofServers = new ProofServers();
    }
    proofServers.reset();
    Map<String, String> env = new LinkedHashMap<>(with("ALLOWED_ORIGINS", LISTED_ORIGIN));
    env.putAll(proofServers.environment(2));
    return env;
  }

  private Call provenCall(String subject) {
    return fromListed(Call.post("{}")).header("Authorization", "Bearer " + proofServers.idToken(subject))
        .header("X-Firebase-AppCheck", proofServers.appCheckToken(claims -> claims))
        .header("X-Turnstile-Token", ProofServers.TURNSTILE_OK);
  }

  @Test
  void callersWithEveryConfiguredProofGetTheirToken() throws Exception {
    Map<String, String> env = proofEnvironment();

    Reply reply = send(env, provenCall("contract-user-ok"));

    assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    assertThat(reply.json().get("token").asText()).isEqualTo(FakeGeminiApi.TOKEN_NAME);
    assertThat(reply.header("Access-Control-Allow-Origin")).isEqualTo(LISTED_ORIGIN);
    assertThat(proofServers.siteverifyCalls()).hasSize(1);
  }

  @Test
  void aMissingOrInvalidProofIs401NamingItWithoutAnUpstreamCall() throws Exception {
    Map<String, String> env = proofEnvironment();
    Map<String, Call> refused = new LinkedHashMap<>();
    // A user of its own per call: the user's budget is not what is tested here.
    refused.put("An ID token is required", without(provenCall("refused-1"), "Authorization"));
    refused.put("The ID token is not valid", provenCall("refused-2").header("Authorization", "Bearer "
        + proofServers.idToken(proofServers.rsa, "u", claims -> claims.audience("someone-else"))));
    refused.put("An App Check token is required", without(provenCall("refused-3"), "X-Firebase-AppCheck"));
    refused.put("The App Check token is not valid",
        provenCall("refused-4").header("X-Firebase-AppCheck", proofServers.idToken("u")));
    refused.put("A Turnstile token is required", without(provenCall("refused-5"), "X-Turnstile-Token"));
    refused.put("The Turnstile token has expired or was already used",
        provenCall("refused-6").header("X-Turnstile-Token", ProofServers.TURNSTILE_SPENT));
    for (Map.Entry<String, Call> each : refused.entrySet()) {
      Reply reply = send(env, each.getValue());
      assertRefused(reply, 401, each.getKey());
      assertCors(reply, 401);
      assertThat(reply.header("WWW-Authenticate")).as(each.getKey())
          .isEqualTo(!each.getKey().contains("ID token") ? null
              : each.getKey().contains("required") ? "Bearer" : "Bearer error=\"invalid_token\"");
    }
  }

  @Test
  void aVerifierThatCannotBeReachedIs503WithRetryAfter() throws Exception {
    Map<String, String> env = proofEnvironment();

    Reply reply = send(env, provenCall("contract-user-503").header("X-Turnstile-Token", ProofServers.TURNSTILE_DOWN));

    assertRefused(reply, 503, "cannot be checked now");
    assertThat(reply.header("Retry-After")).isEqualTo("10");
  }

  @Test
  void eachVerifiedUserHasABudget() throws Exception {
    Map<String, String> env = proofEnvironment();
    assertThat(send(env, provenCall("contract-user-budget")).status()).isEqualTo(200);
    assertThat(send(env, provenCall("contract-user-budget")).status()).isEqualTo(200);
    gemini.reset();

    Reply reply = send(env, provenCall("contract-user-budget"));

    assertRefused(reply, 429, "Too many requests for this user");
    assertThat(Long.parseLong(reply.header("Retry-After"))).isBetween(1L, 30L);
  }

  @Test
  void thePreflightAllowsTheConfiguredProofHeaders() throws Exception {
    Reply reply = send(proofEnvironment(), fromListed(Call.of("OPTIONS", "/api/token"))
        .header("Access-Control-Request-Method", "POST")
        .header("Access-Control-Request-Headers", "authorization,content-type,x-firebase-appcheck,x-turnstile-token"));

    assertThat(reply.status()).isEqualTo(204);
    assertThat(reply.header("Access-Control-Allow-Headers"))
        .isEqualTo("Content-Type, Authorization, X-Firebase-AppCheck, X-Turnstile-Token");
  }

  private static Call without(Call call, String header) {
    Map<String, String> headers = new LinkedHashMap<>(call.headers());
    headers.remove(header);
    return new Call(call.method(), call.path(), headers, call.body(), call.chunked());
  }

  // --- CORS -----------------------------------------------------------------------------------------

  @Test
  void preflightIs204WithTheCorsHeaders() throws Exception {
    Reply reply = send(Call.of("OPTIONS", "/api/token").header("Origin", "https://anywhere.example")
        .header("Access-Control-Request-Method", "POST").header("Access-Control-Request-Headers", "content-type"));

    assertThat(reply.status()).isEqualTo(204);
    assertThat(reply.body()).isEmpty();
    assertThat(reply.header("Access-Control-Allow-Origin")).isEqualTo("*");
    assertThat(reply.header("Access-Control-Allow-Methods")).isEqualTo("POST, OPTIONS");
    assertThat(reply.header("Access-Control-Allow-Headers")).containsIgnoringCase("Content-Type");
    assertThat(reply.header("Access-Control-Max-Age")).isEqualTo("7200");
    assertThat(gemini.tokenRequestCount()).isZero();
  }

  @Test
  void anAllowlistEchoesAListedOrigin() throws Exception {
    Reply reply = send(allowlist(), Call.post("{}").header("Origin", LISTED_ORIGIN));

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.header("Access-Control-Allow-Origin")).isEqualTo(LISTED_ORIGIN);
    assertThat(reply.header("Vary")).isEqualTo("Origin");
  }

  @Test
  void anAllowlistRefusesOtherOriginsWithoutCallingUpstream() throws Exception {
    for (String origin : new String[] {"https://evil.example", "null", "https://shop.example.evil.example",
        "http://shop.example", "https://shop.example:8443", "https://evil.shop.example", "https://evilshop.example",
        "https://shop.examplex", "https://shop.example.", "https://user@shop.example",
        "https://shop.example@evil.example", "wss://shop.example"}) {
      Reply post = send(allowlist(), Call.post("{}").header("Origin", origin));
      assertRefused(post, 403, "Origin not allowed");
      assertThat(post.header("Access-Control-Allow-Origin")).as(origin).isNull();
      assertThat(post.header("Vary")).as("a cached refusal is never served to another origin").isEqualTo("Origin");

      Reply preflight = send(allowlist(), Call.of("OPTIONS", "/api/token").header("Origin", origin)
          .header("Access-Control-Request-Method", "POST"));
      assertRefused(preflight, 403, "Origin not allowed");
      assertThat(preflight.header("Access-Control-Allow-Origin")).as(origin).isNull();
    }
  }

  @Test
  void everyErrorAnswerToAnAllowedOriginCarriesItsCorsHeaders() throws Exception {
    Map<String, String> listed = allowlist();
    assertCors(send(listed, fromListed(Call.post("{\"voice\": "))), 400);
    assertCors(send(listed, fromListed(Call.post("{\"voice\":\"Darth\"}"))), 400);
    assertCors(send(listed, fromListed(Call.post("{}").to("/api/tokens"))), 404);
    assertCors(send(listed, fromListed(Call.of("GET", "/api/token"))), 405);
    assertCors(send(listed, fromListed(Call.of("POST", "/healthz"))), 405);
    assertCors(send(listed, fromListed(Call.post("{\"siteKey\":\"" + " ".repeat(1024 * 1024) + "\"}"))), 413);
    gemini.answers(500, "{}");
    assertCors(send(listed, fromListed(Call.post("{}"))), 502);
    gemini.answers(429, "{}");
    assertCors(send(listed, fromListed(Call.post("{}"))), 503);
    // 504: aSlowUpstreamIs504, which waits out the timeout once for both

    Map<String, String> keylessAndLimited = new LinkedHashMap<>(listed);
    keylessAndLimited.put("GEMINI_API_KEY", "");
    keylessAndLimited.put("RATE_LIMIT_PER_MINUTE", "1");
    assertCors(send(keylessAndLimited, fromListed(Call.post("{}"))), 500);
    assertCors(send(keylessAndLimited, fromListed(Call.post("{}"))), 429);
  }

  @Test
  void errorAnswersUnderAnyOriginCarryTheWildcard() throws Exception {
    Map<Call, String> refusals = new LinkedHashMap<>();
    refusals.put(Call.post("[]"), "400 Request body must be a JSON object");
    refusals.put(Call.of("GET", "/api/token"), "405 Method not allowed");
    refusals.put(Call.of("GET", "/nowhere"), "404 Not found");
    for (Map.Entry<Call, String> refusal : refusals.entrySet()) {
      Reply reply = send(refusal.getKey().header("Origin", "https://anywhere.example"));
      assertThat(reply.status() + " " + reply.json().get("error").asText()).isEqualTo(refusal.getValue());
      assertThat(reply.header("Access-Control-Allow-Origin")).as(refusal.getValue()).isEqualTo("*");
    }
  }

  @Test
  void anAllowlistStillServesCallersWithoutAnOrigin() throws Exception {
    Reply reply = send(allowlist(), Call.post("{}"));

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.header("Access-Control-Allow-Origin")).isNull();
  }

  // --- upstream failures ----------------------------------------------------------------------------

  @Test
  void anUpstreamServerErrorIs502WithoutItsText() throws Exception {
    gemini.answers(500, "{\"error\":{\"code\":500,\"message\":\"internal detail 7781\"}}");

    assertUpstreamFailure(send(Call.post("{}")), 502, "Token creation failed");
  }

  @Test
  void anUpstreamClientErrorIs502WithoutItsText() throws Exception {
    gemini.answers(400, "{\"error\":{\"code\":400,\"message\":\"API key not valid 7781\"}}");

    assertUpstreamFailure(send(Call.post("{}")), 502, "Token creation failed");
  }

  @Test
  void anUpstreamRateLimitIs503WithRetryAfter() throws Exception {
    gemini.answers(429, "{\"error\":{\"code\":429,\"message\":\"quota 7781\"}}");

    Reply reply = send(Call.post("{}"));

    assertUpstreamFailure(reply, 503, "try again");
    assertThat(reply.header("Retry-After")).isEqualTo("10");
  }

  @Test
  @Tag(SLOW)
  void aSlowUpstreamIs504() throws Exception {
    assumeTrue(runsDoorWideCases());
    gemini.answersAfter(Duration.ofMillis(SLOW_CASES_TIMEOUT_MS + 1000));

    Reply reply = send(slowCasesEnvironment(), fromListed(Call.post("{}")));

    assertUpstreamFailure(reply, 504, "timed out");
    assertCors(reply, 504);
  }

  @Test
  @Tag(SLOW)
  void aSlowlyDribbledBodyIs504() throws Exception {
    assumeTrue(runsDoorWideCases());
    gemini.dribblesBodyOver(Duration.ofMillis(SLOW_CASES_TIMEOUT_MS + 1000));

    assertUpstreamFailure(send(slowCasesEnvironment(), Call.post("{}")), 504, "timed out");
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Fault.class)
  void aBrokenConnectionIs502(Fault fault) throws Exception {
    gemini.fails(fault);

    assertUpstreamFailure(send(Call.post("{}")), 502, "Token creation failed");
    gemini.reset();
    assertThat(send(Call.post("{}")).status()).as("still serving").isEqualTo(200);
  }

  @Test
  void anUnparsableAnswerIs502() throws Exception {
    gemini.answers(200, "<html>7781</html>");

    assertUpstreamFailure(send(Call.post("{}")), 502, "Token creation failed");
  }

  @Test
  void anAnswerWithoutATokenNameIs502() throws Exception {
    gemini.answers(200, "{\"uses\":1}");

    assertUpstreamFailure(send(Call.post("{}")), 502, "Token creation failed");
  }

  // --- configuration --------------------------------------------------------------------------------

  @Test
  void aMissingKeyIs500ButBadRequestsStillGetTheir400() throws Exception {
    Map<String, String> noKey = without("GEMINI_API_KEY");

    assertRefused(send(noKey, Call.post("{}")), 500, "Server configuration error");
    assertRefused(send(noKey, Call.post("{\"voice\":7}")), 400, "voice");
  }

  @Test
  void theRateLimitAnswers429WithRetryAfterAndIgnoresPreflights() throws Exception {
    Map<String, String> limited = with("RATE_LIMIT_PER_MINUTE", "2");
    for (int i = 0; i < 3; i++) {
      assertThat(send(limited, Call.of("OPTIONS", "/api/token")).status()).isEqualTo(204);
    }
    long started = System.nanoTime();
    assertThat(send(limited, Call.post("{}")).status()).isEqualTo(200);
    assertThat(send(limited, Call.post("{}")).status()).isEqualTo(200);

    Reply refused = send(limited, Call.post("{}"));

    assertThat(refused.status()).isEqualTo(429);
    double elapsedSeconds = (System.nanoTime() - started) / 1e9;
    assertThat(refused.json().get("error").asText()).isEqualTo("Too many requests");
    // Two a minute: a token comes back 30 s after the first was taken, which was at most elapsedSeconds ago
    // (plus the bucket clock's millisecond); Retry-After is those seconds rounded up.
    long earliest = (long) Math.ceil(30 - elapsedSeconds - 0.001);
    assertThat(Long.parseLong(refused.header("Retry-After"))).isBetween(Math.max(1, earliest), 30L);
    assertThat(gemini.tokenRequestCount()).isEqualTo(2);
  }

  @Test
  void theGlobalLimitIsReadByThisDoorAndRefusesBeforeAnythingElse() throws Exception {
    // Without a key every allowed request ends in a quick 500, so no refill happens between them.
    Map<String, String> limited = without("GEMINI_API_KEY");
    limited.put("GLOBAL_RATE_LIMIT_PER_MINUTE", "2");
    assertThat(send(limited, Call.post("{}")).status()).isEqualTo(500);
    assertThat(send(limited, Call.post("{}")).status()).isEqualTo(500);

    Reply refused = send(limited, Call.post("{}"));

    assertThat(refused.status()).isEqualTo(429);
    assertThat(refused.json().get("error").asText()).isEqualTo("Too many requests");
    assertThat(refused.header("Retry-After")).as("2 a minute: one back every 30 s").isEqualTo("30");
    assertThat(gemini.tokenRequestCount()).isZero();
  }

  // --- hostile input -------------------------------------------------------------------------------

  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.livetoken.contract.HostileInput#corpus")
  void hostileInputGetsA4xxOrAnHonest200AndTheEndpointKeepsServing(HostileInput input) throws Exception {
    assumeTrue(runsDoorWideCases());
    Reply reply = send(new Call("POST", "/api/token", Map.of("Content-Type", "application/json"), input.body()));

    if (input.accepted()) {
      assertThat(reply.status()).as(reply.body()).isEqualTo(200);
      assertThat(gemini.tokenRequestCount()).isEqualTo(1);
    } else {
      assertRefused(reply, input.status(), input.error());
    }
    assertThat(send(Call.post("{\"voice\":\"Puck\"}")).status()).as("a good request afterwards").isEqualTo(200);
  }

  // --- sessions: sessionMeta and /api/sessions/end ----------------------------------------------------

  @Test
  void theAnswerCarriesSessionMetaWithTheTimesLockedIntoTheToken() throws Exception {
    Reply reply = send(Call.post("{\"voice\":\"Puck\",\"pageContent\":\"Private page words 7781\"}"));

    assertThat(reply.status()).isEqualTo(200);
    JsonNode meta = reply.json().get("sessionMeta");
    JsonNode sent = gemini.onlyTokenRequestBody();
    assertThat(meta.fieldNames()).toIterable().containsExactly("sessionId", "expireTime", "newSessionExpireTime");
    assertThat(meta.get("expireTime").asText()).isEqualTo(sent.get("expireTime").asText());
    assertThat(meta.get("newSessionExpireTime").asText()).isEqualTo(sent.get("newSessionExpireTime").asText());
    assertThat(Duration.between(Instant.parse(meta.get("newSessionExpireTime").asText()),
        Instant.parse(meta.get("expireTime").asText()))).isEqualTo(Duration.ofMinutes(28));
    String sessionId = meta.get("sessionId").asText();
    assertThat(sessionId).matches("[A-Za-z0-9_-]{20,}\\.[A-Za-z0-9_-]{43}");
    String claims = new String(Base64.getUrlDecoder().decode(sessionId.split("\\.")[0]), StandardCharsets.UTF_8);
    assertThat(claims).contains("\"gemini-3.1-flash-live-preview\"", "\"Puck\"")
        .doesNotContain("Private page words", FakeGeminiApi.TOKEN_NAME, FakeGeminiApi.API_KEY);

    gemini.reset();
    String another = send(Call.post("{\"voice\":\"Puck\"}")).json().at("/sessionMeta/sessionId").asText();
    assertThat(another).as("a fresh id per token").isNotEqualTo(sessionId);
  }

  @Test
  void theWidgetsOwnCallsWorkWithoutSites() throws Exception {
    Reply token = send(widgetTokenCall("").header("Origin", "https://a.example"));
    assertThat(token.status()).as(token.body()).isEqualTo(200);
    Reply anyKey = send(Call.post("{\"siteKey\":\"anything\"}"));
    assertThat(anyKey.status()).as("without SITES a site key is ignored").isEqualTo(200);

    Reply preflight = send(Call.of("OPTIONS", "/api/sessions/end").header("Origin", "https://a.example")
        .header("Access-Control-Request-Method", "POST").header("Access-Control-Request-Headers", "content-type"));
    assertThat(preflight.status()).isEqualTo(204);
    assertThat(preflight.header("Access-Control-Allow-Origin")).isEqualTo("*");
    assertThat(preflight.header("Access-Control-Allow-Methods")).isEqualTo("POST, OPTIONS");
    assertThat(preflight.header("Access-Control-Allow-Headers")).containsIgnoringCase("Content-Type");

    Reply end = send(widgetEndCall("", token.json().at("/sessionMeta/sessionId").asText(), "0")
        .header("Origin", "https://a.example"));
    assertThat(end.status()).as(end.body()).isEqualTo(204);
    assertThat(end.body()).isEmpty();
    assertThat(end.header("Access-Control-Allow-Origin")).isEqualTo("*");
    assertThat(gemini.tokenRequestCount()).as("only the two tokens went upstream").isEqualTo(2);
  }

  @Test
  void aSessionIdVerifiesOnAnyInstanceWithTheSameKeyAndNoOther() throws Exception {
    String sessionId = send(Call.post("{}")).json().at("/sessionMeta/sessionId").asText();

    assertThat(send(with("MAX_BODY_BYTES", "1024"), widgetEndCall("", sessionId, "12")).status())
        .as("another instance, same API key").isEqualTo(204);
    assertRefusedAfterOneToken(send(sessionSecret(), widgetEndCall("", sessionId, "12")), 400, "'sessionId'");
  }

  @Test
  void aSessionEndWithABadFieldIs400NamingItWithoutAnUpstreamCall() throws Exception {
    Map<String, String> env = sessionSecret();
    String valid = issue(SessionIds.withSecret(SESSION_SECRET), "", Instant.now().plus(Duration.ofMinutes(25)));
    int inSignature = valid.indexOf('.') + 5;
    String tampered = valid.substring(0, inSignature) + (valid.charAt(inSignature) == 'A' ? 'B' : 'A')
        + valid.substring(inSignature + 1);
    String forged = issue(SessionIds.withSecret("another-secret-of-at-least-32-chars"), "",
        Instant.now().plus(Duration.ofMinutes(25)));
    String tooOld = issue(SessionIds.withSecret(SESSION_SECRET), "", Instant.now().minus(Duration.ofMinutes(11)));
    String[][] cases = {
        {"{}", "'sessionId'"},
        {"{\"duration\":3}", "'sessionId'"},
        {"{\"sessionId\":\"\",\"duration\":3}", "'sessionId'"},
        {"{\"sessionId\":7,\"duration\":3}", "'sessionId'"},
        {"{\"sessionId\":\"abc.def\",\"duration\":3}", "'sessionId'"},
        {"{\"sessionId\":\"" + tampered + "\",\"duration\":3}", "'sessionId'"},
        {"{\"sessionId\":\"" + forged + "\",\"duration\":3}", "'sessionId'"},
        {"{\"sessionId\":\"" + tooOld + "\",\"duration\":3}", "'sessionId'"},
        {"{\"sessionId\":\"" + valid + "\"}", "'duration'"},
        {"{\"sessionId\":\"" + valid + "\",\"duration\":null}", "'duration'"},
        {"{\"sessionId\":\"" + valid + "\",\"duration\":-1}", "'duration'"},
        {"{\"sessionId\":\"" + valid + "\",\"duration\":\"12\"}", "'duration'"},
        {"{\"sessionId\":\"" + valid + "\",\"duration\":true}", "'duration'"},
        {"{\"sessionId\":\"" + valid + "\",\"duration\":1800.5}", "'duration'"},
        {"{\"sessionId\":\"" + valid + "\",\"duration\":1e400}", "'duration'"},
        {"{\"sessionId\":\"" + valid + "\",\"duration\":3,\"siteKey\":5}", "'siteKey'"},
        {"{\"sessionId\":\"" + valid + "\",\"duration\":3,\"siteKey\":\"site-a\"}", "'siteKey'"},
        {"{\"sessionId\":\"" + valid + "\",\"duration\":", "not valid JSON"},
        {"[\"" + valid + "\"]", "JSON object"},
    };
    for (String[] bad : cases) {
      Reply reply = send(env, Call.endSession(bad[0]).header("Origin", "https://a.example"));
      assertRefused(reply, 400, bad[1]);
      assertThat(reply.header("Access-Control-Allow-Origin")).as(bad[0]).isEqualTo("*");
    }

    for (String duration : new String[] {"0", "1800", "12.5"}) {
      assertThat(send(env, widgetEndCall("", valid, duration)).status()).as(duration).isEqualTo(204);
    }
    String lateButInTime = issue(SessionIds.withSecret(SESSION_SECRET), "", Instant.now().minus(Duration.ofMinutes(9)));
    assertThat(send(env, widgetEndCall("", lateButInTime, "600")).status()).isEqualTo(204);
  }

  @Test
  void sessionEndsHaveTheCallersRateLimitInTheirOwnBuckets() throws Exception {
    Map<String, String> limited = new LinkedHashMap<>(sessionSecret());
    limited.put("RATE_LIMIT_PER_MINUTE", "3");
    String id = issue(SessionIds.withSecret(SESSION_SECRET), "", Instant.now().plus(Duration.ofMinutes(30)));
    for (int i = 0; i < 3; i++) {
      assertThat(send(limited, widgetEndCall("", id, "5")).status()).isEqualTo(204);
    }

    Reply refused = send(limited, widgetEndCall("", id, "5"));

    assertThat(refused.status()).isEqualTo(429);
    assertThat(refused.json().get("error").asText()).isEqualTo("Too many requests");
    assertThat(Integer.parseInt(refused.header("Retry-After"))).isBetween(1, 60);
    assertThat(send(limited, Call.post("{}")).status()).as("tokens are counted apart").isEqualTo(200);
  }

  @Test
  void sessionEndsKeepTheBodyLimitMethodsAndOriginPolicyOfTokens() throws Exception {
    assertRefused(send(with("MAX_BODY_BYTES", "1024"),
        Call.endSession("{\"sessionId\":\"" + "a".repeat(2000) + "\",\"duration\":1}")), 413, "1024 bytes");
    Reply get = send(Call.of("GET", "/api/sessions/end"));
    assertRefused(get, 405, "Method not allowed");
    assertThat(get.header("Allow")).isEqualTo("POST, OPTIONS");
    assertRefused(send(allowlist(), Call.endSession("{}").header("Origin", "https://evil.example")), 403,
        "Origin not allowed");
    assertRefused(send(allowlist(), Call.of("OPTIONS", "/api/sessions/end").header("Origin", "https://evil.example")
        .header("Access-Control-Request-Method", "POST")), 403, "Origin not allowed");
    Reply listed = send(allowlist(), Call.of("OPTIONS", "/api/sessions/end").header("Origin", LISTED_ORIGIN)
        .header("Access-Control-Request-Method", "POST"));
    assertThat(listed.status()).isEqualTo(204);
    assertThat(listed.header("Access-Control-Allow-Origin")).isEqualTo(LISTED_ORIGIN);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.livetoken.contract.HostileInput#corpus")
  void hostileInputToSessionEndGetsA4xxWithoutAnUpstreamCall(HostileInput input) throws Exception {
    assumeTrue(runsDoorWideCases());
    Reply reply = send(new Call("POST", "/api/sessions/end", Map.of("Content-Type", "application/json"),
        input.body()));

    // None of the corpus carries a session id, so even a body valid for tokens is refused here.
    assertRefused(reply, input.sessionEndStatus(), input.sessionEndError());
  }

  // --- sites: SITES binds a site key to its origins and budget -------------------------------------------

  @Test
  void aSiteKeyFromOneOfItsOriginsGetsATokenAndItsSessionCarriesTheSite() throws Exception {
    Reply reply = send(sites(), widgetTokenCall("site-a").header("Origin", "https://www.a.example"));

    assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    assertThat(reply.header("Access-Control-Allow-Origin")).isEqualTo("https://www.a.example");
    assertThat(reply.header("Vary")).isEqualTo("Origin");
    String sessionId = reply.json().at("/sessionMeta/sessionId").asText();
    assertThat(SessionIds.withSecret(SESSION_SECRET).verify(sessionId)).hasValueSatisfying(claims ->
        assertThat(claims.site()).isEqualTo("site-a"));

    Reply end = send(sites(), widgetEndCall("site-a", sessionId, "42").header("Origin", "https://www.a.example"));
    assertThat(end.status()).as(end.body()).isEqualTo(204);
    assertThat(end.header("Access-Control-Allow-Origin")).isEqualTo("https://www.a.example");
    assertThat(send(sites(), widgetEndCall("", sessionId, "42")).status()).isEqualTo(204);
    assertRefusedAfterOneToken(send(sites(), widgetEndCall("site-b", sessionId, "42")), 400, "'siteKey'");
  }

  @Test
  void withSitesATokenNeedsAKnownSiteKeyFromOneOfItsOrigins() throws Exception {
    String[][] cases = {
        {"{}", "https://a.example", "'siteKey'"},
        {"{\"siteKey\":\"\"}", "https://a.example", "'siteKey'"},
        {"{\"siteKey\":\"site-z\"}", "https://a.example", "'siteKey'"},
        {"{\"siteKey\":\"SITE-A\"}", "https://a.example", "'siteKey'"},
        {"{\"siteKey\":[\"site-a\"]}", "https://a.example", "'siteKey'"},
        {"{\"siteKey\":\"site-a\"}", "https://b.example", "Origin not allowed for this site key"},
        {"{\"siteKey\":\"site-a\"}", null, "Origin not allowed for this site key"},
    };
    for (String[] bad : cases) {
      Call call = Call.post(bad[0]);
      Reply reply = send(sites(), bad[1] == null ? call : call.header("Origin", bad[1]));
      assertRefused(reply, 403, bad[2]);
      assertThat(reply.header("Access-Control-Allow-Origin")).as(bad[0]).isEqualTo(bad[1]);
    }
    Reply elsewhere = send(sites(), Call.post("{\"siteKey\":\"site-a\"}").header("Origin", "https://evil.example"));
    assertRefused(elsewhere, 403, "Origin not allowed");
    assertThat(elsewhere.header("Access-Control-Allow-Origin")).isNull();
  }

  @Test
  void withSitesThePreflightAnswersExactlyTheSitesOrigins() throws Exception {
    Reply site = send(sites(), Call.of("OPTIONS", "/api/token").header("Origin", "https://b.example")
        .header("Access-Control-Request-Method", "POST").header("Access-Control-Request-Headers", "content-type"));
    assertThat(site.status()).isEqualTo(204);
    assertThat(site.header("Access-Control-Allow-Origin")).isEqualTo("https://b.example");

    assertRefused(send(sites(), Call.of("OPTIONS", "/api/token").header("Origin", "https://c.example")
        .header("Access-Control-Request-Method", "POST")), 403, "Origin not allowed");
  }

  @Test
  void eachSiteHasItsOwnBudget() throws Exception {
    Call budgeted = Call.post("{\"siteKey\":\"site-budget\"}").header("Origin", "https://budget.example");
    assertThat(send(sites(), budgeted).status()).isEqualTo(200);
    assertThat(send(sites(), budgeted).status()).isEqualTo(200);

    Reply refused = send(sites(), budgeted);

    assertThat(refused.status()).isEqualTo(429);
    assertThat(refused.json().get("error").asText()).isEqualTo("Too many requests for this site");
    assertThat(Integer.parseInt(refused.header("Retry-After"))).isBetween(1, 60);
    assertThat(refused.header("Access-Control-Allow-Origin")).isEqualTo("https://budget.example");
    assertThat(gemini.tokenRequestCount()).isEqualTo(2);
    assertThat(send(sites(), Call.post("{\"siteKey\":\"site-b\"}").header("Origin", "https://b.example")).status())
        .as("another site is not affected").isEqualTo(200);
  }

  // --- helpers --------------------------------------------------------------------------------------

  protected static final String SESSION_SECRET = "contract-session-secret-0123456789abcdef";

  /** Standard settings with a session secret, so that tests can sign ids of their own. */
  protected Map<String, String> sessionSecret() {
    return with("SESSION_SECRET", SESSION_SECRET);
  }

  /** Three sites (site-budget with a budget of 2 per minute) and a session secret. */
  protected Map<String, String> sites() {
    Map<String, String> env = new LinkedHashMap<>(sessionSecret());
    env.put("SITES", """
        {"site-a": {"origins": ["https://a.example", "https://www.a.example"]},
         "site-b": {"origins": ["https://b.example"], "ratePerMinute": 0},
         "site-budget": {"origins": ["https://budget.example"], "ratePerMinute": 2}}""");
    return env;
  }

  /** The widget's token request, its keys in its order; {@code siteKey} only when it has one, as it sends it. */
  protected static Call widgetTokenCall(String siteKey) {
    String page = "Intro [sec-1] Prices [img-1] ".repeat(300).substring(0, 6000) + "...";
    return Call.post("{\"model\":\"gemini-3.1-flash-live-preview\",\"voice\":\"Kore\",\"lang\":\"auto\","
        + "\"pageTitle\":\"Pricing\",\"pageUrl\":\"https://www.a.example/pricing\",\"pageContent\":\"" + page + "\","
        + "\"interactiveHighlights\":true" + (siteKey.isEmpty() ? "" : ",\"siteKey\":\"" + siteKey + "\"") + "}");
  }

  /** The widget's session-end report: {@code "siteKey": ""} when it has none, whole seconds. */
  protected static Call widgetEndCall(String siteKey, String sessionId, String duration) {
    return Call.endSession("{\"siteKey\":\"" + siteKey + "\",\"sessionId\":\"" + sessionId + "\",\"duration\":"
        + duration + "}");
  }

  protected static String issue(SessionIds ids, String site, Instant expireTime) {
    return ids.issue(new SessionClaims(site, LiveModels.DEFAULT, "Kore", expireTime, SessionIds.newNonce()));
  }

  protected Map<String, String> allowlist() {
    return with("ALLOWED_ORIGINS", LISTED_ORIGIN + ", http://localhost:8080");
  }

  private Map<String, String> slowCasesEnvironment() {
    Map<String, String> env = new LinkedHashMap<>(allowlist());
    env.put("UPSTREAM_TIMEOUT_MS", Long.toString(SLOW_CASES_TIMEOUT_MS));
    return env;
  }

  private static Call fromListed(Call call) {
    return call.header("Origin", LISTED_ORIGIN);
  }

  /** An error answer a page from the listed origin can read: without it the browser shows no error text. */
  private static void assertCors(Reply reply, int status) {
    assertThat(reply.status()).as(reply.body()).isEqualTo(status);
    assertThat(reply.json().get("error").asText()).isNotBlank();
    assertThat(reply.header("Access-Control-Allow-Origin")).as(status + " answer").isEqualTo(LISTED_ORIGIN);
    assertThat(reply.header("Vary")).as(status + " answer").isEqualTo("Origin");
  }

  /** A JSON error with this status, mentioning {@code expected}, and no upstream call. */
  protected void assertRefused(Reply reply, int status, String expected) {
    assertThat(reply.status()).as(reply.body()).isEqualTo(status);
    assertThat(reply.header("Content-Type")).startsWith("application/json");
    assertThat(reply.json().get("error").asText()).contains(expected);
    assertThat(gemini.tokenRequestCount()).as("upstream calls").isZero();
  }

  /** As {@link #assertRefused}, in a test that minted exactly one token before. */
  protected void assertRefusedAfterOneToken(Reply reply, int status, String expected) {
    assertThat(reply.status()).as(reply.body()).isEqualTo(status);
    assertThat(reply.json().get("error").asText()).contains(expected);
    assertThat(gemini.tokenRequestCount()).as("upstream calls").isEqualTo(1);
  }

  protected void assertUpstreamFailure(Reply reply, int status, String expected) {
    assertThat(reply.status()).as(reply.body()).isEqualTo(status);
    assertThat(reply.header("Content-Type")).startsWith("application/json");
    assertThat(reply.json().get("error").asText()).contains(expected);
    assertThat(reply.body()).doesNotContain("7781").doesNotContain("Exception");
    // SDK retries are off (it would make 5 attempts). OkHttp itself may retry once when a pooled
    // keep-alive connection dies under the request, which a reset or empty answer looks like.
    assertThat(gemini.tokenRequestCount()).as("attempts upstream").isBetween(1, 2);
  }

  protected static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static Set<String> caseInsensitive(String... names) {
    return caseInsensitive(Set.of(names));
  }

  private static Set<String> caseInsensitive(Set<String> names) {
    Set<String> set = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
    set.addAll(names);
    return set;
  }
}
