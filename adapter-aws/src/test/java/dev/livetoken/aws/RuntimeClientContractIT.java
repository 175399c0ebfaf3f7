package dev.livetoken.aws;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.livetoken.contract.Call;
import dev.livetoken.contract.EmfRules;
import dev.livetoken.contract.FakeGeminiApi;
import dev.livetoken.contract.Reply;
import java.util.HashMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The whole contract as Lambda runs the function: the deployment jar unpacked into a task root, the function in
 * its own process under AWS's runtime interface client, every event handed over through the Runtime API. For
 * every documented handler ({@link LambdaDoor#documented()}), through the HTTP API's events, with the cases that
 * exercise the door as a whole; every other event kind once through the packaged jar (the in-process
 * {@code *ContractTest} classes run the contract through each). One process per configuration, all the cases
 * through it.
 */
@ParameterizedClass(name = "{0}")
@MethodSource("dev.livetoken.aws.LambdaDoor#documented")
class RuntimeClientContractIT extends LambdaContract {

  // Letters, not digits: the log lines' timestamps and request ids are full of digits.
  private static final String PAGE = "Order QZXV for a signed-in customer";

  // A field, not a constructor parameter: the contract's one instance per class serves every invocation.
  @Parameter
  LambdaDoor door;

  private final Map<Map<String, String>, FunctionProcess> processes = new HashMap<>();

  @Override
  EventShape shape() {
    return EventShape.HTTP_API;
  }

  @Override
  protected boolean runsDoorWideCases() {
    return true;
  }

  /** The instance serves every handler in turn; each gets its own processes. */
  @AfterParameterizedClassInvocation
  void stopThisHandlersAndKindsProcesses() {
    stopTheEnvironments();
    processes.clear();
  }

  @Override
  ExecutionEnvironment startEnvironment(Map<String, String> settings) throws Exception {
    FunctionProcess process = FunctionProcess.asDeployed(door, settings);
    processes.put(Map.copyOf(settings), process);
    return process;
  }

  @ParameterizedTest
  @EnumSource(EventShape.class)
  void everyEventKindIsServedThroughThePackagedJar(EventShape kind) throws Exception {
    ExecutionEnvironment function = environment(allowlist());
    Call post = Call.post("{}").header("Origin", LISTED_ORIGIN);

    Reply token = kind.reply(function.invoke(kind.event(post)));
    assertThat(token.status()).as(token.body()).isEqualTo(200);
    assertThat(token.header("Access-Control-Allow-Origin")).isEqualTo(LISTED_ORIGIN);
    Reply missing = kind.reply(function.invoke(kind.event(post.to("/nowhere?v=2"))));
    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.json().get("error").asText()).isEqualTo("Not found");
  }

  @Test
  void theFunctionLogsNeitherThePageNorTheKey() throws Exception {
    Call call = Call.post("{\"pageContent\":\"" + PAGE + "\"}");
    assertThat(send(call).status()).isEqualTo(200);
    assertThat(send(call.header("Content-Type", "text/plain")).status()).isEqualTo(200);

    String output = processes.get(standardEnvironment()).output();

    assertThat(output).contains("\"message\":\"token request\"");
    assertThat(output).doesNotContain("QZXV").doesNotContain(FakeGeminiApi.API_KEY).doesNotContain("Received:");
  }

  @Test
  void eachLineIsEmfCarryingTheXrayTraceIdTheRuntimeApiGaveItsInvocation() throws Exception {
    // The door's process serves every case of its environment: only the lines of this test's two requests count.
    int earlier = tokenRequestLines().size();
    long before = System.currentTimeMillis();
    assertThat(send(Call.post("{}")).status()).isEqualTo(200);
    assertThat(send(Call.post("{}")).status()).isEqualTo(200);
    long after = System.currentTimeMillis();

    List<JsonNode> lines = tokenRequestLines();
    // The process's output is read on a thread of its own: the last line may trail the answer a little.
    for (long deadline = System.nanoTime() + 10_000_000_000L;
        lines.size() < earlier + 2 && System.nanoTime() < deadline; lines = tokenRequestLines()) {
      Thread.sleep(50);
    }
    List<JsonNode> ours = lines.subList(earlier, lines.size());
    assertThat(ours).hasSize(2);
    for (JsonNode line : ours) {
      assertThat(EmfRules.metricNames(line.toString(), before, after)).contains("Tokens");
      assertThat(line.get("Tokens").asInt()).isEqualTo(1);
      // The stand-in's Lambda-Runtime-Trace-Id, which the runtime client hands over in a system property.
      assertThat(line.get("xrayTraceId").asText()).matches("1-[0-9a-f]{8}-[0-9a-f]{24}");
    }
    assertThat(ours.get(0).get("xrayTraceId").asText()).as("each invocation its own trace")
        .isNotEqualTo(ours.get(1).get("xrayTraceId").asText());
  }

  private List<JsonNode> tokenRequestLines() throws Exception {
    List<JsonNode> lines = new ArrayList<>();
    for (String line : processes.get(standardEnvironment()).output().split("\n")) {
      if (line.contains("\"message\":\"token request\"")) {
        lines.add(new ObjectMapper().readTree(line));
      }
    }
    return lines;
  }
}
