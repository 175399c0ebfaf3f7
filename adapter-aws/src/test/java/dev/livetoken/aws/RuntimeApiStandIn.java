package dev.livetoken.aws;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Lambda Runtime API (version 2018-06-01) on loopback, as one execution environment sees it: the runtime
 * polls {@code GET /runtime/invocation/next} for the next event, which comes with the {@code Lambda-Runtime-*}
 * headers, and posts the handler's answer to {@code /invocation/{id}/response}, its failure to
 * {@code /invocation/{id}/error}, or a failed start to {@code /init/error}. One event at a time.
 */
final class RuntimeApiStandIn implements AutoCloseable {

  static final String FUNCTION_ARN = "arn:aws:lambda:eu-west-1:123456789012:function:live-token";
  private static final String BASE = "/2018-06-01/runtime";
  private static final Pattern INVOCATION = Pattern.compile(BASE + "/invocation/([^/]+)/(response|error)");

  /** What the runtime posted for one event: the response bytes, or the error it reported. */
  record Outcome(String requestId, byte[] response, ReportedError error) {}

  /** An error report: the {@code Lambda-Runtime-Function-Error-Type} header and the JSON body. */
  record ReportedError(String type, String body) {}

  private record Pending(String requestId, byte[] event, CompletableFuture<Outcome> outcome) {}

  private final HttpServer server;
  private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
  private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
  private final Map<String, Pending> handedOut = new ConcurrentHashMap<>();
  private final CompletableFuture<ReportedError> initError = new CompletableFuture<>();
  private final CompletableFuture<Long> firstPoll = new CompletableFuture<>();
  private final CompletableFuture<Long> firstResponse = new CompletableFuture<>();
  private final Duration timeout;
  private volatile IllegalStateException gone;

  /** @param timeout the function's timeout, from which each event's deadline is set */
  RuntimeApiStandIn(Duration timeout) throws IOException {
    this.timeout = timeout;
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(executor);
    server.createContext(BASE + "/invocation/next", this::next);
    server.createContext(BASE + "/invocation/", this::invocationResult);
    server.createContext(BASE + "/init/error", this::initError);
    server.start();
  }

  /** The value of {@code AWS_LAMBDA_RUNTIME_API}. */
  String address() {
    return "127.0.0.1:" + server.getAddress().getPort();
  }

  /** Hands the event to the runtime and waits for what it posts back. */
  synchronized Outcome invoke(byte[] event, Duration wait) throws InterruptedException, TimeoutException {
    Pending pending = new Pending(UUID.randomUUID().toString(), event, new CompletableFuture<>());
    queue.add(pending);
    if (gone != null) {
      pending.outcome().completeExceptionally(gone);
    }
    try {
      return pending.outcome().get(wait.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
    } finally {
      queue.remove(pending);
      handedOut.remove(pending.requestId());
    }
  }

  /** Fails the invocation in flight, if any, and every later one: the runtime is gone. */
  void runtimeGone(String why) {
    gone = new IllegalStateException(why);
    queue.forEach(pending -> pending.outcome().completeExceptionally(gone));
    handedOut.values().forEach(pending -> pending.outcome().completeExceptionally(gone));
    firstPoll.completeExceptionally(gone);
    initError.completeExceptionally(gone);
  }

  /** The init error the runtime reported, waiting for it up to {@code wait}. */
  ReportedError initError(Duration wait) throws Exception {
    return initError.get(wait.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Whether an init error was reported so far. */
  boolean initErrorReported() {
    return initError.isDone() && !initError.isCompletedExceptionally();
  }

  /** When ({@link System#nanoTime()}) the runtime first asked for an event: its init was over. */
  long firstPollNanos(Duration wait) throws Exception {
    return firstPoll.get(wait.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** When ({@link System#nanoTime()}) the first response was posted. */
  long firstResponseNanos(Duration wait) throws Exception {
    return firstResponse.get(wait.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  // --- the Runtime API -----------------------------------------------------------------------------

  private void next(HttpExchange exchange) throws IOException {
    if (!exchange.getRequestMethod().equals("GET")) {
      answer(exchange, 405, "");
      return;
    }
    firstPoll.complete(System.nanoTime());
    Pending pending;
    try {
      pending = queue.take();
    } catch (InterruptedException e) {
      exchange.close();
      return;
    }
    handedOut.put(pending.requestId(), pending);
    var headers = exchange.getResponseHeaders();
    headers.set("Content-Type", "application/json");
    headers.set("Lambda-Runtime-Aws-Request-Id", pending.requestId());
    headers.set("Lambda-Runtime-Deadline-Ms", Long.toString(System.currentTimeMillis() + timeout.toMillis()));
    headers.set("Lambda-Runtime-Invoked-Function-Arn", FUNCTION_ARN);
    headers.set("Lambda-Runtime-Trace-Id",
        "Root=1-" + Long.toHexString(System.currentTimeMillis() / 1000) + "-" + pending.requestId().replace("-", "")
            .substring(0, 24) + ";Parent=53995c3f42cd8ad8;Sampled=0");
    exchange.sendResponseHeaders(200, pending.event().length);
    try (var body = exchange.getResponseBody()) {
      body.write(pending.event());
    }
  }

  private void invocationResult(HttpExchange exchange) throws IOException {
    Matcher path = INVOCATION.matcher(exchange.getRequestURI().getPath());
    if (!exchange.getRequestMethod().equals("POST") || !path.matches()) {
      answer(exchange, 404, "{\"errorMessage\":\"no such resource\",\"errorType\":\"NotFound\"}");
      return;
    }
    byte[] body = exchange.getRequestBody().readAllBytes();
    Pending pending = handedOut.remove(path.group(1));
    if (pending == null) {
      answer(exchange, 400, "{\"errorMessage\":\"Invalid request ID\",\"errorType\":\"InvalidRequestID\"}");
      return;
    }
    if (path.group(2).equals("response")) {
      firstResponse.complete(System.nanoTime());
      pending.outcome().complete(new Outcome(pending.requestId(), body, null));
    } else {
      pending.outcome().complete(new Outcome(pending.requestId(), null, error(exchange, body)));
    }
    answer(exchange, 202, "{\"status\":\"OK\"}");
  }

  private void initError(HttpExchange exchange) throws IOException {
    byte[] body = exchange.getRequestBody().readAllBytes();
    initError.complete(error(exchange, body));
    answer(exchange, 202, "{\"status\":\"OK\"}");
  }

  private static ReportedError error(HttpExchange exchange, byte[] body) {
    return new ReportedError(exchange.getRequestHeaders().getFirst("Lambda-Runtime-Function-Error-Type"),
        new String(body, StandardCharsets.UTF_8));
  }

  private static void answer(HttpExchange exchange, int status, String json) throws IOException {
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    try (var out = exchange.getResponseBody()) {
      out.write(body);
    }
  }
}
