package dev.livetoken.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.livetoken.contract.FakeGeminiApi;
import dev.livetoken.core.sessions.SessionIds;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The exact request the real SDK sends for our sessions, captured by the fake Gemini API. */
class GenAiTokenMinterTest {

  private static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");
  private static final ObjectMapper JSON = new ObjectMapper();
  @RegisterExtension static final FakeGeminiApi gemini = new FakeGeminiApi();

  private TokenFunction function;

  @BeforeEach
  void setUp() {
    Settings settings = Settings.from(Map.of(
        "GEMINI_API_KEY", FakeGeminiApi.API_KEY, "GEMINI_BASE_URL", gemini.baseUrl())::get);
    function = new TokenFunction(settings,
        new SystemPrompt(PromptTemplate.fromResource("voice-assistant.md"), () -> "n0nce"),
        new GenAiTokenMinter(settings, Clock.fixed(NOW, ZoneOffset.UTC)));
  }

  @Test
  void theDefaultRequestIsExactlyThis() throws Exception {
    TokenResponse response = function.apply(TokenRequest.empty());

    assertThat(response.token()).isEqualTo(FakeGeminiApi.TOKEN_NAME);
    assertThat(gemini.onlyTokenRequestBody()).isEqualTo(JSON.readTree("""
        {"uses": 1,
         "expireTime": "2026-11-26T12:30:00Z",
         "newSessionExpireTime": "2026-11-26T12:02:00Z",
         "bidiGenerateContentSetup": {
           "model": "models/gemini-3.1-flash-live-preview",
           "generationConfig": {
             "responseModalities": ["AUDIO"],
             "speechConfig": {"voiceConfig": {"prebuiltVoiceConfig": {"voiceName": "Kore"}}},
             "thinkingConfig": {"thinkingLevel": "LOW"}},
           "inputAudioTranscription": {},
           "outputAudioTranscription": {}}}"""));
    var request = gemini.tokenRequests().get(0);
    assertThat(request.getUrl()).isEqualTo("/v1alpha/auth_tokens");
    assertThat(request.getHeader("x-goog-api-key")).isEqualTo(FakeGeminiApi.API_KEY);
  }

  @Test
  void aPageRequestWithHighlightsIsExactlyThis() throws Exception {
    TokenRequest page = new TokenRequest("gemini-live-2.5-flash-preview", "Aoede", "pt-BR", "Loja",
        "https://loja.example/", "Tênis por 40 reais. {{lang}}", true);

    function.apply(page);

    String prompt = function.session(page).systemInstruction().orElseThrow();
    assertThat(gemini.onlyTokenRequestBody()).isEqualTo(JSON.readTree("""
        {"uses": 1,
         "expireTime": "2026-11-26T12:30:00Z",
         "newSessionExpireTime": "2026-11-26T12:02:00Z",
         "bidiGenerateContentSetup": {
           "model": "models/gemini-live-2.5-flash-preview",
           "generationConfig": {
             "responseModalities": ["AUDIO"],
             "speechConfig": {"voiceConfig": {"prebuiltVoiceConfig": {"voiceName": "Aoede"}}},
             "thinkingConfig": {"thinkingLevel": "LOW"}},
           "systemInstruction": {"role": "user", "parts": [{"text": %s}]},
           "tools": [{"functionDeclarations": [{
             "name": "highlight_and_scroll",
             "description": "Scrolls the page to a section or image and highlights it while you talk about it.",
             "parameters": {"type": "OBJECT", "required": ["elementId"], "properties": {
               "elementId": {"type": "STRING", "description": "The id of the section or image, such as sec-1 or img-3."}}}}]}],
           "inputAudioTranscription": {},
           "outputAudioTranscription": {}}}""".formatted(JSON.writeValueAsString(prompt))));
    assertThat(prompt)
        .contains("Reply in Portuguese (Brazil).")
        .contains("\nTênis por 40 reais. {{lang}}\n")
        .contains("highlight_and_scroll");
  }

  @Test
  void theAnswerHoldsExactlyTheTimesSentAndAnIdSignedWithAKeyFromTheApiKey() {
    Settings settings = Settings.from(Map.of(
        "GEMINI_API_KEY", FakeGeminiApi.API_KEY, "GEMINI_BASE_URL", gemini.baseUrl())::get);
    TokenFunction subSecond = new TokenFunction(settings, SystemPrompt.standard(),
        new GenAiTokenMinter(settings, Clock.fixed(NOW.plusMillis(987), ZoneOffset.UTC)));

    TokenResponse response = subSecond.apply(new TokenRequest(null, "Puck", null, null, null, null, null, "site-a"));

    assertThat(gemini.onlyTokenRequestBody().get("expireTime").asText()).isEqualTo("2026-11-26T12:30:00Z");
    assertThat(gemini.onlyTokenRequestBody().get("newSessionExpireTime").asText()).isEqualTo("2026-11-26T12:02:00Z");
    assertThat(response.sessionMeta().expireTime()).isEqualTo(Instant.parse("2026-11-26T12:30:00Z"));
    assertThat(response.sessionMeta().newSessionExpireTime()).isEqualTo(Instant.parse("2026-11-26T12:02:00Z"));
    assertThat(SessionIds.withSecret(FakeGeminiApi.API_KEY).verify(response.sessionMeta().sessionId()))
        .hasValueSatisfying(claims -> {
          assertThat(claims.site()).as("no sites configured: no site signed in").isEmpty();
          assertThat(claims.model()).isEqualTo("gemini-3.1-flash-live-preview");
          assertThat(claims.voice()).isEqualTo("Puck");
          assertThat(claims.expireTime()).isEqualTo(Instant.parse("2026-11-26T12:30:00Z"));
        });
  }

  @Test
  void eachUpstreamFailureIsClassified() {
    gemini.answers(429, "{\"error\":{\"code\":429,\"message\":\"quota\"}}");
    assertMintingFails(MintingException.Reason.UPSTREAM_RATE_LIMITED, 429);
    gemini.answers(403, "{\"error\":{\"code\":403,\"message\":\"denied\"}}");
    assertMintingFails(MintingException.Reason.UPSTREAM_FAILED, 403);
    gemini.fails(com.github.tomakehurst.wiremock.http.Fault.CONNECTION_RESET_BY_PEER);
    assertMintingFails(MintingException.Reason.UPSTREAM_FAILED, 0);
    gemini.answers(200, "{\"name\":\" \"}");
    assertMintingFails(MintingException.Reason.UPSTREAM_FAILED, 200);
  }

  @Test
  void anAnswerSlowerThanTheTimeoutIsATimeout() {
    Settings quick = Settings.from(Map.of("GEMINI_API_KEY", FakeGeminiApi.API_KEY,
        "GEMINI_BASE_URL", gemini.baseUrl(), "UPSTREAM_TIMEOUT_MS", "300")::get);
    GenAiTokenMinter minter = new GenAiTokenMinter(quick, Clock.fixed(NOW, ZoneOffset.UTC));
    minter.awaitReady();
    gemini.answersAfter(java.time.Duration.ofMillis(1500));

    assertThatThrownBy(() -> minter.mint(new LiveSession(Settings.DEFAULT_MODEL, "Kore", java.util.Optional.empty(), false)))
        .isInstanceOfSatisfying(MintingException.class,
            e -> assertThat(e.reason()).isEqualTo(MintingException.Reason.UPSTREAM_TIMEOUT));
  }

  private void assertMintingFails(MintingException.Reason reason, int upstreamStatus) {
    assertThatThrownBy(() -> function.apply(TokenRequest.empty())).isInstanceOfSatisfying(MintingException.class, e -> {
      assertThat(e.reason()).isEqualTo(reason);
      assertThat(e.upstreamStatus()).isEqualTo(upstreamStatus);
    });
  }

  @Test
  void highlightsOffSendsNoTool() {
    function.apply(new TokenRequest(null, null, null, null, null, "Some page", false));

    assertThat(gemini.onlyTokenRequestBody().get("bidiGenerateContentSetup").has("tools")).isFalse();
  }
}
