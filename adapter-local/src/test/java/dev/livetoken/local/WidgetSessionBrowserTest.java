package dev.livetoken.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.livetoken.contract.FakeGeminiApi;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A page in a real browser makes the widget's two calls against the local server, with a site key: a token
 * (reading {@code sessionMeta}), then the session-end report beside the token URL. Chromium sends the
 * preflights; the server's log must then hold exactly one usage line for that session.
 */
@EnabledIf(value = "dev.livetoken.local.BrowserBench#browserInstalled",
    disabledReason = "needs Debian's chromium and chromium-driver (apt-get install chromium chromium-driver)")
class WidgetSessionBrowserTest {

  private static final String SITE = "e2e-site";
  private static final String PAGE_TEXT = "Widget page text 5521";

  /**
   * The widget's calls as its source makes them: the token request's body keys in its order, then, when the
   * answer carried sessionMeta.sessionId, the report to /api/sessions/end beside the token URL with the
   * session's length in whole seconds (the timer starts once the session is up).
   */
  private static final String WIDGET_PAGE = """
      <!doctype html><html><head><title>Widget test page</title></head><body><main>%s</main>
      <p id="result"></p><script>
      const params = new URLSearchParams(location.search);
      const tokenUrl = params.get('endpoint');
      const siteKey = params.get('siteKey');
      const show = text => { document.getElementById('result').textContent = text; };
      (async () => {
        try {
          const body = {model: 'gemini-3.1-flash-live-preview', voice: 'Aoede', lang: 'auto',
                        pageTitle: document.title, pageUrl: location.href,
                        pageContent: document.querySelector('main').innerText, interactiveHighlights: true};
          if (siteKey) body.siteKey = siteKey;
          const response = await fetch(tokenUrl, {method: 'POST',
              headers: {'Content-Type': 'application/json'}, body: JSON.stringify(body)});
          const data = await response.json();
          if (!response.ok) throw new Error(data.message || data.error);
          const started = Date.now();
          const endUrl = tokenUrl.replace(/\\/api\\/token$/, '/api/sessions/end');
          const ended = await fetch(endUrl, {method: 'POST', headers: {'Content-Type': 'application/json'},
              body: JSON.stringify({siteKey: siteKey || '', sessionId: data.sessionMeta.sessionId,
                                    duration: Math.floor((Date.now() - started) / 1000)})});
          show('ended ' + ended.status + ' ' + data.sessionMeta.sessionId);
        } catch (e) {
          show('failed ' + e.name + ': ' + e.message);
        }
      })();
      </script></body></html>
      """.formatted(PAGE_TEXT);

  @RegisterExtension
  static final BrowserBench bench = new BrowserBench(WIDGET_PAGE,
      allowedOrigin -> Map.of("SITES", "{\"" + SITE + "\": {\"origins\": [\"" + allowedOrigin + "\"]}}"));

  @Test
  void aSessionEndedInTheBrowserIsExactlyOneUsageLine() {
    String result = bench.run(bench.allowedPage, "siteKey=" + SITE + "&endpoint=" + bench.tokenUrl());

    assertThat(result).startsWith("ended 204 ");
    String sessionId = result.substring("ended 204 ".length());
    List<JsonNode> lines = bench.logLines();
    assertThat(lines).extracting(line -> line.path("method").asText() + " " + line.path("path").asText())
        .containsExactly("OPTIONS /api/token", "POST /api/token", "OPTIONS /api/sessions/end",
            "POST /api/sessions/end");
    assertThat(lines.get(1).get("site").asText()).isEqualTo(SITE);
    List<JsonNode> usage = lines.stream().filter(line -> line.path("event").asText().equals("session_end")).toList();
    assertThat(usage).hasSize(1);
    assertThat(usage.get(0).get("sessionId").asText()).isEqualTo(sessionId);
    assertThat(usage.get(0).get("site").asText()).isEqualTo(SITE);
    assertThat(usage.get(0).get("model").asText()).isEqualTo("gemini-3.1-flash-live-preview");
    assertThat(usage.get(0).get("voice").asText()).isEqualTo("Aoede");
    assertThat(usage.get(0).get("duration").asLong()).isZero();
    assertThat(bench.gemini.onlyTokenRequestBody()
        .at("/bidiGenerateContentSetup/systemInstruction/parts/0/text").asText()).contains(PAGE_TEXT);
    assertThat(bench.logText()).doesNotContain(PAGE_TEXT, FakeGeminiApi.TOKEN_NAME, FakeGeminiApi.API_KEY);
  }

  @Test
  void aPageFromAnotherOriginWithTheSameSiteKeyGetsNoTokenAndNoUsage() {
    String result = bench.run(bench.otherPage, "siteKey=" + SITE + "&endpoint=" + bench.tokenUrl());

    assertThat(result).startsWith("failed TypeError");
    assertThat(bench.gemini.tokenRequestCount()).isZero();
    assertThat(bench.logLines()).noneMatch(line -> line.has("event"));
  }
}
