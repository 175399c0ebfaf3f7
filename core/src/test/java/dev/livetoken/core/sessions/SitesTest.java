package dev.livetoken.core.sessions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class SitesTest {

  @Test
  void readsSitesWithCanonicalOriginsAndOptionalBudgets() {
    Sites sites = Sites.parse("""
        {"site-a": {"origins": ["HTTPS://A.example:443", "https://www.a.example/"], "ratePerMinute": 60},
         "b.2_x": {"origins": ["http://localhost:8080"]}}""", "SITES");

    assertThat(sites.find("site-a")).contains(
        new Site("site-a", java.util.Set.of("https://a.example", "https://www.a.example"), 60));
    assertThat(sites.find("b.2_x")).contains(new Site("b.2_x", java.util.Set.of("http://localhost:8080"), 0));
    assertThat(sites.find("Site-A")).isEmpty();
    assertThat(Sites.parse("{\"" + "k".repeat(64) + "\": {\"origins\": [\"https://a.example\"]}}", "SITES")
        .find("k".repeat(64))).isPresent();
    assertThatThrownBy(() -> Sites.parse("{\"" + "k".repeat(65) + "\": {\"origins\": [\"https://a.example\"]}}",
        "SITES")).hasMessageContaining("has a site key that is not 1-64");
    assertThat(sites.find(null)).isEmpty();
    assertThat(sites.isEmpty()).isFalse();
    assertThat(Sites.none().isEmpty()).isTrue();
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "{\"a\": |is not valid JSON (line 1, column 6)",
      "[] |must be a JSON object mapping at least one site key",
      "{} |must be a JSON object mapping at least one site key",
      "{\"a b\": {\"origins\": [\"https://a.example\"]}} |has a site key that is not",
      "{\"-a\": {\"origins\": [\"https://a.example\"]}} |has a site key that is not",
      "{\"a\": [\"https://a.example\"]} |site 'a' must be an object",
      "{\"a\": {}} |site 'a' needs 'origins'",
      "{\"a\": {\"origins\": []}} |site 'a' needs 'origins'",
      "{\"a\": {\"origins\": \"https://a.example\"}} |site 'a' needs 'origins'",
      "{\"a\": {\"origins\": [\"a.example\"]}} |site 'a' has an entry in 'origins' that is not an origin",
      "{\"a\": {\"origins\": [\"https://a.example/path\"]}} |site 'a' has an entry in 'origins' that is not an origin",
      "{\"a\": {\"origins\": [7]}} |site 'a' has an entry in 'origins' that is not an origin",
      "{\"a\": {\"origins\": [\"https://a.example\"], \"ratePerMinute\": -1}} |site 'a' has a 'ratePerMinute'",
      "{\"a\": {\"origins\": [\"https://a.example\"], \"ratePerMinute\": 1.5}} |site 'a' has a 'ratePerMinute'",
      "{\"a\": {\"origins\": [\"https://a.example\"], \"ratePerMinute\": \"60\"}} |site 'a' has a 'ratePerMinute'",
      "{\"a\": {\"origins\": [\"https://a.example\"], \"ratePerMinute\": 3000000000}} |site 'a' has a 'ratePerMinute'",
      "{\"a\": {\"origins\": [\"https://a.example\"], \"ratePerMin\": 5}} |site 'a' has an unknown field 'ratePerMin'",
      "{\"a\": {\"origins\": [\"https://a.example\"]}, \"a\": {\"origins\": [\"https://b.example\"]}} |is not valid JSON",
  })
  void aMalformedValueIsRefusedNamingTheSetting(String json, String problem) {
    assertThatThrownBy(() -> Sites.parse(json.strip(), "SITES_FILE"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("SITES_FILE ")
        .hasMessageContaining(problem.strip());
  }
}
