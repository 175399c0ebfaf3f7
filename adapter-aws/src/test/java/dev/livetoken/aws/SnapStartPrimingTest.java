package dev.livetoken.aws;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.livetoken.contract.Call;
import dev.livetoken.contract.FakeGeminiApi;
import java.lang.ref.Reference;
import java.lang.ref.WeakReference;
import dev.livetoken.contract.RedisServer;
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
    // The priming and the proxy function's reconnect on restore; the Spring door's context registers one more:
    // Spring's own lifecycle processor takes part in checkpoints.
    int own = door == SpringTokenHandler.class ? 3 : 2;
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

  @ParameterizedTest
  @ValueSource(classes = {TokenHandler.class, SpringTokenHandler.class})
  void aRestoreOpensAFreshRedisConnectionBeforeTheFirstRequest(Class<?> door) throws Exception {
    try (RedisServer redis = RedisServer.started()) {
      RequestStreamHandler handler = LambdaRuntime.newHandler(door.getName(), Map.of(
          "GEMINI_API_KEY", FakeGeminiApi.API_KEY, "GEMINI_BASE_URL", gemini.baseUrl(),
          "RATE_LIMIT_PER_MINUTE", "1", "REDIS_URL", redis.url(), "REDIS_TIMEOUT_MS", "3000"));
      // The snapshot's connection dies with the Redis it was opened to; the one restored to is a new process.
      redis.kill();
      redis.start();

      org.crac.Core.checkpointRestore();
      long started = System.nanoTime();
      int first = status(handler, "203.0.113.20");
      long firstMs = (System.nanoTime() - started) / 1_000_000;

      assertThat(first).isEqualTo(200);
      assertThat(firstMs).as("no wait for a dead connection (REDIS_TIMEOUT_MS)").isLessThan(3000);
      io.lettuce.core.RedisClient client = io.lettuce.core.RedisClient.create(redis.url());
      try (var connection = client.connect()) {
        assertThat(connection.sync().exists("live-token:caller:203.0.113.20")).as("counted in Redis").isOne();
      } finally {
        client.shutdown();
      }
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
