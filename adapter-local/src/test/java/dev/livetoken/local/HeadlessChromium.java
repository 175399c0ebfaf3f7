package dev.livetoken.local;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** Debian's Chromium, headless, through Debian's chromedriver, and the pages the browser tests load in it. */
final class HeadlessChromium {

  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

  private HeadlessChromium() {}

  /** Skips the test class where Chromium is missing, except in CI, which installs it (.ci/run). */
  static void assumeInstalled() {
    assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER) || "true".equals(System.getenv("CI")),
        "needs apt-get install chromium chromium-driver");
  }

  static ChromeDriver start(Path profile) {
    ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile()).addArguments(
        "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
        "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--user-data-dir=" + profile);
    return new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
        .usingAnyFreePort().build(), options);
  }

  /** Serves one HTML page at {@code /widget.html} on its own loopback origin. */
  static HttpServer servePage(String html) throws Exception {
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

  static String origin(HttpServer page) {
    return "http://127.0.0.1:" + page.getAddress().getPort();
  }

  /** Opens the page and waits for its script to write its outcome into {@code #result}. */
  static String run(ChromeDriver browser, String url) {
    browser.get(url);
    return new WebDriverWait(browser, Duration.ofSeconds(30))
        .until(driver -> {
          String text = driver.findElement(By.id("result")).getText();
          return text.isEmpty() ? null : text;
        });
  }
}
