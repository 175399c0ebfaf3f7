package dev.livetoken.aws;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.livetoken.contract.Call;
import dev.livetoken.contract.FakeGeminiApi;
import java.lang.ref.Reference;
import java.lang.ref.WeakReference;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

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
  void theSnapshotRunsThePrimingThroughCracsGlobalContext(Class<?> door) throws Exception {
    assertThat(System.getProperty("org.crac.Core.Compat")).as("the build binds org.crac to the test's CRaC")
        .isEqualTo(dev.livetoken.aws.crac.Core.class.getPackageName());
    int registered = dev.livetoken.aws.crac.Core.registrations();
    RequestStreamHandler handler = newHandler(door);
    // The Spring door's context registers one more: Spring's own lifecycle processor takes part in checkpoints.
    int own = door == SpringTokenHandler.class ? 2 : 1;
    assertThat(dev.livetoken.aws.crac.Core.registrations()).as("the handler registers its priming")
        .isEqualTo(registered + own);

    // CRaC holds its resources weakly: the handler must hold its priming through a collection before the snapshot.
    collectWeaklyReachable();
    // As SnapStart does before its snapshot: through org.crac's global context, never the hook itself.
    org.crac.Core.checkpointRestore();

    assertThat(gemini.tokenRequestCount()).isZero();
    // The priming POSTs came from 127.0.0.2 and 127.0.0.3 and took their one token a minute: the mark they left.
    assertThat(status(handler, "127.0.0.2")).as("priming ran in this handler").isEqualTo(429);
    assertThat(status(handler, "203.0.113.10"))
        .as("a real client's first request, under a limit of 1 per minute").isEqualTo(200);
    assertThat(gemini.tokenRequestCount()).isEqualTo(1);
  }

  @ParameterizedTest
  @ValueSource(classes = {TokenHandler.class, SpringTokenHandler.class})
  void everyPrimingRequestEndsBeforeTheUpstream(Class<?> door) throws Exception {
    RequestStreamHandler handler = newHandler(door);
    List<Integer> statuses = new ArrayList<>();

    for (String event : SnapStartPriming.EVENTS) {
      byte[] output = LambdaRuntime.invoke(handler, event.getBytes(StandardCharsets.UTF_8));
      statuses.add(JSON.readTree(output).get("statusCode").asInt());
    }

    assertThat(statuses).containsExactly(204, 400, 400, 200);
    assertThat(gemini.tokenRequestCount()).isZero();
  }

  @Test
  void thePrimingSendsEveryEventInTurnWithItsOwnContext() throws Exception {
    List<String> seen = Collections.synchronizedList(new ArrayList<>());
    SnapStartPriming priming = SnapStartPriming.register((input, output, context) -> {
      assertThat(context.getAwsRequestId()).isEqualTo("snapstart-priming");
      seen.add(new String(input.readAllBytes(), StandardCharsets.UTF_8));
    });

    org.crac.Core.checkpointRestore();

    assertThat(seen).containsExactlyElementsOf(SnapStartPriming.EVENTS).hasSize(4);
    Reference.reachabilityFence(priming);
  }

  /** Returns once a collection has cleared a weak reference, as one before a checkpoint may. */
  private static void collectWeaklyReachable() {
    WeakReference<Object> canary = new WeakReference<>(new Object());
    while (canary.get() != null) {
      System.gc();
    }
  }

  private static int status(RequestStreamHandler handler, String clientIp) throws Exception {
    byte[] output = LambdaRuntime.invoke(handler, EventShape.HTTP_API.event(Call.post("{}"), clientIp));
    return EventShape.HTTP_API.reply(output).status();
  }

  private RequestStreamHandler newHandler(Class<?> door) throws Exception {
    return LambdaRuntime.newHandler(door.getName(), Map.of("GEMINI_API_KEY", FakeGeminiApi.API_KEY,
        "GEMINI_BASE_URL", gemini.baseUrl(), "RATE_LIMIT_PER_MINUTE", "1"));
  }
}
