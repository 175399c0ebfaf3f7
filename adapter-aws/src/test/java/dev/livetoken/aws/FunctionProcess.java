package dev.livetoken.aws;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The function in its own process under AWS's Java runtime interface client, as Lambda runs it: {@code java -cp
 * <the client's jars> com.amazonaws.services.lambda.runtime.api.client.AWSLambda HANDLER} in the task root (the
 * deployment jar unpacked), with Lambda's reserved environment variables and the function's own, fed by a
 * {@link RuntimeApiStandIn}. Everything the process prints is kept, so that tests can read the function's logs.
 */
final class FunctionProcess implements ExecutionEnvironment {

  static final Duration WAIT = Duration.ofSeconds(60);
  static final String CLIENT_MAIN = "com.amazonaws.services.lambda.runtime.api.client.AWSLambda";
  // Where Lambda's java runtime tells the client its JNI library is; unset, the client extracts it to one
  // fixed file under /tmp on every start, which two processes starting at once would both write.
  private static final String JNI_PROPERTY = "com.amazonaws.services.lambda.runtime.api.client.runtimeapi.NativeClient.JNI";

  private final RuntimeApiStandIn runtimeApi;
  private final Process process;
  private final long spawnedNanos;
  private final List<String> output = Collections.synchronizedList(new ArrayList<>());

  /** The handler as template.yaml deploys the function: its JAVA_TOOL_OPTIONS, memory and timeout. */
  static FunctionProcess asDeployed(LambdaDoor door, Map<String, String> settings) throws IOException {
    SamTemplate template = SamTemplate.load();
    Map<String, String> environment = new LinkedHashMap<>(door.environment());
    environment.put("JAVA_TOOL_OPTIONS", (String) template.environment("JAVA_TOOL_OPTIONS"));
    environment.putAll(settings);
    return new FunctionProcess(door.handler(), environment, (Integer) template.property("MemorySize"),
        Duration.ofSeconds((Integer) template.property("Timeout")));
  }

  /**
   * @param environment the function's environment variables (settings, JAVA_TOOL_OPTIONS); nothing else of
   *     this process's environment reaches it
   */
  FunctionProcess(String handler, Map<String, String> environment, int memoryMb, Duration timeout)
      throws IOException {
    runtimeApi = new RuntimeApiStandIn(timeout);
    Path runtime = Path.of(System.getProperty("lambda.runtime")).toAbsolutePath();
    Path taskRoot = TaskRoot.unpacked();
    ProcessBuilder builder = new ProcessBuilder(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        // The memory Lambda gives the function is all the JVM sees in its execution environment.
        "-XX:MaxRAM=" + memoryMb + "m",
        "-D" + JNI_PROPERTY + "=" + jni(runtime),
        "-cp", classpath(runtime), CLIENT_MAIN, handler);
    builder.directory(taskRoot.toFile());
    builder.redirectErrorStream(true);
    Map<String, String> env = builder.environment();
    env.clear();
    env.put("PATH", "/usr/local/bin:/usr/bin:/bin");
    env.put("LANG", "en_US.UTF-8");
    env.put("TZ", ":UTC");
    env.put("_HANDLER", handler);
    env.put("LAMBDA_TASK_ROOT", taskRoot.toString());
    env.put("LAMBDA_RUNTIME_DIR", runtime.toString());
    env.put("AWS_LAMBDA_RUNTIME_API", runtimeApi.address());
    env.put("AWS_EXECUTION_ENV", "AWS_Lambda_java25");
    env.put("AWS_LAMBDA_INITIALIZATION_TYPE", "on-demand");
    env.put("AWS_REGION", "eu-west-1");
    env.put("AWS_DEFAULT_REGION", "eu-west-1");
    env.put("AWS_LAMBDA_FUNCTION_NAME", "live-token");
    env.put("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
    env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", Integer.toString(memoryMb));
    env.put("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/live-token");
    env.put("AWS_LAMBDA_LOG_STREAM_NAME", "2026/11/29/[$LATEST]0123456789abcdef0123456789abcdef");
    env.putAll(environment);
    spawnedNanos = System.nanoTime();
    process = builder.start();
    Thread reader = new Thread(this::readOutput, "function-output");
    reader.setDaemon(true);
    reader.start();
  }

  @Override
  public byte[] invoke(byte[] event) throws Exception {
    RuntimeApiStandIn.Outcome outcome = runtimeApi.invoke(event, WAIT);
    if (outcome.error() != null) {
      throw new IllegalStateException("the function reported an error: " + outcome.error() + "\n" + output());
    }
    return outcome.response();
  }

  RuntimeApiStandIn runtimeApi() {
    return runtimeApi;
  }

  /** When ({@link System#nanoTime()}) the process was spawned. */
  long spawnedNanos() {
    return spawnedNanos;
  }

  /** The exit code, once the process has ended by itself within {@code wait}. */
  int exitCode(Duration wait) throws InterruptedException {
    if (!process.waitFor(wait.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError("the function's process is still running\n" + output());
    }
    return process.exitValue();
  }

  /** Everything the process printed so far. */
  String output() {
    synchronized (output) {
      return String.join("\n", output);
    }
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    runtimeApi.close();
  }

  private void readOutput() {
    try (BufferedReader lines = new BufferedReader(
        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        output.add(line);
      }
    } catch (IOException e) {
      output.add("(output ended: " + e.getMessage() + ")");
    }
    // Whoever waits on the Runtime API learns at once that no answer will come.
    String exit;
    try {
      exit = "exited with code " + process.waitFor();
    } catch (InterruptedException e) {
      exit = "ended";
    }
    runtimeApi.runtimeGone("the function's process " + exit + "\n" + output());
  }

  private static String classpath(Path runtime) {
    try (Stream<Path> jars = Files.list(runtime)) {
      String classpath = jars.filter(jar -> jar.toString().endsWith(".jar")).sorted().map(Path::toString)
          .collect(Collectors.joining(java.io.File.pathSeparator));
      if (classpath.isEmpty()) {
        throw new IllegalStateException("no runtime client jars in " + runtime + " (mvn package copies them)");
      }
      return classpath;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path jni(Path runtime) {
    String arch = switch (System.getProperty("os.arch")) {
      case "amd64", "x86_64" -> "x86_64";
      case "aarch64" -> "aarch_64";
      default -> throw new IllegalStateException("no runtime client library for " + System.getProperty("os.arch"));
    };
    return runtime.resolve("jni/libaws-lambda-jni.linux-" + arch + ".so");
  }
}
