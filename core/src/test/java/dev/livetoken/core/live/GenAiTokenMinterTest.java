package dev.livetoken.core.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.http.Fault;
import dev.livetoken.contract.FakeGeminiApi;
import dev.livetoken.core.Settings;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The exact request the real SDK sends for each kind of session, captured by the fake Gemini API. */
class GenAiTokenMinterTest {

  private static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");
  private static final ObjectMapper JSON = new ObjectMapper();
  @RegisterExtension static final FakeGeminiApi gemini = new FakeGeminiApi();

  private static final String TIMES = """
      "uses": 1, "expireTime": "2026-11-26T12:30:00Z", "newSessionExpireTime": "2026-11-26T12:02:00Z",
      """;
  private static final String AUDIO_IN_KORE = """
      "responseModalities": ["AUDIO"],
      "speechConfig": {"voiceConfig": {"prebuiltVoiceConfig": {"voiceName": "Kore"}}}""";
  private static final String TRANSCRIPTIONS_RESUMPTION_COMPRESSION = """
      "inputAudioTranscription": {}, "outputAudioTranscription": {},
      "sessionResumption": {}, "contextWindowCompression": {"slidingWindow": {}}""";

  private static GenAiTokenMinter minter(String... settings) {
    Map<String, String> env = new HashMap<>(Map.of(
        "GEMINI_API_KEY", FakeGeminiApi.API_KEY, "GEMINI_BASE_URL", gemini.baseUrl()));
    for (int i = 0; i < settings.length; i += 2) {
      env.put(settings[i], settings[i + 1]);
    }
    return new GenAiTokenMinter(Settings.from(env::get), Clock.fixed(NOW, ZoneOffset.UTC));
  }

  private static LiveSession session(String model) {
    return new LiveSession(model, "Kore", Optional.empty(), false);
  }

  private static JsonNode json(String text) throws Exception {
    return JSON.readTree(text);
  }

  @Test
  void theSeedsDefaultModelIsTodaysTokenWithResumptionAndCompression() throws Exception {
    MintedToken token = minter().mint(session(LiveModels.DEFAULT));

    assertThat(token).isEqualTo(new MintedToken(FakeGeminiApi.TOKEN_NAME,
        Instant.parse("2026-11-26T12:30:00Z"), Instant.parse("2026-11-26T12:02:00Z")));
    assertThat(gemini.onlyTokenRequestBody()).isEqualTo(json("{" + TIMES + """
        "bidiGenerateContentSetup": {
          "model": "models/gemini-3.1-flash-live-preview",
          "generationConfig": {%s, "thinkingConfig": {"thinkingLevel": "LOW"}},
          %s}}""".formatted(AUDIO_IN_KORE, TRANSCRIPTIONS_RESUMPTION_COMPRESSION)));
    var request = gemini.tokenRequests().get(0);
    assertThat(request.getUrl()).isEqualTo("/v1alpha/auth_tokens");
    assertThat(request.getHeader("x-goog-api-key")).isEqualTo(FakeGeminiApi.API_KEY);
  }

  @Test
  void gemini38LiveTakesNoThinkingConfigAndABlockingHighlightTool() throws Exception {
    minter().mint(new LiveSession("gemini-3.8-live", "Kore", Optional.of("The prompt."), true));

    assertThat(gemini.onlyTokenRequestBody()).isEqualTo(json("{" + TIMES + """
        "bidiGenerateContentSetup": {
          "model": "models/gemini-3.8-live",
          "generationConfig": {%s},
          "systemInstruction": {"role": "user", "parts": [{"text": "The prompt."}]},
          "tools": [{"functionDeclarations": [{
            "behavior": "BLOCKING",
            "name": "highlight_and_scroll",
            "description": "Scrolls the page to a section or image and highlights it while you talk about it.",
            "parameters": {"type": "OBJECT", "required": ["elementId"], "properties": {
              "elementId": {"type": "STRING", "description": "The id of the section or image, such as sec-1 or img-3."}}}}]}],
          %s}}""".formatted(AUDIO_IN_KORE, TRANSCRIPTIONS_RESUMPTION_COMPRESSION)));
  }

  @Test
  void theSeedsModelDeclaresTheHighlightToolWithoutABehaviour() {
    minter().mint(new LiveSession(LiveModels.DEFAULT, "Kore", Optional.of("The prompt."), true));

    JsonNode declaration = gemini.onlyTokenRequestBody().at("/bidiGenerateContentSetup/tools/0/functionDeclarations/0");
    assertThat(declaration.get("name").asText()).isEqualTo("highlight_and_scroll");
    assertThat(declaration.has("behavior")).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"low", "MEDIUM", "High"})
  void extendedThinkingTakesTheConfiguredLevel(String level) {
    minter("THINKING_LEVEL", level).mint(session("gemini-3.8-live-extended-thinking"));

    assertThat(gemini.onlyTokenRequestBody().at("/bidiGenerateContentSetup/generationConfig/thinkingConfig"))
        .isEqualTo(JSON.createObjectNode().put("thinkingLevel", level.toUpperCase(java.util.Locale.ROOT)));
  }

  @Test
  void extendedThinkingIsLowByDefault() {
    minter().mint(session("gemini-3.8-live-extended-thinking"));

    assertThat(gemini.onlyTokenRequestBody().at("/bidiGenerateContentSetup/generationConfig/thinkingConfig/thinkingLevel")
        .asText()).isEqualTo("LOW");
  }

  @Test
  void theNativeAudioPreviewsTakeNoThinkingLevel() {
    minter().mint(session("gemini-2.5-flash-native-audio-preview-12-2025"));

    JsonNode generation = gemini.onlyTokenRequestBody().at("/bidiGenerateContentSetup/generationConfig");
    assertThat(generation.has("thinkingConfig")).isFalse();
  }

  @Test
  void aModelTheTableDoesNotListGetsNothingModelSpecific() throws Exception {
    gemini.alsoServes("gemini-4.0-live-preview");
    minter("ALLOWED_MODELS", "gemini-4.0-live-preview").mint(
        new LiveSession("gemini-4.0-live-preview", "Kore", Optional.of("P"), true));

    JsonNode setup = gemini.onlyTokenRequestBody().get("bidiGenerateContentSetup");
    assertThat(setup.get("model").asText()).isEqualTo("models/gemini-4.0-live-preview");
    assertThat(setup.get("generationConfig")).isEqualTo(json("{" + AUDIO_IN_KORE + "}"));
    assertThat(setup.at("/tools/0/functionDeclarations/0/name").asText()).isEqualTo("highlight_and_scroll");
    assertThat(setup.at("/tools/0/functionDeclarations/0").has("behavior")).isFalse();
  }

  @Test
  void aSessionHandleIsLockedIntoTheToken() {
    minter().mint(new LiveSession("gemini-3.8-live", "Kore", Optional.empty(), false, Optional.of("Cj4KOAoQ-_h4nd1e")));

    assertThat(gemini.onlyTokenRequestBody().at("/bidiGenerateContentSetup/sessionResumption"))
        .isEqualTo(JSON.createObjectNode().put("handle", "Cj4KOAoQ-_h4nd1e"));
  }

  @Test
  void resumptionAndCompressionEachTurnOff() {
    minter("SESSION_RESUMPTION", "false").mint(session("gemini-3.8-live"));
    JsonNode setup = gemini.onlyTokenRequestBody().get("bidiGenerateContentSetup");
    assertThat(setup.has("sessionResumption")).isFalse();
    assertThat(setup.get("contextWindowCompression").toString()).isEqualTo("{\"slidingWindow\":{}}");

    gemini.reset();
    minter("CONTEXT_COMPRESSION", "false").mint(session("gemini-3.8-live"));
    setup = gemini.onlyTokenRequestBody().get("bidiGenerateContentSetup");
    assertThat(setup.has("contextWindowCompression")).isFalse();
    assertThat(setup.get("sessionResumption").toString()).isEqualTo("{}");
  }

  @Test
  void theTimesLockedInAreWholeSecondsAndTheAnswerCarriesThem() {
    Settings settings = Settings.from(Map.of(
        "GEMINI_API_KEY", FakeGeminiApi.API_KEY, "GEMINI_BASE_URL", gemini.baseUrl())::get);
    GenAiTokenMinter subSecond = new GenAiTokenMinter(settings, Clock.fixed(NOW.plusMillis(987), ZoneOffset.UTC));

    MintedToken token = subSecond.mint(session(LiveModels.DEFAULT));

    assertThat(gemini.onlyTokenRequestBody().get("expireTime").asText()).isEqualTo("2026-11-26T12:30:00Z");
    assertThat(gemini.onlyTokenRequestBody().get("newSessionExpireTime").asText()).isEqualTo("2026-11-26T12:02:00Z");
    assertThat(token.expireTime()).isEqualTo(Instant.parse("2026-11-26T12:30:00Z"));
    assertThat(token.newSessionExpireTime()).isEqualTo(Instant.parse("2026-11-26T12:02:00Z"));
  }

  @Test
  void eachUpstreamFailureIsClassified() {
    GenAiTokenMinter minter = minter();
    gemini.answers(429, "{\"error\":{\"code\":429,\"message\":\"quota\"}}");
    assertMintingFails(minter, MintingException.Reason.UPSTREAM_RATE_LIMITED, 429);
    gemini.answers(403, "{\"error\":{\"code\":403,\"message\":\"denied\"}}");
    assertMintingFails(minter, MintingException.Reason.UPSTREAM_FAILED, 403);
    gemini.fails(Fault.CONNECTION_RESET_BY_PEER);
    assertMintingFails(minter, MintingException.Reason.UPSTREAM_FAILED, 0);
    gemini.answers(200, "{\"name\":\" \"}");
    assertMintingFails(minter, MintingException.Reason.UPSTREAM_FAILED, 200);
  }

  @Test
  void aSetupGoogleRefusesIsAnUpstreamFailure() {
    assertMintingFails(minter("ALLOWED_MODELS", "gemini-2.0-flash-live-001"), session("gemini-2.0-flash-live-001"),
        MintingException.Reason.UPSTREAM_FAILED, 400);
    assertThat(gemini.refusals()).containsExactly("model gemini-2.0-flash-live-001 was shut down");
  }

  @Test
  void anAnswerSlowerThanTheTimeoutIsATimeout() {
    GenAiTokenMinter minter = minter("UPSTREAM_TIMEOUT_MS", "300");
    minter.awaitReady();
    gemini.answersAfter(Duration.ofMillis(1500));

    assertMintingFails(minter, MintingException.Reason.UPSTREAM_TIMEOUT, 0);
  }

  @Test
  void highlightsOffSendsNoTool() {
    minter().mint(new LiveSession("gemini-3.8-live", "Kore", Optional.of("Some page"), false));

    assertThat(gemini.onlyTokenRequestBody().get("bidiGenerateContentSetup").has("tools")).isFalse();
  }

  private static void assertMintingFails(GenAiTokenMinter minter, MintingException.Reason reason, int status) {
    assertMintingFails(minter, session(LiveModels.DEFAULT), reason, status);
  }

  private static void assertMintingFails(GenAiTokenMinter minter, LiveSession session, MintingException.Reason reason,
      int upstreamStatus) {
    assertThatThrownBy(() -> minter.mint(session)).isInstanceOfSatisfying(MintingException.class, e -> {
      assertThat(e.reason()).isEqualTo(reason);
      assertThat(e.upstreamStatus()).isEqualTo(upstreamStatus);
    });
  }
}
