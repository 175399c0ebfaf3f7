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
 * <p>Run with the source launcher: {@code java bench/FakeGemini.java PORT [THREADS]} (THREADS default 16).
 * It prints one line "fake-gemini listening on PORT" once it accepts connections, and nothing per request.
 */
public final class FakeGemini {

  private static final byte[] TOKEN =
      "{\"name\":\"auth_tokens/bench-fake\",\"uses\":1}".getBytes(StandardCharsets.UTF_8);
  private static final byte[] NOT_FOUND = "{\"error\":\"not found\"}".getBytes(StandardCharsets.UTF_8);
  private static final String PATH = "/v1alpha/auth_tokens";

  public static void main(String[] args) throws IOException {
    if (args.length < 1) {
      System.err.println("usage: java FakeGemini.java PORT [THREADS]");
      System.exit(2);
    }
    int port = Integer.parseInt(args[0]);
    int threads = args.length > 1 ? Integer.parseInt(args[1]) : 16;
    // Without TCP_NODELAY the JDK server's separate header and body writes meet the client's delayed ACK:
    // ~40 ms per request on a kept-alive connection. Must be set before the first HttpServer is created.
    System.setProperty("sun.net.httpserver.nodelay",
        System.getProperty("sun.net.httpserver.nodelay", "true"));
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1024);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    server.setExecutor(pool);
    server.createContext("/", FakeGemini::handle);
    server.start();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.stop(0);
      pool.shutdownNow();
    }));
    System.out.println("fake-gemini listening on " + port);
  }

  private static void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      drain(exchange.getRequestBody());
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
