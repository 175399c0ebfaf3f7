import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A fast fake of the Gemini token API for benchmarks: POST /v1alpha/auth_tokens answers 200
 * {"name":"auth_tokens/bench-fake","uses":1}. Anything else gets 404 (wrong path) or 405 (wrong method).
 *
 * <p>Run with the source launcher: {@code java bench/FakeGemini.java PORT [THREADS [DELAY_MS]]} (THREADS default
 * 16). With DELAY_MS > 0 every answer waits that long, as Google's own mint takes a few hundred milliseconds; the
 * requests then run on virtual threads (THREADS is ignored), so the fake holds any number of them at once.
 * It prints one line "fake-gemini listening on PORT" once it accepts connections, and nothing per request.
 */
public final class FakeGemini {

  private static final byte[] TOKEN =
      "{\"name\":\"auth_tokens/bench-fake\",\"uses\":1}".getBytes(StandardCharsets.UTF_8);
  private static final byte[] NOT_FOUND = "{\"error\":\"not found\"}".getBytes(StandardCharsets.UTF_8);
  private static final String PATH = "/v1alpha/auth_tokens";

  public static void main(String[] args) throws IOException {
    if (args.length < 1) {
      System.err.println("usage: java FakeGemini.java PORT [THREADS [DELAY_MS]]");
      System.exit(2);
    }
    int port = Integer.parseInt(args[0]);
    int threads = args.length > 1 ? Integer.parseInt(args[1]) : 16;
    long delayMs = args.length > 2 ? Long.parseLong(args[2]) : 0;
    // Without TCP_NODELAY the JDK server's separate header and body writes meet the client's delayed ACK:
    // ~40 ms per request on a kept-alive connection. Must be set before the first HttpServer is created.
    System.setProperty("sun.net.httpserver.nodelay",
        System.getProperty("sun.net.httpserver.nodelay", "true"));
    if (delayMs > 0) {
      System.setProperty("jdk.httpserver.maxConnections", "100000");
      System.setProperty("sun.net.httpserver.maxIdleConnections", "100000");
    }
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 4096);
    ExecutorService pool =
        delayMs > 0 ? Executors.newVirtualThreadPerTaskExecutor() : Executors.newFixedThreadPool(threads);
    server.setExecutor(pool);
    server.createContext("/", exchange -> handle(exchange, delayMs));
    server.start();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.stop(0);
      pool.shutdownNow();
    }));
    System.out.println("fake-gemini listening on " + port);
  }

  private static void handle(HttpExchange exchange, long delayMs) throws IOException {
    try (exchange) {
      drain(exchange.getRequestBody());
      if (delayMs > 0) {
        try {
          Thread.sleep(delayMs);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
      // The SDK may add query parameters; only the path matters here.
      String path = exchange.getRequestURI().getPath();
      int status;
      byte[] body;
      if (!path.equals(PATH) && !path.startsWith(PATH + ":")) {
        status = 404;
        body = NOT_FOUND;
      } else if (!"POST".equals(exchange.getRequestMethod())) {
        status = 405;
        body = NOT_FOUND;
      } else {
        status = 200;
        body = TOKEN;
      }
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.sendResponseHeaders(status, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  private static void drain(InputStream in) throws IOException {
    byte[] buffer = new byte[8192];
    while (in.read(buffer) >= 0) {
      // discard: the request body (the locked session config) is not checked here
    }
  }
}
