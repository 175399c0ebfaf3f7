package dev.livetoken.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class OriginsTest {

  @ParameterizedTest
  @CsvSource({
      "https://shop.example, https://shop.example",
      "HTTPS://Shop.Example, https://shop.example",
      "https://shop.example:443, https://shop.example",
      "http://shop.example:80, http://shop.example",
      "http://localhost:8080, http://localhost:8080",
      "https://shop.example/, https://shop.example",
      "https://My_Site.example, https://my_site.example",
      "http://my_site.example:8080, http://my_site.example:8080",
      "https://my_site.example:443, https://my_site.example"})
  void canonicalForm(String origin, String canonical) {
    assertThat(Origins.canonical(origin)).contains(canonical);
  }

  @org.junit.jupiter.api.Test
  void anOriginIsAtMost2048Characters() {
    String longest = "https://" + "a".repeat(2040);

    assertThat(Origins.canonical(longest)).contains(longest);
    assertThat(Origins.canonical(longest + "a")).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"null", "file://", "shop.example", "https://", "https://user@shop.example",
      "https://shop.example/path", "https://shop.example?x", "chrome-extension://abc", "*",
      "https://user@my_site.example", "https://my_site.example:x", "https://my_site.example/path"})
  void notAnOrigin(String origin) {
    assertThat(Origins.canonical(origin)).isEmpty();
  }
}
