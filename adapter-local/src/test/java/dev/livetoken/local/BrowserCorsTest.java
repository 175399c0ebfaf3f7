package dev.livetoken.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.livetoken.contract.FakeGeminiApi;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A real browser on a page from another origin calls the endpoint as the widget does, so Chromium itself
 * enforces CORS: it sends the preflight, and it hides the answer from a page whose origin is not allowed.
 */
@EnabledIf(value = "dev.livetoken.local.BrowserBench#browserInstalled",
    disabledReason = "needs Debian's chromium and chromium-driver (apt-get install chromium chromium-driver)")
class BrowserCorsTest {

  /** Serves the widget's token call: a JSON POST, which a browser always preflights. */
  private static final String WIDGET_PAGE = """
      <!doctype html><html><body><p id="result"></p><script>
      const endpoint = new URLSearchParams(location.search).get('endpoint');
      fetch(endpoint, {method: 'POST', headers: {'Content-Type': 'application/json'},
                       body: JSON.stringify({lang: 'auto', pageTitle: document.title, pageContent: 'Hello'})})
        .then(r => r.ok ? r.json() : Promise.reject(new Error('status ' + r.status)))
        .then(d => { document.getElementById('result').textContent = 'token ' + d.token; })
        .catch(e => { document.getElementById('result').textContent = 'failed ' + e.name + ': ' + e.message; });
      </script></body></html>
      """;

  @RegisterExtension
  static final BrowserBench bench =
      new BrowserBench(WIDGET_PAGE, allowedOrigin -> Map.of("ALLOWED_ORIGINS", allowedOrigin));

  @Test
  void aPageFromAnAllowedOriginGetsATokenAfterARealPreflight() {
    String result = bench.run(bench.allowedPage, "endpoint=" + bench.tokenUrl());

    assertThat(result).isEqualTo("token " + FakeGeminiApi.TOKEN_NAME);
    assertThat(bench.gemini.tokenRequestCount()).isEqualTo(1);
    assertThat(bench.logLines()).extracting(line -> line.path("method").asText()).containsExactly("OPTIONS", "POST");
  }

  @Test
  void aPageFromAnotherOriginCannotFetchAndCostsNoUpstreamCall() {
    String result = bench.run(bench.otherPage, "endpoint=" + bench.tokenUrl());

    assertThat(result).startsWith("failed TypeError");
    assertThat(bench.gemini.tokenRequestCount()).isZero();
  }
}
