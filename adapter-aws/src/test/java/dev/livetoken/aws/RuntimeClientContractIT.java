package dev.livetoken.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.livetoken.contract.Call;
import dev.livetoken.contract.FakeGeminiApi;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The whole contract as Lambda runs the function: the deployment jar unpacked into a task root, the function in
 * its own process under AWS's runtime interface client, every event handed over through the Runtime API. For
 * every documented handler ({@link LambdaDoor#documented()}) and every event kind; one process per
 * configuration, all the cases through it.
 */
@ParameterizedClass(name = "{0} behind {1}")
@MethodSource("handlersAndEventKinds")
class RuntimeClientContractIT extends LambdaContract {

  // Letters, not digits: the log lines' timestamps and request ids are full of digits.
  private static final String PAGE = "Order QZXV for a signed-in customer";

  // Fields, not constructor parameters: the contract's one instance per class serves every invocation.
  @Parameter(0)
  LambdaDoor door;

  @Parameter(1)
  EventShape shape;

  private final Map<Map<String, String>, FunctionProcess> processes = new HashMap<>();

  static Stream<Arguments> handlersAndEventKinds() {
    return LambdaDoor.documented().stream()
        .flatMap(door -> Arrays.stream(EventShape.values()).map(shape -> Arguments.of(door, shape)));
  }

  @Override
  EventShape shape() {
    return shape;
  }

  /** The instance serves every handler and event kind in turn; each gets its own processes. */
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

  @Test
  void theFunctionLogsNeitherThePageNorTheKey() throws Exception {
    Call call = Call.post("{\"pageContent\":\"" + PAGE + "\"}");
    assertThat(send(call).status()).isEqualTo(200);
    assertThat(send(call.header("Content-Type", "text/plain")).status()).isEqualTo(200);

    String output = processes.get(standardEnvironment()).output();

    assertThat(output).contains("\"message\":\"token request\"");
    assertThat(output).doesNotContain("QZXV").doesNotContain(FakeGeminiApi.API_KEY).doesNotContain("Received:");
  }
}
