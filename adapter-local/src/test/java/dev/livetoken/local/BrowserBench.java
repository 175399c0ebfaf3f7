package dev.livetoken.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.livetoken.contract.FakeGeminiApi;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * What the browser tests run against: the fake Gemini API, the local server (its log captured), one page on
 * each of two loopback origins ({@link #allowedPage}, {@link #otherPage}) and Debian's Chromium, headless,
 * through Debian's chromedriver. Each page's script writes its outcome into {@code #result}. As a JUnit
 * extension ({@code @RegisterExtension static}) it starts before the class (skipping it where Chromium is
 * missing, except in CI, which installs it: .ci/run), is reset before each test and stopped after the class.
 */
final class BrowserBench implements BeforeAllCallback, BeforeEachCallback, AfterAllCallback {

  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String html;
  private final Function<String, Map<String, String>> extraSettings;
  private final ByteArrayOutputStream log = new ByteArrayOutputStream();
  FakeGeminiApi gemini;
  HttpServer allowedPage;
  HttpServer otherPage;
  private LocalServer server;
  private Path profile;
  private ChromeDriver browser;

  /**
   * @param html the page both origins serve at {@code /widget.html}
   * @param extraSettings the server's settings beyond the key and the fake upstream, given the allowed page's
   *     origin
   */
  BrowserBench(String html, Function<String, Map<String, String>> extraSettings) {
    this.html = html;
    this.extraSettings = extraSettings;
  }

  /**
   * Whether the browser tests run: CI installs Debian's chromium and chromedriver (.ci/run), and there they must
   * run; elsewhere a class that asks this with {@code @EnabledIf} is reported as skipped with its reason.
   */
  static boolean browserInstalled() {
    return Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER) || "true".equals(System.getenv("CI"));
  }

  @Override
  public void beforeAll(ExtensionContext context) throws IOException {
    gemini = new FakeGeminiApi();
    allowedPage = servePage(html);
    otherPage = servePage(html);
    Map<String, String> settings = new HashMap<>(extraSettings.apply(origin(allowedPage)));
    settings.put("PORT", "0");
    settings.put("GEMINI_API_KEY", FakeGeminiApi.API_KEY);
    settings.put("GEMINI_BASE_URL", gemini.baseUrl());
    PrintStream console = System.out;
    System.setOut(new PrintStream(log, true, StandardCharsets.UTF_8)); // the endpoint logs here
    try {
      server = LocalServer.start(settings);
    } finally {
      System.setOut(console);
    }
    profile = Files.createTempDirectory("chromium-profile");
    ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile()).addArguments(
        "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
        "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--user-data-dir=" + profile);
    browser = new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
        .usingAnyFreePort().build(), options);
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    gemini.reset();
    log.reset();
  }

  /** The token URL the pages are given. */
  String tokenUrl() {
    return "http://127.0.0.1:" + server.port() + "/api/token";
  }

  /** Opens {@code /widget.html?query} on the page's origin and waits for its script's outcome. */
  String run(HttpServer page, String query) {
    browser.get(origin(page) + "/widget.html?" + query);
    return new WebDriverWait(browser, Duration.ofSeconds(30))
        .until(driver -> {
          String text = driver.findElement(By.id("result")).getText();
          return text.isEmpty() ? null : text;
        });
  }

  String logText() {
    return log.toString(StandardCharsets.UTF_8);
  }

  /** The server's log since the last {@link #reset}, one JSON object per line. */
  List<JsonNode> logLines() {
    List<JsonNode> lines = new ArrayList<>();
    for (String line : logText().strip().split("\n")) {
      if (!line.isBlank()) {
        try {
          lines.add(JSON.readTree(line));
        } catch (IOException e) {
          throw new UncheckedIOException("not a JSON log line: " + line, e);
        }
      }
    }
    return lines;
  }

  static String origin(HttpServer page) {
    return "http://127.0.0.1:" + page.getAddress().getPort();
  }

  @Override
  public void afterAll(ExtensionContext context) throws IOException {
    if (browser != null) {
      browser.quit();
    }
    if (server != null) {
      server.close();
    }
    for (HttpServer page : new HttpServer[] {allowedPage, otherPage}) {
      if (page != null) {
        page.stop(0);
      }
    }
    if (gemini != null) {
      gemini.close();
    }
    if (profile != null) {
      try (Stream<Path> files = Files.walk(profile)) {
        files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
      }
    }
  }

  private static HttpServer servePage(String html) throws IOException {
    byte[] bytes = html.getBytes(StandardCharsets.UTF_8);
    HttpServer page = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
    page.createContext("/widget.html", exchange -> {
      exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
      exchange.sendResponseHeaders(200, bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    });
    page.start();
    return page;
  }
}
