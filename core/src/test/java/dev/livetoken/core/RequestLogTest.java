package dev.livetoken.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.livetoken.contract.FakeGeminiApi;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** One JSON line per request, with nothing secret or private in it. */
class RequestLogTest {

  @RegisterExtension static final FakeGeminiApi gemini = new FakeGeminiApi();

  @Test
  void logsOneLinePerRequestWithoutKeyTokenOrPage() throws Exception {
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    Settings settings = Settings.from(Map.of(
        "GEMINI_API_KEY", FakeGeminiApi.API_KEY, "GEMINI_BASE_URL", gemini.baseUrl())::get);
    TokenEndpoint endpoint = new TokenEndpoint(settings, TokenFunction.create(settings),
        new PrintStream(captured, true, StandardCharsets.UTF_8));

    endpoint.handle(post("{\"pageTitle\":\"Secret Sale\",\"pageContent\":\"private page text\"}"));
    gemini.answers(503, "{\"error\":{\"message\":\"backend down\"}}");
    endpoint.handle(post("{}"));
    endpoint.handle(post("{\"voice\":1}"));

    String log = captured.toString(StandardCharsets.UTF_8);
    String[] lines = log.strip().split("\n");
    assertThat(lines).hasSize(3);
    JsonNode ok = new ObjectMapper().readTree(lines[0]);
    assertThat(ok.get("severity").asText()).isEqualTo("INFO");
    assertThat(ok.get("adapter").asText()).isEqualTo("test");
    assertThat(ok.get("status").asInt()).isEqualTo(200);
    assertThat(ok.get("requestId").asText()).isNotBlank();
    assertThat(ok.get("latencyMs").asLong()).isNotNegative();
    assertThat(ok.get("upstreamMs").asLong()).isNotNegative();
    JsonNode failed = new ObjectMapper().readTree(lines[1]);
    assertThat(failed.get("status").asInt()).isEqualTo(502);
    assertThat(failed.get("error").asText()).isEqualTo("upstream_failed_503");
    assertThat(new ObjectMapper().readTree(lines[2]).get("error").asText()).isEqualTo("invalid_request");
    assertThat(log).doesNotContain(FakeGeminiApi.API_KEY, FakeGeminiApi.TOKEN_NAME, "Secret Sale",
        "private page text", "backend down");
  }

  @Test
  void anAcceptedSessionEndIsOneUsageLineAndTheTokenLineNamesTheSite() throws Exception {
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    Settings settings = Settings.from(Map.of(
        "GEMINI_API_KEY", FakeGeminiApi.API_KEY, "GEMINI_BASE_URL", gemini.baseUrl(),
        "SITES", "{\"site-a\": {\"origins\": [\"https://a.example\"]}}")::get);
    TokenEndpoint endpoint = new TokenEndpoint(settings, TokenFunction.create(settings),
        new PrintStream(captured, true, StandardCharsets.UTF_8));

    EndpointResponse token = endpoint.handle(post("/api/token",
        "{\"voice\":\"Puck\",\"siteKey\":\"site-a\",\"pageContent\":\"private page text\"}"));
    String sessionId = new ObjectMapper().readTree(token.bodyText()).at("/sessionMeta/sessionId").asText();
    endpoint.handle(post("/api/sessions/end", "{\"siteKey\":\"\",\"sessionId\":\"" + sessionId + "\",\"duration\":0}"));
    endpoint.handle(post("/api/sessions/end", "{\"sessionId\":\"" + sessionId + "\",\"duration\":-4}"));
    endpoint.handle(post("/api/sessions/end", "{\"sessionId\":\"" + sessionId + "\",\"duration\":12.5}"));

    String log = captured.toString(StandardCharsets.UTF_8);
    String[] lines = log.strip().split("\n");
    assertThat(lines).hasSize(4);
    JsonNode minted = new ObjectMapper().readTree(lines[0]);
    assertThat(minted.get("status").asInt()).isEqualTo(200);
    assertThat(minted.get("site").asText()).isEqualTo("site-a");
    assertThat(minted.has("event")).isFalse();
    JsonNode usage = new ObjectMapper().readTree(lines[1]);
    assertThat(usage.fieldNames()).toIterable().containsExactly("time", "severity", "message", "event",
        "requestId", "adapter", "method", "path", "status", "latencyMs", "sessionId", "site", "model", "voice",
        "duration");
    assertThat(usage.get("severity").asText()).isEqualTo("INFO");
    assertThat(usage.get("message").asText()).isEqualTo("session end");
    assertThat(usage.get("event").asText()).isEqualTo("session_end");
    assertThat(usage.get("path").asText()).isEqualTo("/api/sessions/end");
    assertThat(usage.get("status").asInt()).isEqualTo(204);
    assertThat(usage.get("sessionId").asText()).isEqualTo(sessionId);
    assertThat(usage.get("site").asText()).isEqualTo("site-a");
    assertThat(usage.get("model").asText()).isEqualTo("gemini-3.1-flash-live-preview");
    assertThat(usage.get("voice").asText()).isEqualTo("Puck");
    assertThat(usage.get("duration").isIntegralNumber()).isTrue();
    assertThat(usage.get("duration").asLong()).isZero();
    JsonNode refused = new ObjectMapper().readTree(lines[2]);
    assertThat(refused.get("status").asInt()).isEqualTo(400);
    assertThat(refused.has("event")).as("a refused report is no usage").isFalse();
    assertThat(refused.has("sessionId")).isFalse();
    assertThat(new ObjectMapper().readTree(lines[3]).get("duration").asDouble()).isEqualTo(12.5);
    assertThat(log).doesNotContain(FakeGeminiApi.API_KEY, FakeGeminiApi.TOKEN_NAME, "private page text");
    assertThat(log.split("session_end", -1)).as("one usage line per accepted report").hasSize(3);
  }

  @Test
  void requestLogFalseSilencesUsageLinesToo() throws Exception {
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    Settings settings = Settings.from(Map.of("GEMINI_API_KEY", FakeGeminiApi.API_KEY,
        "GEMINI_BASE_URL", gemini.baseUrl(), "REQUEST_LOG", "false")::get);
    TokenEndpoint endpoint = new TokenEndpoint(settings, TokenFunction.create(settings),
        new PrintStream(captured, true, StandardCharsets.UTF_8));
    String sessionId = new ObjectMapper().readTree(endpoint.handle(post("{}")).bodyText())
        .at("/sessionMeta/sessionId").asText();

    EndpointResponse ended = endpoint.handle(post("/api/sessions/end",
        "{\"sessionId\":\"" + sessionId + "\",\"duration\":5}"));

    assertThat(ended.status()).isEqualTo(204);
    assertThat(captured.size()).isZero();
  }

  @Test
  void saysOnceAtStartUpThatTheKeyIsMissing() {
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    Settings settings = Settings.from(Map.of("REQUEST_LOG", "false")::get);
    TokenEndpoint endpoint = new TokenEndpoint(settings, TokenFunction.create(settings),
        new PrintStream(captured, true, StandardCharsets.UTF_8));

    endpoint.handle(post("{}"));
    endpoint.handle(post("{}"));

    assertThat(captured.toString(StandardCharsets.UTF_8).strip().split("\n"))
        .singleElement().asString().contains("GEMINI_API_KEY is not set");
  }

  private static EndpointRequest post(String json) {
    return post("/api/token", json);
  }

  private static EndpointRequest post(String path, String json) {
    return new EndpointRequest("test", "POST", path, Map.of("Origin", "https://a.example"),
        new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), "127.0.0.1");
  }
}
