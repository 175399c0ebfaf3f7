import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
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

/**
 * Trains the local server's class-data-sharing archive through real requests: starts the packaged jar with
 * -XX:ArchiveClassesAtExit against a throwaway fake of the Gemini token API, sends the requests a widget
 * and an attacker would (a token with a page, a preflight, refusals), then stops it with SIGTERM so the JVM
 * writes the archive. Training through requests, not just start-up, is what puts the SDK's and the HTTP
 * classes in the archive. JDK only, so it also runs in a container build.
 *
 * <p>Usage: {@code java CdsTraining.java JAR ARCHIVE [JVM_OPTION...]}
 */
public class CdsTraining {

  public static void main(String[] args) throws Exception {
    Path jar = Path.of(args[0]);
    Path archive = Path.of(args[1]);
    Files.deleteIfExists(archive);

    HttpServer fake = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    fake.createContext("/", exchange -> {
      exchange.getRequestBody().readAllBytes();
      byte[] body = "{\"name\":\"auth_tokens/cds-training\",\"uses\":1}".getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
    fake.start();

    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(Arrays.asList(args).subList(2, args.length));
    command.add("-XX:ArchiveClassesAtExit=" + archive);
    command.add("-jar");
    command.add(jar.toString());
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD);
    builder.environment().put("PORT", Integer.toString(port));
    builder.environment().put("GEMINI_API_KEY", "cds-training-not-a-key");
    builder.environment().put("GEMINI_BASE_URL", "http://127.0.0.1:" + fake.getAddress().getPort());
    builder.environment().put("ALLOWED_ORIGINS", "https://training.example");
    Process server = builder.start();
    try {
      String base = "http://127.0.0.1:" + port;
      HttpClient client = HttpClient.newHttpClient();
      awaitHealthy(client, base, server);
      String page = "{\"lang\":\"es\",\"pageTitle\":\"T\",\"pageUrl\":\"https://training.example/\","
          + "\"pageContent\":\"Texto\",\"interactiveHighlights\":true,\"siteKey\":\"k\"}";
      expect(client, post(base, page).header("Origin", "https://training.example"), 200);
      expect(client, post(base, "{}"), 200);
      expect(client, HttpRequest.newBuilder(URI.create(base + "/api/token"))
          .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).header("Origin", "https://training.example")
          .header("Access-Control-Request-Method", "POST"), 204);
      expect(client, post(base, "{\"voice\":7}"), 400);
      expect(client, post(base, "{not json"), 400);
      expect(client, post(base, "{}").header("Origin", "https://elsewhere.example"), 403);
      expect(client, HttpRequest.newBuilder(URI.create(base + "/api/token")).GET(), 405);
      expect(client, HttpRequest.newBuilder(URI.create(base + "/nowhere")).GET(), 404);
    } finally {
      server.destroy(); // SIGTERM: the JVM exits normally and dumps the archive
      server.waitFor();
      fake.stop(0);
    }
    if (!Files.isRegularFile(archive) || Files.size(archive) == 0) {
      throw new IllegalStateException("no class-data archive was written to " + archive);
    }
    System.out.println("CDS archive trained: " + archive + " (" + Files.size(archive) / (1024 * 1024) + " MB)");
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

  private static void awaitHealthy(HttpClient client, String base, Process server) throws Exception {
    long deadline = System.nanoTime() + 120_000_000_000L;
    while (true) {
      try {
        client.send(HttpRequest.newBuilder(URI.create(base + "/healthz")).build(),
            HttpResponse.BodyHandlers.discarding());
        return;
      } catch (java.io.IOException e) {
        if (!server.isAlive() || System.nanoTime() > deadline) {
          throw new IllegalStateException("the server did not start for training", e);
        }
        Thread.sleep(50);
      }
    }
  }
}
