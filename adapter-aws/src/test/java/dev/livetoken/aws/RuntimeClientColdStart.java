package dev.livetoken.aws;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The cold start in the real runtime loop, for bench/aws.sh: spawns the function under AWS's runtime interface
 * client ({@link FunctionProcess}), hands it one event through the Runtime API stand-in, and prints
 * {@code INIT_MS} (spawn to the runtime's first poll of {@code /invocation/next}: init done),
 * {@code FIRST_RESPONSE_MS} (spawn to the first response posted) and {@code RESPONSE <json>}.
 *
 * <p>Arguments: {@code HANDLER EVENT_FILE MEMORY_MB TIMEOUT_S JAVA_TOOL_OPTIONS} (the last may be empty). The
 * function's settings are this process's environment; the system properties {@code aws.jar},
 * {@code lambda.runtime} and {@code lambda.task.root} say where the jar, the client and the task root are.
 */
public final class RuntimeClientColdStart {

  private RuntimeClientColdStart() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> environment = new LinkedHashMap<>(System.getenv());
    environment.keySet().removeAll(Set.of("PATH", "HOME", "JAVA_TOOL_OPTIONS"));
    if (!args[4].isBlank()) {
      environment.put("JAVA_TOOL_OPTIONS", args[4]);
    }
    byte[] event = Files.readAllBytes(Path.of(args[1]));
    try (FunctionProcess function = new FunctionProcess(args[0], environment, Integer.parseInt(args[2]),
        Duration.ofSeconds(Long.parseLong(args[3])))) {
      byte[] response = function.invoke(event);
      long spawned = function.spawnedNanos();
      System.out.println("INIT_MS " + millis(function.runtimeApi().firstPollNanos(FunctionProcess.WAIT) - spawned));
      System.out.println("FIRST_RESPONSE_MS "
          + millis(function.runtimeApi().firstResponseNanos(FunctionProcess.WAIT) - spawned));
      System.out.println("RESPONSE " + new String(response, StandardCharsets.UTF_8));
    }
  }

  private static long millis(long nanos) {
    return Math.round(nanos / 1e6);
  }
}
