package dev.livetoken.local;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.livetoken.core.EndpointRequest;
import dev.livetoken.core.EndpointResponse;
import dev.livetoken.core.Settings;
import dev.livetoken.core.TokenEndpoint;
import io.github.cdimascio.dotenv.Dotenv;
import io.github.cdimascio.dotenv.DotenvEntry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The token endpoint on the JDK's own HTTP server: no servlet container to start, and the fastest of the
 * front ends measured (see BENCHMARKS.md). It only translates sockets to the core's requests and back.
 */
public final class LocalServer implements AutoCloseable {

  private final HttpServer server;
  private final ExecutorService workers;

  private LocalServer(HttpServer server, ExecutorService workers) {
    this.server = server;
    this.workers = workers;
  }

  public static void main(String[] args) throws IOException {
    LocalServer server = start(Map.of());
    Runtime.getRuntime().addShutdownHook(new Thread(server::close, "shutdown"));
    System.out.println("{\"severity\":\"INFO\",\"message\":\"Token endpoint listening on http://localhost:"
        + server.port() + TokenEndpoint.TOKEN_PATH + "\"}");
  }

  /**
   * Starts on {@code PORT} (default 3001). Settings come from {@code overrides}, then system properties,
   * then the environment, then a {@code .env} file in the working directory.
   */
  public static LocalServer start(Map<String, String> overrides) throws IOException {
    Map<String, String> dotEnv = dotEnv();
    Function<String, String> settings = name -> Stream.of(overrides.get(name), Settings.environmentValue(name),
        dotEnv.get(name)).filter(Objects::nonNull).findFirst().orElse(null);
    TokenEndpoint endpoint = TokenEndpoint.create(Settings.from(settings));

    int port = Integer.parseInt(Optional.ofNullable(settings.apply("PORT")).orElse("3001").trim());
    // Without it every answer waits for the client's delayed ACK (Nagle): p50 44 ms instead of 3 ms.
    System.setProperty("sun.net.httpserver.nodelay",
        System.getProperty("sun.net.httpserver.nodelay", "true"));
    HttpServer server = HttpServer.create(new InetSocketAddress(port), 1024);
    // Minting blocks on the upstream for up to UPSTREAM_TIMEOUT_MS, so serve many requests at once.
    ExecutorService workers = Executors.newFixedThreadPool(
        Integer.parseInt(Optional.ofNullable(settings.apply("SERVER_THREADS")).orElse("64").trim()));
    server.setExecutor(workers);
    server.createContext("/", exchange -> serve(endpoint, exchange));
    server.start();
    return new LocalServer(server, workers);
  }

  public int port() {
    return server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
    workers.shutdownNow();
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
    for (DotenvEntry entry : Dotenv.configure().ignoreIfMissing().ignoreIfMalformed().load()
        .entries(Dotenv.Filter.DECLARED_IN_ENV_FILE)) {
      values.put(entry.getKey(), entry.getValue());
    }
    return values;
  }
}
