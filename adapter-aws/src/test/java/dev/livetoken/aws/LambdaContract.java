package dev.livetoken.aws;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.livetoken.contract.Call;
import dev.livetoken.contract.ContractTarget;
import dev.livetoken.contract.FakeGeminiApi;
import dev.livetoken.contract.Reply;
import dev.livetoken.contract.TokenContract;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The shared contract cases through the Lambda handler, with one front end's events; plus what only an
 * adapter can get wrong: which client address reaches the rate limit. One execution environment per
 * configuration, for all the cases. In-process, the cases that exercise the door as a whole are left to
 * {@link RuntimeClientContractIT}, which runs them once per door: how an event kind is read does not change them.
 */
abstract class LambdaContract extends TokenContract {

  private final Map<Map<String, String>, ExecutionEnvironment> environments = new HashMap<>();

  /** The front end whose events this class sends. */
  abstract EventShape shape();

  /** The door under test: template.yaml's default handler unless a subclass names the other. */
  String handlerClass() {
    return SamTemplate.load().handlerClass();
  }

  /** Starts an execution environment with these settings; by default the in-process stand-in. */
  ExecutionEnvironment startEnvironment(Map<String, String> settings) throws Exception {
    RequestStreamHandler handler = LambdaRuntime.newHandler(handlerClass(), settings);
    return event -> LambdaRuntime.invoke(handler, event);
  }

  /** The execution environment for these settings, started on first use. */
  final ExecutionEnvironment environment(Map<String, String> settings) throws Exception {
    ExecutionEnvironment environment = environments.get(settings);
    if (environment == null) {
      environment = startEnvironment(settings);
      environments.put(Map.copyOf(settings), environment);
    }
    return environment;
  }

  @AfterAll
  void stopTheEnvironments() {
    environments.values().forEach(ExecutionEnvironment::close);
    environments.clear();
  }

  /** Finds the environment at each call, so that {@link #stopTheEnvironments()} can start afresh. */
  @Override
  protected ContractTarget start(Map<String, String> settings) {
    return call -> shape().reply(environment(settings).invoke(shape().event(call)));
  }

  @Override
  protected boolean runsDoorWideCases() {
    return false;
  }

  /** The proxy response carries the core's headers and nothing else; the front end adds its own later. */
  @Override
  protected Set<String> transportHeaders() {
    return Set.of();
  }

  @Test
  void theRateLimitCountsTheAddressThePlatformVouchesFor() throws Exception {
    ExecutionEnvironment function = environment(with("RATE_LIMIT_PER_MINUTE", "1"));
    Call call = Call.post("{}");

    assertThat(send(function, call, "203.0.113.10").status()).isEqualTo(200);
    assertThat(send(function, call.header("X-Forwarded-For", "192.0.2.99"), "203.0.113.10").status())
        .as("a forged X-Forwarded-For buys no fresh bucket").isEqualTo(429);
    assertThat(send(function, call, "203.0.113.11").status()).as("another client").isEqualTo(200);
    assertThat(gemini.tokenRequestCount()).isEqualTo(2);
  }

  @Test
  void aPreflightOnTheRootPathIsAnsweredToo() throws Exception {
    Reply reply = send(Call.of("OPTIONS", "/").header("Origin", "https://anywhere.example")
        .header("Access-Control-Request-Method", "POST"));

    assertThat(reply.status()).isEqualTo(204);
    assertThat(reply.header("Access-Control-Allow-Methods")).isEqualTo("POST, OPTIONS");
  }

  private Reply send(ExecutionEnvironment function, Call call, String clientIp) throws Exception {
    Reply reply = shape().reply(function.invoke(shape().event(call, clientIp)));
    assertThat(reply.body()).doesNotContain(FakeGeminiApi.API_KEY);
    return reply;
  }
}
