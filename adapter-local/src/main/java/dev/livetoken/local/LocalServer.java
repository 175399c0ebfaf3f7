package dev.livetoken.local;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.livetoken.core.EndpointRequest;
import dev.livetoken.core.EndpointResponse;
import dev.livetoken.core.TokenConfiguration;
import dev.livetoken.core.TokenEndpoint;
import io.github.cdimascio.dotenv.Dotenv;
import io.github.cdimascio.dotenv.DotenvEntry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;

/**
 * The token endpoint on the JDK's own HTTP server: no servlet container to start, and the fastest of the
 * front ends measured (see BENCHMARKS.md). It only translates sockets to the core's requests and back.
 */
public final class LocalServer implements AutoCloseable {

  private final GenericApplicationContext context;
  private final HttpServer server;
  private final ExecutorService workers;

  private LocalServer(GenericApplicationContext context, HttpServer server, ExecutorService workers) {
    this.context = context;
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
    GenericApplicationContext context = new GenericApplicationContext();
    MutablePropertySources sources = context.getEnvironment().getPropertySources();
    sources.addFirst(new MapPropertySource("overrides", new HashMap<>(overrides)));
    sources.addLast(new MapPropertySource(".env", dotEnv()));
    new TokenConfiguration().initialize(context);
    context.refresh();

    TokenEndpoint endpoint = context.getBean(TokenEndpoint.class);
    int port = Integer.parseInt(context.getEnvironment().getProperty("PORT", "3001").trim());
    // Without it every answer waits for the client's delayed ACK (Nagle): p50 44 ms instead of 3 ms.
    System.setProperty("sun.net.httpserver.nodelay",
        System.getProperty("sun.net.httpserver.nodelay", "true"));
    HttpServer server = HttpServer.create(new InetSocketAddress(port), 1024);
    // Minting blocks on the upstream for up to UPSTREAM_TIMEOUT_MS, so serve many requests at once.
    ExecutorService workers = Executors.newFixedThreadPool(
        Integer.parseInt(context.getEnvironment().getProperty("SERVER_THREADS", "64").trim()));
    server.setExecutor(workers);
    server.createContext("/", exchange -> serve(endpoint, exchange));
    server.start();
    return new LocalServer(context, server, workers);
  }

  public int port() {
    return server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
    workers.shutdownNow();
    context.close();
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

  private static Map<String, Object> dotEnv() {
    Map<String, Object> values = new HashMap<>();
    for (DotenvEntry entry : Dotenv.configure().ignoreIfMissing().ignoreIfMalformed().load()
        .entries(Dotenv.Filter.DECLARED_IN_ENV_FILE)) {
      values.put(entry.getKey(), entry.getValue());
    }
    return values;
  }
}
