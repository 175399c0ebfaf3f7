package dev.livetoken.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The packaged server as a child process with only the environment given (nothing inherited), binding
 * {@code PORT=0} unless told otherwise and reporting the port it got in its start-up line.
 */
final class LocalProcess implements AutoCloseable {

  private static final Pattern LISTENING = Pattern.compile("listening on http://localhost:(\\d+)/api/token");

  private final Process process;
  private final Path output;

  private LocalProcess(Process process, Path output) {
    this.process = process;
    this.output = output;
  }

  /** Starts {@code command} in {@code workDir}; {@code PORT} defaults to 0. */
  static LocalProcess start(List<String> command, Path workDir, Map<String, String> environment) throws IOException {
    // Not in workDir: README's launch line runs in the repository root.
    Path output = Files.createTempFile("local-server", ".log");
    output.toFile().deleteOnExit();
    ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile())
        .redirectErrorStream(true).redirectOutput(output.toFile());
    builder.environment().clear();
    builder.environment().put("PORT", "0");
    builder.environment().putAll(environment);
    return new LocalProcess(builder.start(), output);
  }

  static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  /** Waits for the start-up line and returns the base URL it names; fails if the process exits first. */
  String awaitListening(Duration patience) throws Exception {
    long deadline = System.nanoTime() + patience.toNanos();
    while (System.nanoTime() < deadline) {
      Matcher port = LISTENING.matcher(Files.readString(output));
      if (port.find()) {
        return "http://127.0.0.1:" + port.group(1);
      }
      if (!process.isAlive()) {
        throw new IllegalStateException("the server exited (" + process.exitValue() + "): " + Files.readString(output));
      }
      Thread.sleep(20);
    }
    throw new IllegalStateException("no start-up line after " + patience + ": " + Files.readString(output));
  }

  /** Waits for the process to exit by itself and returns its exit code. */
  int awaitExit(Duration patience) throws Exception {
    if (!process.waitFor(patience.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
      throw new IllegalStateException("still running after " + patience + ": " + Files.readString(output));
    }
    return process.exitValue();
  }

  String output() throws IOException {
    return Files.readString(output);
  }

  /** Stops it with SIGTERM, as a platform does, and returns everything it printed. */
  String stop() throws Exception {
    process.destroy();
    process.waitFor();
    return output();
  }

  @Override
  public void close() {
    process.destroyForcibly();
  }
}
