package dev.livetoken.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.livetoken.contract.FakeGeminiApi;
import dev.livetoken.contract.ProofServers;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A real browser sends an ID token in {@code Authorization} across origins: Chromium preflights the header, the
 * server allows it, and the page gets its token. Without the token the page reads the 401.
 */
@EnabledIf(value = "dev.livetoken.local.BrowserBench#browserInstalled",
    disabledReason = "needs Debian's chromium and chromium-driver (apt-get install chromium chromium-driver)")
class BrowserIdTokenTest {

  private static final String PAGE = """
      <!doctype html><html><body><p id="result"></p><script>
      const query = new URLSearchParams(location.search);
      const headers = {'Content-Type': 'application/json'};
      if (query.get('idToken')) headers.Authorization = 'Bearer ' + query.get('idToken');
      fetch(query.get('endpoint'), {method: 'POST', headers, body: JSON.stringify({lang: 'auto'})})
        .then(r => r.ok ? r.json() : r.json().then(e => Promise.reject(new Error(r.status + ' ' + e.error))))
        .then(d => { document.getElementById('result').textContent = 'token ' + d.token; })
        .catch(e => { document.getElementById('result').textContent = 'failed ' + e.message; });
      </script></body></html>
      """;

  private static final ProofServers PROOFS = new ProofServers();

  @RegisterExtension
  static final BrowserBench bench = new BrowserBench(PAGE, allowedOrigin -> {
    Map<String, String> settings = new HashMap<>();
    PROOFS.environment(0).forEach((name, value) -> {
      if (name.startsWith("AUTH_") || name.equals("PROOF_TIMEOUT_MS")) {
        settings.put(name, value);
      }
    });
    settings.put("ALLOWED_ORIGINS", allowedOrigin);
    return settings;
  });

  @AfterAll
  static void stopProofServers() {
    PROOFS.close();
  }

  @Test
  void aPageSendingAnIdTokenAcrossOriginsGetsItsTokenAfterThePreflight() {
    String result = bench.run(bench.allowedPage,
        "endpoint=" + bench.tokenUrl() + "&idToken=" + PROOFS.idToken("browser-user"));

    assertThat(result).isEqualTo("token " + FakeGeminiApi.TOKEN_NAME);
    assertThat(bench.logLines()).extracting(line -> line.path("method").asText()).containsExactly("OPTIONS", "POST");
    assertThat(bench.logLines().get(1).path("proof").asText()).isEqualTo("auth_ok");
  }

  @Test
  void aPageWithoutTheTokenReadsThe401AndCostsNoUpstreamCall() {
    // The root path, which also mints: Chromium caches a preflight per URL, and the other case counts its own.
    String result = bench.run(bench.allowedPage, "endpoint=" + bench.tokenUrl().replace("/api/token", "/"));

    assertThat(result).isEqualTo("failed 401 An ID token is required: Authorization: Bearer <token>");
    assertThat(bench.gemini.tokenRequestCount()).isZero();
  }
}
