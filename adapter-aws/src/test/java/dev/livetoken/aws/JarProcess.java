package dev.livetoken.aws;

import dev.livetoken.contract.ContractTarget;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The shaded jar in its own JVM, settings as real environment variables (as Lambda gives them), driven
 * through {@link StdioRuntime}: one event line in, one response line out. Everything else the process prints
 * is kept, so that tests can read the function's logs.
 */
final class JarProcess implements AutoCloseable {

  private static final String SETTINGS_PREFIXES = "GEMINI_|UPSTREAM_|ALLOWED_|MAX_|RATE_LIMIT|GLOBAL_RATE_LIMIT|REDIS_|TRUSTED_|REQUEST_LOG";

  private static final String EXITED = "(process exited)";

  private final Process process;
  private final Writer events;
  private final BlockingQueue<String> responses = new LinkedBlockingQueue<>();
  private final List<String> output = java.util.Collections.synchronizedList(new ArrayList<>());

  JarProcess(Map<String, String> environment) throws IOException, InterruptedException {
    SamTemplate template = SamTemplate.load();
    ProcessBuilder builder = new ProcessBuilder(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", ShadedJar.runtimeClasspath(), StdioRuntime.class.getName(), template.handlerClass());
    builder.environment().keySet().removeIf(name -> name.matches("(" + SETTINGS_PREFIXES + ").*"));
    builder.environment().put("JAVA_TOOL_OPTIONS", (String) template.environment("JAVA_TOOL_OPTIONS"));
    builder.environment().putAll(environment);
    builder.redirectErrorStream(true);
    process = builder.start();
    events = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
    Thread reader = new Thread(this::readOutput, "jar-output");
    reader.setDaemon(true);
    reader.start();
    String ready = responses.poll(60, TimeUnit.SECONDS);
    if (!"READY".equals(ready)) {
      close();
      throw new IllegalStateException("the jar did not start: " + ready + "\n" + output());
    }
  }

  byte[] invoke(byte[] event) throws IOException, InterruptedException {
    events.write(new String(event, StandardCharsets.UTF_8).replace("\n", " "));
    events.write('\n');
    events.flush();
    String response = responses.poll(60, TimeUnit.SECONDS);
    if (response == null || response.equals(EXITED)) {
      throw new IllegalStateException("no response from the jar\n" + output());
    }
    return response.getBytes(StandardCharsets.UTF_8);
  }

  /** Everything the process printed so far that was not a response. */
  String output() {
    synchronized (output) {
      return String.join("\n", output);
    }
  }

  ContractTarget target(EventShape shape) {
    return new ContractTarget() {
      @Override
      public dev.livetoken.contract.Reply send(dev.livetoken.contract.Call call) throws Exception {
        return shape.reply(invoke(shape.event(call)));
      }

      @Override
      public void close() {
        JarProcess.this.close();
      }
    };
  }

  @Override
  public void close() {
    process.destroy();
    try {
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void readOutput() {
    try (BufferedReader lines = new BufferedReader(
        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        if (line.equals("READY")) {
          responses.add(line);
        } else if (line.startsWith("RESPONSE ")) {
          responses.add(line.substring("RESPONSE ".length()));
        } else {
          output.add(line);
        }
      }
    } catch (IOException e) {
      output.add("(output ended: " + e.getMessage() + ")");
    }
    // Whoever waits for a reply learns at once that none will come.
    responses.add(EXITED);
  }
}
