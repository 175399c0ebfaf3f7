package dev.livetoken.gcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.livetoken.contract.Call;
import dev.livetoken.contract.ContractTarget;
import dev.livetoken.contract.FakeGeminiApi;
import dev.livetoken.contract.TokenContract;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Every contract case through Google's real Functions Framework invoker, running the packaged deploy
 * directory with README's command for the lean door; {@link SpringInvokerContractIT} runs the same for the
 * Spring door.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class InvokerContractIT extends TokenContract {

  private static final Path ROOT = Path.of(System.getProperty("repository.root", "..")).toAbsolutePath().normalize();
  private static final Path INVOKER_JAR = Path.of(System.getProperty("invoker.jar", "target/invoker/java-function-invoker.jar"));
  private static final Path LOGS = Path.of(System.getProperty("child.logs", "target/invoker-logs"));

  private final AtomicInteger started = new AtomicInteger();
  private final Map<Map<String, String>, InvokerProcess> processes = new HashMap<>();

  /** The door under test: README's deploy command for it says where it is deployed from. */
  Class<?> entryPoint() {
    return TokenHttpFunction.class;
  }

  /**
   * The configurations most cases mint under are started and sent one token request (from an address of their
   * own) before any case runs: on a loaded two-core machine a cold JVM's first upstream call can outlast the
   * contract's 3 s upstream timeout.
   */
  @BeforeAll
  void startAndWarmTheMintingConfigurations() throws Exception {
    for (Map<String, String> environment : List.of(standardEnvironment(), allowlist())) {
      InvokerProcess invoker = startInvoker(environment);
      processes.put(Map.copyOf(environment), invoker);
      invoker.send(Call.post("{}").header("X-Forwarded-For", "192.0.2.200"));
    }
    gemini.reset();
  }

  @Override
  protected ContractTarget start(Map<String, String> environment) throws Exception {
    InvokerProcess invoker = processes.get(environment);
    if (invoker == null) {
      invoker = startInvoker(environment);
      processes.put(Map.copyOf(environment), invoker);
    }
    return invoker;
  }

  InvokerProcess startInvoker(Map<String, String> environment) throws Exception {
    DocumentedDeployCommand command = DocumentedDeployCommand.fromReadme(ROOT, entryPoint());
    // The JVM flags README deploys with (C1 alone, for the cold start); its other variables are the cases' own.
    Map<String, String> deployed = new HashMap<>(environment);
    command.environmentVariable("JAVA_TOOL_OPTIONS").ifPresent(flags -> deployed.put("JAVA_TOOL_OPTIONS", flags));
    return InvokerProcess.start(INVOKER_JAR, deployedJar(ROOT.resolve(command.source())), command.entryPoint(),
        deployed, LOGS.resolve(logPrefix() + started.incrementAndGet() + ".log"));
  }

  /** Jetty under Google's invoker also names itself ({@code Server: Jetty(...)}), as README says. */
  @Override
  protected Set<String> transportHeaders() {
    return Set.of("Date", "Content-Length", "Connection", "Server");
  }

  /** Runs before the contract's own teardown, and whatever happened in the tests. */
  @AfterAll
  void stopInvokers() throws InterruptedException {
    for (InvokerProcess invoker : processes.values()) {
      invoker.close();
    }
  }

  @Test
  void aKeptAliveConnectionServesTheNextRequestAfterARefusal() throws Exception {
    Map<String, String> small = with("MAX_BODY_BYTES", "1024");
    send(small, Call.of("GET", "/healthz"));
    String oversize = "{\"pageContent\":\"" + "a".repeat(4000) + "\"}";

    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), processes.get(small).port())) {
      socket.setSoTimeout(30_000);
      OutputStream out = socket.getOutputStream();
      InputStream in = new BufferedInputStream(socket.getInputStream());

      out.write(rawPost("{\"voice\": "));
      out.flush();
      assertThat(RawResponse.read(in).status()).isEqualTo(400);

      // Refused before its body is read, and the body arrives after the headers, as browsers often send it.
      byte[] wrongMethod = rawRequest("PUT", "{\"voice\":\"Kore\"}");
      int headEnd = new String(wrongMethod, StandardCharsets.ISO_8859_1).indexOf("\r\n\r\n") + 4;
      out.write(wrongMethod, 0, headEnd);
      out.flush();
      Thread.sleep(200);
      out.write(wrongMethod, headEnd, wrongMethod.length - headEnd);
      out.flush();
      assertThat(RawResponse.read(in).status()).isEqualTo(405);

      out.write(rawPost(oversize));
      out.flush();
      assertThat(RawResponse.read(in).status()).isEqualTo(413);

      out.write(rawPost("{}"));
      out.flush();
      RawResponse minted = RawResponse.read(in);
      assertThat(minted.status()).isEqualTo(200);
      assertThat(minted.body()).contains(FakeGeminiApi.TOKEN_NAME);
    }
  }

  @Test
  void jettyNamesItselfAsReadmeSays() throws Exception {
    assertThat(send(Call.of("GET", "/healthz")).header("Server")).matches("Jetty\\(.+\\)");
  }

  @Test
  void aForwardedForHeaderCannotBuyAFreshRateLimitBucket() throws Exception {
    Map<String, String> limited = with("RATE_LIMIT_PER_MINUTE", "1");
    assertThat(send(limited, Call.post("{}").header("X-Forwarded-For", "198.51.100.7")).status()).isEqualTo(200);

    // A caller-written entry on the left changes nothing: the rightmost entry is the one Google appends.
    assertThat(send(limited, Call.post("{}").header("X-Forwarded-For", "203.0.113.9, 198.51.100.7")).status())
        .isEqualTo(429);
    assertThat(send(limited, Call.post("{}").header("X-Forwarded-For", "198.51.100.8")).status()).isEqualTo(200);
  }

  @Test
  void theDeployDirectoryHoldsOneJarAndOnlyLibrariesTheFunctionRuns() throws Exception {
    Path deploy = ROOT.resolve(DocumentedDeployCommand.fromReadme(ROOT, entryPoint()).source());
    deployedJar(deploy);
    List<String> libraries;
    long bytes;
    try (Stream<Path> files = Files.walk(deploy)) {
      List<Path> all = files.filter(Files::isRegularFile).toList();
      libraries = all.stream().map(p -> deploy.relativize(p).toString()).filter(p -> !p.endsWith("live-token-gcp.jar")).toList();
      bytes = all.stream().mapToLong(InvokerContractIT::size).sum();
    }
    assertThat(libraries).allMatch(p -> p.startsWith("libs/") && p.endsWith(".jar"));
    assertThat(libraries).noneMatch(p -> p.matches(
        // Netty's client transport is shipped (Lettuce, for REDIS_URL); its HTTP codecs and servers are not.
        "libs/(spring-webmvc|spring-webflux|spring-boot-loader|netty-codec-http|reactor-netty|tomcat|jetty|functions-framework-api|junit|wiremock).*"));
    assertThat(bytes).as("deploy directory size").isLessThanOrEqualTo(maxDeployBytes());
    if (entryPoint() == TokenHttpFunction.class) {
      assertThat(libraries).as("the lean door ships none of what only the Spring door loads")
          .noneMatch(p -> p.matches("libs/(spring-|gson-|micrometer-).*"));
    }
  }

  /** The lean door's bound; the Spring door's directory also holds Spring and Spring Cloud Function. */
  long maxDeployBytes() {
    return 30L * 1024 * 1024;
  }

  @Test
  void aTracedRequestsLineCarriesItsTraceInCloudLoggingsFields() throws Exception {
    Map<String, String> environment = new HashMap<>(standardEnvironment());
    environment.put("GOOGLE_CLOUD_PROJECT", "my-project");
    String w3c = "4bf92f3577b34da6a3ce929d0e0e4736";
    String google = "0af7651916cd43dd8448eb211c80319c";
    ContractTarget invoker = start(environment);
    assertThat(invoker.send(Call.post("{}").header("traceparent", "00-" + w3c + "-00f067aa0ba902b7-01")
        .header("X-Forwarded-For", "192.0.2.201")).status()).isEqualTo(200);
    assertThat(invoker.send(Call.post("{}").header("X-Cloud-Trace-Context", google + "/255;o=1")
        .header("X-Forwarded-For", "192.0.2.202")).status()).isEqualTo(200);

    List<String> lines = List.of();
    for (long deadline = System.nanoTime() + 10_000_000_000L; lines.size() < 2 && System.nanoTime() < deadline; ) {
      Thread.sleep(50);
      try (Stream<Path> files = Files.list(LOGS)) {
        lines = files.filter(p -> p.getFileName().toString().startsWith(logPrefix())).map(InvokerContractIT::read)
            .flatMap(String::lines).filter(line -> line.contains("/traces/")).toList();
      }
    }
    assertThat(lines).anySatisfy(line -> assertThat(line)
        .contains("\"logging.googleapis.com/trace\":\"projects/my-project/traces/" + w3c + "\"")
        .contains("\"logging.googleapis.com/spanId\":\"00f067aa0ba902b7\"")
        .contains("\"logging.googleapis.com/trace_sampled\":true"));
    assertThat(lines).anySatisfy(line -> assertThat(line)
        .contains("\"logging.googleapis.com/trace\":\"projects/my-project/traces/" + google + "\"")
        .contains("\"logging.googleapis.com/spanId\":\"00000000000000ff\""));
  }

  @Test
  @Order(Integer.MAX_VALUE)
  void theInvokersOutputNeverContainsTheApiKey() throws Exception {
    send(Call.post("{}"));
    gemini.answers(400, "{\"error\":{\"code\":400,\"message\":\"API key not valid\"}}");
    send(Call.post("{}"));

    List<Path> logs;
    try (Stream<Path> files = Files.list(LOGS)) {
      logs = new ArrayList<>(files.filter(p -> p.getFileName().toString().startsWith(logPrefix())).toList());
    }
    assertThat(logs).hasSizeGreaterThanOrEqualTo(started.get());
    String output = String.join("\n", logs.stream().map(InvokerContractIT::read).toList());
    assertThat(output).as("the request log is in these files").contains("\"adapter\":\"gcp\"");
    assertThat(output).doesNotContain(FakeGeminiApi.API_KEY);
  }

  private String logPrefix() {
    return entryPoint().getSimpleName() + "-";
  }

  private static Path deployedJar(Path deployDirectory) throws IOException {
    try (Stream<Path> files = Files.list(deployDirectory)) {
      List<Path> jars = files.filter(p -> p.toString().endsWith(".jar")).toList();
      assertThat(jars).as("Cloud Functions needs exactly one jar at the top of " + deployDirectory).hasSize(1);
      return jars.get(0);
    }
  }

  private static byte[] rawPost(String json) {
    return rawRequest("POST", json);
  }

  private static byte[] rawRequest(String method, String json) {
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    String head = method + " /api/token HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        + "Content-Length: " + body.length + "\r\n\r\n";
    ByteArrayOutputStream request = new ByteArrayOutputStream();
    request.writeBytes(head.getBytes(StandardCharsets.US_ASCII));
    request.writeBytes(body);
    return request.toByteArray();
  }

  private static long size(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** One HTTP/1.1 response with a Content-Length body, read off a raw socket. */
  private record RawResponse(int status, Map<String, String> headers, String body) {

    static RawResponse read(InputStream in) throws IOException {
      String statusLine = line(in);
      int status = Integer.parseInt(statusLine.split(" ")[1]);
      Map<String, String> headers = new HashMap<>();
      for (String header = line(in); !header.isEmpty(); header = line(in)) {
        int colon = header.indexOf(':');
        headers.put(header.substring(0, colon).trim().toLowerCase(Locale.ROOT), header.substring(colon + 1).trim());
      }
      int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
      return new RawResponse(status, headers, new String(in.readNBytes(length), StandardCharsets.UTF_8));
    }

    private static String line(InputStream in) throws IOException {
      StringBuilder line = new StringBuilder();
      for (int c = in.read(); c != '\n'; c = in.read()) {
        if (c < 0) {
          throw new IOException("connection closed after: " + line);
        }
        if (c != '\r') {
          line.append((char) c);
        }
      }
      return line.toString();
    }
  }
}
