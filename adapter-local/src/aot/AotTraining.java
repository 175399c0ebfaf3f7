import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Trains the local server's AOT cache (JDK 25, JEPs 483/514/515) through real requests: starts the packaged jar
 * with -XX:AOTCacheOutput against a throwaway fake of the Gemini token API, sends the requests a widget and an
 * attacker would (tokens with and without a page, a preflight, refusals), then stops it with SIGTERM so the JVM
 * writes the cache (classes loaded and linked, method profiles). Training through requests, not just start-up,
 * is what puts the SDK's and the HTTP classes in it. Then it writes ARGFILE, the options to run with
 * ({@code java @ARGFILE -jar JAR}): the cache and the JVM options it was trained under. JDK only, so it also runs
 * in a container build.
 *
 * <p>Usage: {@code java AotTraining.java JAR CACHE ARGFILE [JVM_OPTION...]}
 */
public class AotTraining {

  private static final int TOKEN_REQUESTS = 200;

  public static void main(String[] args) throws Exception {
    Path jar = Path.of(args[0]);
    Path archive = Path.of(args[1]).toAbsolutePath();
    Path argFile = Path.of(args[2]);
    List<String> jvmOptions = Arrays.asList(args).subList(3, args.length);
    Files.deleteIfExists(archive);
    Files.deleteIfExists(argFile);

    HttpServer fake = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    fake.createContext("/", exchange -> {
      exchange.getRequestBody().readAllBytes();
      byte[] body = "{\"name\":\"auth_tokens/aot-training\",\"uses\":1}".getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
    fake.start();

    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    // The cache's method profiles (JEP 515) tell a later run which methods to compile, and at which tier, as
    // soon as it starts. Trained with all tiers, that run spends its first second compiling with C2 while it
    // serves its first caller, on as few as 2 cores. Trained at tier 2 (C1, counters only), it compiles its
    // start-up path with C1 at once and leaves C2 to the methods its own load makes hot: the first token
    // comes about a quarter sooner and the settled throughput is the same (BENCHMARKS.md, "The tier the AOT
    // cache is trained at"). Tier 1 would be sooner still, but pins those methods below C2 for good.
    command.add("-XX:TieredStopAtLevel=2");
    command.add("-XX:AOTCacheOutput=" + archive);
    command.add("-jar");
    command.add(jar.toString());
    Path log = Files.createTempFile("aot-training", ".log");
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().clear(); // nothing of the build's environment changes what is trained
    builder.environment().put("PORT", "0");
    builder.environment().put("GEMINI_API_KEY", "aot-training-not-a-key");
    builder.environment().put("GEMINI_BASE_URL", "http://127.0.0.1:" + fake.getAddress().getPort());
    builder.environment().put("ALLOWED_ORIGINS", "https://training.example");
    builder.environment().put("RATE_LIMIT_PER_MINUTE", "0");
    Process server = builder.start();
    try {
      String base = "http://127.0.0.1:" + awaitPort(server, log);
      HttpClient client = HttpClient.newHttpClient();
      String page = "{\"lang\":\"es\",\"pageTitle\":\"T\",\"pageUrl\":\"https://training.example/\","
          + "\"pageContent\":\"Texto\",\"interactiveHighlights\":true,\"siteKey\":\"k\"}";
      expect(client, post(base, page).header("Origin", "https://training.example"), 200);
      for (int i = 0; i < TOKEN_REQUESTS; i++) {
        expect(client, post(base, "{}"), 200);
      }
      expect(client, HttpRequest.newBuilder(URI.create(base + "/api/token"))
          .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).header("Origin", "https://training.example")
          .header("Access-Control-Request-Method", "POST"), 204);
      expect(client, post(base, "{\"voice\":7}"), 400);
      expect(client, post(base, "{not json"), 400);
      expect(client, post(base, "{}").header("Origin", "https://elsewhere.example"), 403);
      expect(client, HttpRequest.newBuilder(URI.create(base + "/api/token")).GET(), 405);
      expect(client, HttpRequest.newBuilder(URI.create(base + "/nowhere")).GET(), 404);
    } finally {
      server.destroy(); // SIGTERM: the JVM exits normally and writes the cache
      server.waitFor();
      fake.stop(0);
    }
    if (!Files.isRegularFile(archive) || Files.size(archive) == 0) {
      throw new IllegalStateException("no AOT cache was written to " + archive + ":\n" + Files.readString(log));
    }
    Files.delete(log);
    List<String> runOptions = new ArrayList<>();
    runOptions.add("\"-XX:AOTCache=" + archive + "\""); // quoted: the path may hold spaces
    runOptions.addAll(jvmOptions);
    Files.write(argFile, runOptions);
    System.out.println("AOT cache trained: " + archive + " (" + Files.size(archive) / (1024 * 1024) + " MB); run with java @"
        + argFile + " -jar " + jar);
  }

  private static HttpRequest.Builder post(String base, String json) {
    return HttpRequest.newBuilder(URI.create(base + "/api/token"))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json));
  }

  private static void expect(HttpClient client, HttpRequest.Builder request, int status) throws Exception {
    int actual = client.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    if (actual != status) {
      throw new IllegalStateException("training request answered " + actual + ", expected " + status);
    }
  }

  /** Waits until the server's start-up line names its port. */
  private static int awaitPort(Process server, Path log) throws Exception {
    Pattern listening = Pattern.compile("listening on http://localhost:(\\d+)/");
    long deadline = System.nanoTime() + 120_000_000_000L;
    while (System.nanoTime() < deadline) {
      Matcher port = listening.matcher(Files.readString(log));
      if (port.find()) {
        return Integer.parseInt(port.group(1));
      }
      if (!server.isAlive()) {
        throw new IllegalStateException("the server exited before it listened:\n" + Files.readString(log));
      }
      Thread.sleep(20);
    }
    throw new IllegalStateException("the server did not start for training");
  }
}
