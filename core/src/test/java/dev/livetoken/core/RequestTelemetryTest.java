package dev.livetoken.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.livetoken.contract.EmfRules;
import dev.livetoken.contract.FakeGeminiApi;
import dev.livetoken.core.telemetry.RequestObserver.Observation;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What the request line tells a metrics collector and a trace viewer, read the way they read it. */
class RequestTelemetryTest {

  @RegisterExtension static final FakeGeminiApi gemini = new FakeGeminiApi();

  private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final ByteArrayOutputStream captured = new ByteArrayOutputStream();

  @Test
  void withEmbeddedMetricsEachLineIsValidEmfCountingTokensAndRefusals() throws Exception {
    TokenEndpoint endpoint = endpoint(Map.of("METRICS_NAMESPACE", "Widgets/Prod"));
    endpoint.embedMetrics();
    long before = System.currentTimeMillis();

    endpoint.handle(post("{}", Map.of()));
    endpoint.handle(post("{\"voice\":1}", Map.of()));
    endpoint.handle(new EndpointRequest("aws", "GET", "/healthz", Map.of(), null, "127.0.0.1"));
    List<String> lines = lines();
    long after = System.currentTimeMillis();

    assertThat(lines).hasSize(3);
    assertThat(EmfRules.metricNames(lines.get(0), before, after))
        .containsExactlyInAnyOrder("Tokens", "Refusals", "Latency", "UpstreamLatency");
    assertThat(EmfRules.metricNames(lines.get(1), before, after))
        .as("no upstream call, no upstream latency").containsExactlyInAnyOrder("Tokens", "Refusals", "Latency");
    EmfRules.metricNames(lines.get(2), before, after);
    JsonNode minted = JSON.readTree(lines.get(0));
    JsonNode refused = JSON.readTree(lines.get(1));
    JsonNode health = JSON.readTree(lines.get(2));
    assertThat(minted.at("/_aws/CloudWatchMetrics/0/Namespace").asText()).isEqualTo("Widgets/Prod");
    assertThat(minted.at("/_aws/CloudWatchMetrics/0/Dimensions").toString())
        .isEqualTo("[[\"adapter\"],[\"adapter\",\"outcome\"]]");
    assertThat(minted.at("/_aws/CloudWatchMetrics/0/Metrics").toString()).isEqualTo("[{\"Name\":\"Tokens\",\"Unit\":"
        + "\"Count\"},{\"Name\":\"Refusals\",\"Unit\":\"Count\"},{\"Name\":\"Latency\",\"Unit\":\"Milliseconds\"},"
        + "{\"Name\":\"UpstreamLatency\",\"Unit\":\"Milliseconds\"}]");
    assertThat(minted.get("outcome").asText()).isEqualTo("minted");
    assertThat(minted.get("Tokens").asInt()).isEqualTo(1);
    assertThat(minted.get("Refusals").asInt()).isZero();
    assertThat(minted.get("UpstreamLatency").asLong()).isEqualTo(minted.get("upstreamMs").asLong());
    assertThat(minted.get("Latency").asLong()).isEqualTo(minted.get("latencyMs").asLong());
    assertThat(refused.get("outcome").asText()).isEqualTo("invalid_request");
    assertThat(refused.get("Tokens").asInt()).isZero();
    assertThat(refused.get("Refusals").asInt()).isEqualTo(1);
    assertThat(health.get("outcome").asText()).isEqualTo("ok");
    assertThat(health.get("Tokens").asInt()).isZero();
    assertThat(health.get("Refusals").asInt()).isZero();
  }

  @Test
  void theDefaultNamespaceIsLiveTokenAndMetricsFalseLeavesTheLineAsItWas() throws Exception {
    TokenEndpoint emf = endpoint(Map.of());
    emf.embedMetrics();
    emf.handle(post("{}", Map.of()));
    assertThat(JSON.readTree(lines().get(0)).at("/_aws/CloudWatchMetrics/0/Namespace").asText())
        .isEqualTo("LiveToken");
    captured.reset();

    TokenEndpoint off = endpoint(Map.of("METRICS", "false"));
    off.embedMetrics();
    off.handle(post("{}", Map.of()));
    TokenEndpoint plain = endpoint(Map.of());
    plain.handle(post("{}", Map.of()));

    List<String> lines = lines();
    assertThat(JSON.readTree(lines.get(0)).fieldNames()).toIterable().containsExactly("time", "severity",
        "message", "requestId", "adapter", "method", "path", "status", "latencyMs", "upstreamMs");
    assertThat(JSON.readTree(lines.get(1)).fieldNames()).toIterable()
        .as("without embedMetrics, the same line").containsExactlyElementsOf(() -> fieldNames(lines.get(0)));
  }

  @Test
  void traceparentGoesInCloudLoggingsTraceFieldsWhenTheProjectIsKnown() throws Exception {
    TokenEndpoint endpoint = endpoint(Map.of("GOOGLE_CLOUD_PROJECT", "my-project-7"));

    endpoint.handle(post("{}", Map.of("traceparent", "00-" + TRACE + "-00f067aa0ba902b7-01")));
    endpoint.handle(post("{\"voice\":1}", Map.of("X-Cloud-Trace-Context", TRACE + "/12345678901234567890;o=0")));
    endpoint.handle(post("{}", Map.of("X-Cloud-Trace-Context", TRACE)));

    List<String> lines = lines();
    JsonNode w3c = JSON.readTree(lines.get(0));
    assertThat(w3c.get("logging.googleapis.com/trace").asText()).isEqualTo("projects/my-project-7/traces/" + TRACE);
    assertThat(w3c.get("logging.googleapis.com/spanId").asText()).isEqualTo("00f067aa0ba902b7");
    assertThat(w3c.get("logging.googleapis.com/trace_sampled").isBoolean()).isTrue();
    assertThat(w3c.get("logging.googleapis.com/trace_sampled").asBoolean()).isTrue();
    assertThat(w3c.has("traceId")).isFalse();
    JsonNode google = JSON.readTree(lines.get(1));
    assertThat(google.get("logging.googleapis.com/trace").asText()).isEqualTo("projects/my-project-7/traces/" + TRACE);
    assertThat(google.get("logging.googleapis.com/spanId").asText()).isEqualTo("ab54a98ceb1f0ad2");
    assertThat(google.get("logging.googleapis.com/trace_sampled").asBoolean()).isFalse();
    JsonNode traceOnly = JSON.readTree(lines.get(2));
    assertThat(traceOnly.get("logging.googleapis.com/trace").asText()).endsWith(TRACE);
    assertThat(traceOnly.has("logging.googleapis.com/spanId")).isFalse();
    assertThat(traceOnly.has("logging.googleapis.com/trace_sampled")).isFalse();
  }

  @Test
  void withoutAProjectTheIdsArePlainFieldsAndGarbageIsNeverCopied() throws Exception {
    TokenEndpoint endpoint = endpoint(Map.of());

    endpoint.handle(post("{}", Map.of("traceparent", "00-" + TRACE + "-00f067aa0ba902b7-01")));
    endpoint.handle(post("{}", Map.of("X-Cloud-Trace-Context", TRACE + "/1;o=1")));
    endpoint.handle(post("{}", Map.of("traceparent", "00-EVIL\"injected-01",
        "X-Cloud-Trace-Context", "evil-trace/1;o=1")));
    endpoint.handle(post("{}", Map.of("X-Cloud-Trace-Context", TRACE)));

    List<String> lines = lines();
    JsonNode w3c = JSON.readTree(lines.get(0));
    assertThat(w3c.get("traceId").asText()).isEqualTo(TRACE);
    assertThat(w3c.get("spanId").asText()).isEqualTo("00f067aa0ba902b7");
    assertThat(w3c.has("logging.googleapis.com/trace")).isFalse();
    assertThat(JSON.readTree(lines.get(1)).get("spanId").asText()).isEqualTo("0000000000000001");
    JsonNode garbage = JSON.readTree(lines.get(2));
    assertThat(garbage.has("traceId")).isFalse();
    assertThat(garbage.has("spanId")).isFalse();
    assertThat(lines.get(2)).doesNotContain("EVIL", "evil", "injected");
    JsonNode traceOnly = JSON.readTree(lines.get(3));
    assertThat(traceOnly.get("traceId").asText()).isEqualTo(TRACE);
    assertThat(traceOnly.has("spanId")).isFalse();
    assertThat(traceOnly.has("trace_sampled")).isFalse();
  }

  @Test
  void theXrayTraceIdIsWrittenAsGivenAndAMalformedOneIsDropped() throws Exception {
    TokenEndpoint endpoint = endpoint(Map.of());

    endpoint.handle(post("{}", Map.of())
        .withXrayTrace("Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1"));
    endpoint.handle(post("{}", Map.of()).withXrayTrace("Root=not-a-trace"));
    endpoint.handle(post("{}", Map.of()));

    List<String> lines = lines();
    assertThat(JSON.readTree(lines.get(0)).get("xrayTraceId").asText()).isEqualTo("1-5759e988-bd862e3fe1be46a994272793");
    assertThat(JSON.readTree(lines.get(1)).has("xrayTraceId")).isFalse();
    assertThat(lines.get(1)).doesNotContain("not-a-trace");
    assertThat(JSON.readTree(lines.get(2)).has("xrayTraceId")).isFalse();
  }

  @Test
  void anObserverHearsEachOutcomeWithItsTimes() {
    TokenEndpoint endpoint = endpoint(Map.of());
    List<Observation> heard = new ArrayList<>();
    endpoint.observe(heard::add);

    endpoint.handle(post("{}", Map.of()));
    endpoint.handle(post("{\"voice\":1}", Map.of()));
    gemini.answers(503, "{\"error\":{\"message\":\"down\"}}");
    endpoint.handle(post("{}", Map.of()));
    endpoint.handle(new EndpointRequest("test", "OPTIONS", "/api/token", Map.of(), null, "127.0.0.1"));

    assertThat(heard).extracting(Observation::outcome)
        .containsExactly("minted", "invalid_request", "upstream_failed_503", "ok");
    assertThat(heard.get(0).upstreamMs()).isNotNegative();
    assertThat(heard.get(0).latencyMs()).isGreaterThanOrEqualTo(heard.get(0).upstreamMs());
    assertThat(heard.get(1).upstreamMs()).isNegative();
    assertThat(heard.get(2).upstreamMs()).isNotNegative();
    assertThat(heard.get(3).upstreamMs()).isNegative();
    assertThat(endpoint.limitsShared()).as("no Redis: counted here").isFalse();
    assertThat(endpoint.limitFallbacks()).isZero();
  }

  @Test
  void aMalformedNamespaceOrProjectStopsStartUpNamingIt() {
    for (String namespace : List.of("AWS/Lambda", "bad\"quote", "x".repeat(256))) {
      assertThatThrownBy(() -> settings(Map.of("METRICS_NAMESPACE", namespace)))
          .hasMessageStartingWith("METRICS_NAMESPACE must be");
    }
    assertThat(settings(Map.of("METRICS_NAMESPACE", "a.b-c_d/e#f:g h")).telemetry().namespace())
        .isEqualTo("a.b-c_d/e#f:g h");
    assertThat(settings(Map.of("METRICS_NAMESPACE", "x".repeat(255))).telemetry().namespace()).hasSize(255);
    assertThatThrownBy(() -> settings(Map.of("METRICS", "yes"))).hasMessage("METRICS must be true or false");
    assertThatThrownBy(() -> settings(Map.of("GOOGLE_CLOUD_PROJECT", "my project/x")))
        .hasMessage("GOOGLE_CLOUD_PROJECT must be a project id");
    assertThat(settings(Map.of("GOOGLE_CLOUD_PROJECT", "example.com:my-project")).telemetry().project())
        .hasValue("example.com:my-project");
    assertThat(settings(Map.of()).telemetry().metrics()).isTrue();
  }

  private static Settings settings(Map<String, String> extra) {
    Map<String, String> all = new HashMap<>(Map.of("GEMINI_API_KEY", FakeGeminiApi.API_KEY,
        "GEMINI_BASE_URL", gemini.baseUrl(), "RATE_LIMIT_PER_MINUTE", "0"));
    all.putAll(extra);
    return Settings.from(all::get);
  }

  private TokenEndpoint endpoint(Map<String, String> extra) {
    Settings settings = settings(extra);
    return new TokenEndpoint(settings, TokenFunction.create(settings),
        new PrintStream(captured, true, StandardCharsets.UTF_8));
  }

  private List<String> lines() {
    return List.of(captured.toString(StandardCharsets.UTF_8).strip().split("\n"));
  }

  private static java.util.Iterator<String> fieldNames(String line) {
    try {
      return JSON.readTree(line).fieldNames();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static EndpointRequest post(String json, Map<String, String> headers) {
    return new EndpointRequest("aws", "POST", "/api/token", headers,
        new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), "127.0.0.1");
  }
}
