package dev.livetoken.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Runtime API stand-in, spoken to as a runtime does: plain HTTP on loopback. */
class RuntimeApiStandInTest {

  private static final Duration WAIT = Duration.ofSeconds(30);

  private final HttpClient http = HttpClient.newHttpClient();
  private RuntimeApiStandIn runtimeApi;

  @BeforeEach
  void start() throws Exception {
    runtimeApi = new RuntimeApiStandIn(Duration.ofSeconds(20));
  }

  @AfterEach
  void stop() {
    runtimeApi.close();
    http.close();
  }

  @Test
  void nextHandsOutTheEventWithLambdasHeadersAndTheResponseComesBack() throws Exception {
    long before = System.currentTimeMillis();
    CompletableFuture<RuntimeApiStandIn.Outcome> outcome = invokeLater("{\"n\":1}");

    HttpResponse<String> next = get("/2018-06-01/runtime/invocation/next");
    String id = next.headers().firstValue("Lambda-Runtime-Aws-Request-Id").orElseThrow();
    HttpResponse<String> posted = post("/2018-06-01/runtime/invocation/" + id + "/response", "{\"statusCode\":200}", null);

    assertThat(next.statusCode()).isEqualTo(200);
    assertThat(next.body()).isEqualTo("{\"n\":1}");
    assertThat(Long.parseLong(next.headers().firstValue("Lambda-Runtime-Deadline-Ms").orElseThrow()))
        .isBetween(before + 20_000, System.currentTimeMillis() + 20_000);
    assertThat(next.headers().firstValue("Lambda-Runtime-Invoked-Function-Arn")).hasValue(RuntimeApiStandIn.FUNCTION_ARN);
    assertThat(next.headers().firstValue("Lambda-Runtime-Trace-Id").orElseThrow())
        .matches("Root=1-[0-9a-f]{8}-[0-9a-f]{24};Parent=[0-9a-f]{16};Sampled=0");
    assertThat(posted.statusCode()).isEqualTo(202);
    RuntimeApiStandIn.Outcome result = outcome.get();
    assertThat(result.requestId()).isEqualTo(id);
    assertThat(new String(result.response(), StandardCharsets.UTF_8)).isEqualTo("{\"statusCode\":200}");
    assertThat(result.error()).isNull();
  }

  @Test
  void anInvocationErrorIsCollectedWithItsType() throws Exception {
    CompletableFuture<RuntimeApiStandIn.Outcome> outcome = invokeLater("{}");
    String id = get("/2018-06-01/runtime/invocation/next").headers().firstValue("Lambda-Runtime-Aws-Request-Id")
        .orElseThrow();

    String report = "{\"errorMessage\":\"boom\",\"errorType\":\"java.io.IOException\"}";
    assertThat(post("/2018-06-01/runtime/invocation/" + id + "/error", report, "Runtime.Unknown").statusCode())
        .isEqualTo(202);

    RuntimeApiStandIn.Outcome result = outcome.get();
    assertThat(result.response()).isNull();
    assertThat(result.error()).isEqualTo(new RuntimeApiStandIn.ReportedError("Runtime.Unknown", report));
  }

  @Test
  void anInitErrorIsCollected() throws Exception {
    String report = "{\"errorMessage\":\"X must be a number\",\"errorType\":\"java.lang.IllegalArgumentException\"}";

    assertThat(runtimeApi.initErrorReported()).isFalse();
    assertThat(post("/2018-06-01/runtime/init/error", report, "Runtime.BadFunctionCode").statusCode()).isEqualTo(202);

    assertThat(runtimeApi.initErrorReported()).isTrue();
    assertThat(runtimeApi.initError(WAIT))
        .isEqualTo(new RuntimeApiStandIn.ReportedError("Runtime.BadFunctionCode", report));
  }

  @Test
  void aResponseToAnEventNotHandedOutIsRefused() throws Exception {
    HttpResponse<String> posted = post("/2018-06-01/runtime/invocation/no-such-id/response", "{}", null);

    assertThat(posted.statusCode()).isEqualTo(400);
    assertThat(posted.body()).contains("InvalidRequestID");
  }

  @Test
  void whenTheRuntimeIsGoneTheWaitingInvocationFailsAtOnce() {
    CompletableFuture<RuntimeApiStandIn.Outcome> outcome = invokeLater("{}");

    runtimeApi.runtimeGone("the function's process exited with code 1");

    assertThatThrownBy(outcome::join).hasMessageContaining("exited with code 1");
  }

  private CompletableFuture<RuntimeApiStandIn.Outcome> invokeLater(String event) {
    return CompletableFuture.supplyAsync(() -> {
      try {
        return runtimeApi.invoke(event.getBytes(StandardCharsets.UTF_8), WAIT);
      } catch (Exception e) {
        throw new IllegalStateException(e.getMessage(), e);
      }
    });
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(HttpRequest.newBuilder(uri(path)).timeout(WAIT).build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> post(String path, String body, String errorType) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).timeout(WAIT)
        .POST(HttpRequest.BodyPublishers.ofString(body));
    if (errorType != null) {
      request.header("Lambda-Runtime-Function-Error-Type", errorType);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private URI uri(String path) {
    return URI.create("http://" + runtimeApi.address() + path);
  }
}
