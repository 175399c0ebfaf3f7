package dev.livetoken.local;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.livetoken.core.EndpointRequest;
import dev.livetoken.core.EndpointResponse;
import dev.livetoken.core.RequestLog;
import dev.livetoken.core.Settings;
import dev.livetoken.core.TokenEndpoint;
import io.github.cdimascio.dotenv.Dotenv;
import io.github.cdimascio.dotenv.DotenvEntry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * The token endpoint on the JDK's own HTTP server: no servlet container to start, and the fastest of the
 * front ends measured (see BENCHMARKS.md). It only translates sockets to the core's requests and back.
 *
 * <p>Each request runs on its own virtual thread, so a request waiting on Google or on a slow client holds no
 * platform thread; the number of requests in progress is bounded by {@code MAX_CONNECTIONS}.
 */
public final class LocalServer implements AutoCloseable {

  private final HttpServer server;
  private final ExecutorService workers;
  // A MetricsServer when METRICS_PORT is set; typed as the interface so that, unset, its class is never loaded.
  private final AutoCloseable metrics;
  private final int metricsPort;

  private LocalServer(HttpServer server, ExecutorService workers, AutoCloseable metrics, int metricsPort) {
    this.server = server;
    this.workers = workers;
    this.metrics = metrics;
    this.metricsPort = metricsPort;
  }

  public static void main(String[] args) throws IOException {
    Map<String, String> dotEnv = dotEnv();
    Function<String, String> lookup =
        name -> Optional.ofNullable(Settings.environmentValue(name)).orElse(dotEnv.get(name));
    LocalServer server;
    try {
      server = start(lookup);
    } catch (IllegalArgumentException e) {
      System.err.println(RequestLog.line("ERROR", "Not started: " + e.getMessage()));
      System.exit(2);
      return;
    }
    if (!Optional.ofNullable(lookup.apply("SERVER_THREADS")).orElse("").isBlank()) {
      System.out.println(RequestLog.line("WARNING",
          "SERVER_THREADS is ignored: every request has its own virtual thread; MAX_CONNECTIONS bounds them"));
    }
    Runtime.getRuntime().addShutdownHook(new Thread(server::close, "shutdown"));
    System.out.println(RequestLog.line("INFO",
        "Token endpoint listening on http://localhost:" + server.port() + TokenEndpoint.TOKEN_PATH));
  }

  /** Starts with exactly these settings (nothing from the environment or a {@code .env} file). */
  public static LocalServer start(Map<String, String> settings) throws IOException {
    return start(settings::get);
  }

  /**
   * Starts on {@code PORT} (default 3001) with the settings {@code lookup} gives. The client time-out and
   * the connection bound configure the JDK's server, which reads them once per process: the first server
   * started in a JVM fixes them for every later one.
   *
   * @throws IllegalArgumentException naming the first malformed setting
   */
  public static LocalServer start(Function<String, String> lookup) throws IOException {
    Settings settings = Settings.from(lookup);
    ServerSettings server = ServerSettings.from(lookup);
    configureJdkServer(server);
    TokenEndpoint endpoint = TokenEndpoint.create(settings);
    AutoCloseable metrics = null;
    int metricsPort = -1;
    if (server.metricsPort().isPresent()) {
      MetricsServer started = MetricsServer.start(server.metricsPort().getAsInt(), endpoint);
      metrics = started;
      metricsPort = started.port();
    }
    HttpServer http = HttpServer.create(new InetSocketAddress(server.port()), 1024);
    ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();
    http.setExecutor(workers);
    http.createContext("/", exchange -> serve(endpoint, exchange));
    http.start();
    return new LocalServer(http, workers, metrics, metricsPort);
  }

  // sun.net.httpserver.ServerConfig reads these once, when the first server is created (JDK 25 sources).
  private static void configureJdkServer(ServerSettings settings) {
    // Without it every answer waits for the client's delayed ACK (Nagle): p50 44 ms instead of 3 ms.
    System.setProperty("sun.net.httpserver.nodelay", "true");
    // A connection is closed once it has spent this long in a request (first byte to the end of the body),
    // or has been accepted and sent nothing for this long.
    System.setProperty("sun.net.httpserver.maxReqTime", Integer.toString(settings.requestTimeoutSeconds()));
    // The idle sweep runs every clockTick (default 10 s), so without this a silent connection lives up to
    // 10 s past its time-out.
    System.setProperty("sun.net.httpserver.clockTick", "1000");
    // Beyond this, accepted connections are closed at once. Kept-alive idle connections count too, and the
    // idle pool must hold them all, or the server closes callers' keep-alive connections under load.
    System.setProperty("jdk.httpserver.maxConnections", Integer.toString(settings.maxConnections()));
    System.setProperty("sun.net.httpserver.maxIdleConnections", Integer.toString(settings.maxConnections()));
  }

  public int port() {
    return server.getAddress().getPort();
  }

  /** Where {@code /metrics} is served; -1 without {@code METRICS_PORT}. */
  public int metricsPort() {
    return metricsPort;
  }

  @Override
  public void close() {
    server.stop(0);
    workers.shutdownNow();
    if (metrics != null) {
      try {
        metrics.close();
      } catch (Exception e) {
        // stopping a JDK server throws nothing; nothing is left to do
      }
    }
  }

  private static void serve(TokenEndpoint endpoint, HttpExchange exchange) throws IOException {
    try (exchange) {
      EndpointResponse response = endpoint.handle(EndpointRequest.ofMultiValued(
          "local",
          exchange.getRequestMethod(),
          exchange.getRequestURI().getRawPath(),
          exchange.getRequestHeaders(),
          exchange.getRequestBody(),
          exchange.getRemoteAddress().getAddress().getHostAddress()));
      response.headers().forEach(exchange.getResponseHeaders()::set);
      byte[] body = response.body();
      exchange.sendResponseHeaders(response.status(), body.length == 0 ? -1 : body.length);
      if (body.length > 0) {
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(body);
        }
      }
    }
  }

  private static Map<String, String> dotEnv() {
    Map<String, String> values = new HashMap<>();
    // Without the file, the library looks for one in every jar on the class path: ~0.1 s of a cold start.
    if (!Files.isRegularFile(Path.of(".env"))) {
      return values;
    }
    for (DotenvEntry entry : Dotenv.configure().ignoreIfMissing().ignoreIfMalformed().load()
        .entries(Dotenv.Filter.DECLARED_IN_ENV_FILE)) {
      values.put(entry.getKey(), entry.getValue());
    }
    return values;
  }
}
