package dev.livetoken.aws;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.livetoken.contract.Call;
import dev.livetoken.contract.FakeGeminiApi;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.TestInstance;

/** Priming before a SnapStart snapshot, in both doors: no upstream call, nothing used up, the handler serving after it. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SnapStartPrimingTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private FakeGeminiApi gemini;

  @BeforeAll
  void startFakeGemini() {
    gemini = new FakeGeminiApi();
  }

  @BeforeEach
  void resetFakeGemini() {
    gemini.reset();
  }

  @AfterAll
  void stopFakeGemini() {
    gemini.close();
  }

  @ParameterizedTest
  @ValueSource(classes = {TokenHandler.class, SpringTokenHandler.class})
  void beforeCheckpointCallsNoUpstreamAndLeavesTheHandlerServing(Class<?> door) throws Exception {
    PrimedHandler handler = newHandler(door);

    handler.priming().beforeCheckpoint(null);
    handler.priming().afterRestore(null);

    assertThat(gemini.tokenRequestCount()).isZero();
    byte[] output = LambdaRuntime.invoke(handler, EventShape.HTTP_API.event(Call.post("{}")));
    assertThat(EventShape.HTTP_API.reply(output).status())
        .as("a real client's first request, under a limit of 1 per minute").isEqualTo(200);
    assertThat(gemini.tokenRequestCount()).isEqualTo(1);
  }

  @ParameterizedTest
  @ValueSource(classes = {TokenHandler.class, SpringTokenHandler.class})
  void everyPrimingRequestEndsBeforeTheUpstream(Class<?> door) throws Exception {
    PrimedHandler handler = newHandler(door);
    List<Integer> statuses = new ArrayList<>();

    for (String event : SnapStartPriming.EVENTS) {
      byte[] output = LambdaRuntime.invoke(handler, event.getBytes(StandardCharsets.UTF_8));
      statuses.add(JSON.readTree(output).get("statusCode").asInt());
    }

    assertThat(statuses).containsExactly(204, 400, 400, 200);
    assertThat(gemini.tokenRequestCount()).isZero();
  }

  private PrimedHandler newHandler(Class<?> door) throws Exception {
    return (PrimedHandler) LambdaRuntime.newHandler(door.getName(), Map.of("GEMINI_API_KEY", FakeGeminiApi.API_KEY,
        "GEMINI_BASE_URL", gemini.baseUrl(), "RATE_LIMIT_PER_MINUTE", "1"));
  }
}
