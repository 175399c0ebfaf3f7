package dev.livetoken.aws;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.livetoken.contract.Call;
import dev.livetoken.contract.EmfRules;
import dev.livetoken.contract.FakeGeminiApi;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Both Lambda doors write CloudWatch's embedded metrics and the invocation's X-Ray id into the request line. */
class LambdaTelemetryTest {

  @RegisterExtension static final FakeGeminiApi gemini = new FakeGeminiApi();

  private static final String XRAY = "1-5759e988-bd862e3fe1be46a994272793";

  static List<String> handlers() {
    return LambdaDoor.documented().stream().map(door -> door.handler().replace("::handleRequest", "")).toList();
  }

  @ParameterizedTest
  @MethodSource("handlers")
  void eachLineIsEmfWithTheInvocationsXrayTraceId(String handlerClass) throws Exception {
    String previous = System.getProperty(LambdaProxyFunction.XRAY_TRACE_PROPERTY);
    long before = System.currentTimeMillis();
    List<String> lines;
    try {
      lines = requestLines(handlerClass, Map.of(), handler -> {
        System.setProperty(LambdaProxyFunction.XRAY_TRACE_PROPERTY, "Root=" + XRAY + ";Parent=53995c3f42cd8ad8;Sampled=1");
        LambdaRuntime.invoke(handler, EventShape.HTTP_API.event(Call.post("{}")));
        LambdaRuntime.invoke(handler, EventShape.HTTP_API.event(Call.post("{\"voice\":1}")));
        System.clearProperty(LambdaProxyFunction.XRAY_TRACE_PROPERTY);
        // Without the runtime's property, the front end's header on the event (the recorded REST event has one).
        LambdaRuntime.invoke(handler, EventShape.REST_API.event(Call.post("{}")));
        LambdaRuntime.invoke(handler, EventShape.HTTP_API.event(Call.post("{}").header("X-Amzn-Trace-Id", "garbage")));
      });
    } finally {
      restore(previous);
    }
    long after = System.currentTimeMillis();

    assertThat(lines).hasSize(4);
    for (String line : lines) {
      EmfRules.metricNames(line, before, after);
    }
    assertThat(EmfRules.metricNames(lines.get(0), before, after)).contains("Tokens", "UpstreamLatency");
    JsonNode minted = new ObjectMapper().readTree(lines.get(0));
    assertThat(minted.get("Tokens").asInt()).isEqualTo(1);
    assertThat(minted.get("adapter").asText()).isEqualTo("aws");
    assertThat(minted.get("xrayTraceId").asText()).isEqualTo(XRAY);
    JsonNode refused = new ObjectMapper().readTree(lines.get(1));
    assertThat(refused.get("Refusals").asInt()).isEqualTo(1);
    assertThat(refused.get("outcome").asText()).isEqualTo("invalid_request");
    assertThat(new ObjectMapper().readTree(lines.get(2)).get("xrayTraceId").asText())
        .isEqualTo("1-6745a0c1-2b9f0a7c4d1e8f3a5b6c7d8e");
    assertThat(new ObjectMapper().readTree(lines.get(3)).has("xrayTraceId")).isFalse();
  }

  @ParameterizedTest
  @MethodSource("handlers")
  void metricsFalseLeavesTheLineWithoutEmf(String handlerClass) throws Exception {
    List<String> lines = requestLines(handlerClass, Map.of("METRICS", "false"),
        handler -> LambdaRuntime.invoke(handler, EventShape.HTTP_API.event(Call.post("{}"))));

    JsonNode line = new ObjectMapper().readTree(lines.getFirst());
    assertThat(line.get("status").asInt()).isEqualTo(200);
    assertThat(line.has("_aws")).isFalse();
    assertThat(line.has("Tokens")).isFalse();
    assertThat(line.has("outcome")).isFalse();
  }

  private interface Invocations {
    void run(RequestStreamHandler handler) throws Exception;
  }

  /** The core's request lines the handler printed, constructed with these settings besides the fake's. */
  private static List<String> requestLines(String handlerClass, Map<String, String> extra, Invocations invocations)
      throws Exception {
    Map<String, String> settings = new HashMap<>(Map.of("GEMINI_API_KEY", FakeGeminiApi.API_KEY,
        "GEMINI_BASE_URL", gemini.baseUrl(), "RATE_LIMIT_PER_MINUTE", "0"));
    settings.putAll(extra);
    PrintStream out = System.out;
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    System.setOut(new PrintStream(buffer, true, StandardCharsets.UTF_8));
    try {
      invocations.run(LambdaRuntime.newHandler(handlerClass, settings));
    } finally {
      System.setOut(out);
    }
    List<String> lines = new ArrayList<>();
    for (String line : buffer.toString(StandardCharsets.UTF_8).split("\n")) {
      if (line.contains("\"message\":\"token request\"")) {
        lines.add(line);
      }
    }
    return lines;
  }

  private static void restore(String previous) {
    if (previous == null) {
      System.clearProperty(LambdaProxyFunction.XRAY_TRACE_PROPERTY);
    } else {
      System.setProperty(LambdaProxyFunction.XRAY_TRACE_PROPERTY, previous);
    }
  }
}
