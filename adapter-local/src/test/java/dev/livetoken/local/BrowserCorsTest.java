package dev.livetoken.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.livetoken.contract.FakeGeminiApi;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * A real browser on a page from another origin calls the endpoint as the widget does, so Chromium itself
 * enforces CORS: it sends the preflight, and it hides the answer from a page whose origin is not allowed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BrowserCorsTest {

  @TempDir static Path profile; // static: a per-class instance gets its fields only after @BeforeAll
  private FakeGeminiApi gemini;
  private LocalServer server;
  private HttpServer allowedPage;
  private HttpServer otherPage;
  private ChromeDriver browser;
  private final ByteArrayOutputStream requestLog = new ByteArrayOutputStream();

  @BeforeAll
  void start() throws Exception {
    HeadlessChromium.assumeInstalled();
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

    browser = HeadlessChromium.start(profile);
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
    return HeadlessChromium.run(browser,
        origin(page) + "/widget.html?endpoint=http://127.0.0.1:" + server.port() + "/api/token");
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
    return HeadlessChromium.servePage("""
        <!doctype html><html><body><p id="result"></p><script>
        const endpoint = new URLSearchParams(location.search).get('endpoint');
        fetch(endpoint, {method: 'POST', headers: {'Content-Type': 'application/json'},
                         body: JSON.stringify({lang: 'auto', pageTitle: document.title, pageContent: 'Hello'})})
          .then(r => r.ok ? r.json() : Promise.reject(new Error('status ' + r.status)))
          .then(d => { document.getElementById('result').textContent = 'token ' + d.token; })
          .catch(e => { document.getElementById('result').textContent = 'failed ' + e.name + ': ' + e.message; });
        </script></body></html>
        """);
  }

  private static String origin(HttpServer page) {
    return HeadlessChromium.origin(page);
  }
}
