package dev.livetoken.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.livetoken.contract.FakeGeminiApi;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A real browser on a page from another origin calls the endpoint as the widget does, so Chromium itself
 * enforces CORS: it sends the preflight, and it hides the answer from a page whose origin is not allowed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@EnabledIf(value = "browserInstalled",
    disabledReason = "needs Debian's chromium and chromium-driver (apt-get install chromium chromium-driver)")
class BrowserCorsTest {

  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

  @TempDir static Path profile; // static: a per-class instance gets its fields only after @BeforeAll
  private FakeGeminiApi gemini;
  private LocalServer server;
  private HttpServer allowedPage;
  private HttpServer otherPage;
  private ChromeDriver browser;
  private final ByteArrayOutputStream requestLog = new ByteArrayOutputStream();

  @BeforeAll
  void start() throws Exception {
    gemini = new FakeGeminiApi();
    allowedPage = pageServer();
    otherPage = pageServer();

    Map<String, String> settings = new HashMap<>();
    settings.put("PORT", "0");
    settings.put("GEMINI_API_KEY", FakeGeminiApi.API_KEY);
    settings.put("GEMINI_BASE_URL", gemini.baseUrl());
    settings.put("ALLOWED_ORIGINS", origin(allowedPage));
    PrintStream console = System.out;
    System.setOut(new PrintStream(requestLog, true, StandardCharsets.UTF_8)); // the endpoint logs here
    try {
      server = LocalServer.start(settings);
    } finally {
      System.setOut(console);
    }

    ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile()).addArguments(
        "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
        "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--user-data-dir=" + profile);
    browser = new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
        .usingAnyFreePort().build(), options);
  }

  /**
   * CI installs Debian's chromium and chromedriver (.ci/run), and there the test must run; elsewhere it is
   * reported as skipped with the reason above.
   */
  static boolean browserInstalled() {
    return Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER) || "true".equals(System.getenv("CI"));
  }

  @AfterAll
  void stop() {
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
  }

  @BeforeEach
  void reset() {
    gemini.reset();
    requestLog.reset();
  }

  @Test
  void aPageFromAnAllowedOriginGetsATokenAfterARealPreflight() throws Exception {
    String result = runWidget(allowedPage);

    assertThat(result).isEqualTo("token " + FakeGeminiApi.TOKEN_NAME);
    assertThat(gemini.tokenRequestCount()).isEqualTo(1);
    assertThat(loggedMethods()).containsExactly("OPTIONS", "POST");
  }

  @Test
  void aPageFromAnotherOriginCannotFetchAndCostsNoUpstreamCall() throws Exception {
    String result = runWidget(otherPage);

    assertThat(result).startsWith("failed TypeError");
    assertThat(gemini.tokenRequestCount()).isZero();
  }

  private String runWidget(HttpServer page) {
    browser.get(origin(page) + "/widget.html?endpoint=http://127.0.0.1:" + server.port() + "/api/token");
    return new WebDriverWait(browser, Duration.ofSeconds(30))
        .until(driver -> {
          String text = driver.findElement(By.id("result")).getText();
          return text.isEmpty() ? null : text;
        });
  }

  private String[] loggedMethods() throws Exception {
    ObjectMapper json = new ObjectMapper();
    return requestLog.toString(StandardCharsets.UTF_8).lines()
        .map(line -> {
          try {
            return json.readTree(line).path("method").asText();
          } catch (Exception e) {
            throw new IllegalStateException(line, e);
          }
        })
        .filter(method -> !method.isEmpty())
        .toArray(String[]::new);
  }

  /** Serves the widget's token call: a JSON POST, which a browser always preflights. */
  private static HttpServer pageServer() throws Exception {
    HttpServer page = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
    byte[] html = """
        <!doctype html><html><body><p id="result"></p><script>
        const endpoint = new URLSearchParams(location.search).get('endpoint');
        fetch(endpoint, {method: 'POST', headers: {'Content-Type': 'application/json'},
                         body: JSON.stringify({lang: 'auto', pageTitle: document.title, pageContent: 'Hello'})})
          .then(r => r.ok ? r.json() : Promise.reject(new Error('status ' + r.status)))
          .then(d => { document.getElementById('result').textContent = 'token ' + d.token; })
          .catch(e => { document.getElementById('result').textContent = 'failed ' + e.name + ': ' + e.message; });
        </script></body></html>
        """.getBytes(StandardCharsets.UTF_8);
    page.createContext("/widget.html", exchange -> {
      exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
      exchange.sendResponseHeaders(200, html.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(html);
      }
    });
    page.start();
    return page;
  }

  private static String origin(HttpServer page) {
    return "http://127.0.0.1:" + page.getAddress().getPort();
  }
}
