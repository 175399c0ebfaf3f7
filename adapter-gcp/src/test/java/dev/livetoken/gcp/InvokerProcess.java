package dev.livetoken.gcp;

import dev.livetoken.contract.Call;
import dev.livetoken.contract.ContractTarget;
import dev.livetoken.contract.HttpTarget;
import dev.livetoken.contract.Reply;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Google's Functions Framework invoker as a separate process, started the way Cloud Functions starts it:
 * {@code java -jar java-function-invoker.jar --classpath <deployed jar> --target <entry point> --port N},
 * with exactly the given environment.
 */
final class InvokerProcess implements ContractTarget {

  private static final Duration STARTUP_DEADLINE = Duration.ofSeconds(90);

  private final Process process;
  private final int port;
  private final Path log;
  private final HttpTarget target;
  private final HttpClient http = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

  private InvokerProcess(Process process, int port, Path log) {
    this.process = process;
    this.port = port;
    this.log = log;
    this.target = new HttpTarget("http://127.0.0.1:" + port);
  }

  static InvokerProcess start(Path invokerJar, Path functionJar, String target, Map<String, String> environment,
      Path log) throws IOException, InterruptedException {
    int port = freeLoopbackPort();
    Files.createDirectories(log.getParent());
    ProcessBuilder builder = new ProcessBuilder(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-jar", invokerJar.toString(),
        "--classpath", functionJar.toString(),
        "--target", target,
        "--port", Integer.toString(port))
        .redirectErrorStream(true)
        .redirectOutput(log.toFile());
    builder.environment().clear();
    builder.environment().putAll(environment);
    Process process = builder.start();
    // Should the test JVM be stopped before @AfterAll runs, the invoker must not outlive it.
    Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly));
    InvokerProcess invoker = new InvokerProcess(process, port, log);
    try {
      invoker.awaitReady();
    } catch (IOException | InterruptedException | RuntimeException e) {
      invoker.close();
      throw e;
    }
    return invoker;
  }

  int port() {
    return port;
  }

  Path log() {
    return log;
  }

  @Override
  public Reply send(Call call) throws Exception {
    return target.send(call);
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }

  /** Polls until the invoker answers HTTP at all; it opens its port only once the function is built. */
  private void awaitReady() throws IOException, InterruptedException {
    Instant deadline = Instant.now().plus(STARTUP_DEADLINE);
    HttpRequest probe = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/healthz"))
        .timeout(Duration.ofSeconds(5)).GET().build();
    while (true) {
      if (!process.isAlive()) {
        throw new IllegalStateException("invoker exited with " + process.exitValue() + "; its output:\n" + tail());
      }
      try {
        http.send(probe, HttpResponse.BodyHandlers.discarding());
        return;
      } catch (IOException notYet) {
        if (Instant.now().isAfter(deadline)) {
          throw new IllegalStateException("invoker did not answer within " + STARTUP_DEADLINE + "; its output:\n"
              + tail());
        }
        Thread.sleep(100);
      }
    }
  }

  private String tail() throws IOException {
    List<String> lines = Files.readAllLines(log);
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
  }

  private static int freeLoopbackPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
