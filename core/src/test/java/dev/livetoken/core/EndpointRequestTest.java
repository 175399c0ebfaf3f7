package dev.livetoken.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Requests as adapters build them, and the one JSON error form their own failures use. */
class EndpointRequestTest {

  @Test
  void repeatedHeadersAreJoinedAndNamesMatchInAnyCase() throws IOException {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    headers.put("X-Forwarded-For", List.of("203.0.113.9", "198.51.100.7"));
    headers.put("x-forwarded-for", List.of("192.0.2.1"));
    headers.put("Origin", List.of());
    headers.put(null, List.of("HTTP/1.1 200"));
    headers.put("Accept", null);
    headers.put("content-type", List.of("application/json"));

    EndpointRequest request = EndpointRequest.ofMultiValued("test", "POST", "/api/token", headers,
        new ByteArrayInputStream(new byte[] {'{', '}'}), "127.0.0.1");

    assertThat(request.header("X-FORWARDED-FOR")).hasValue("203.0.113.9, 198.51.100.7, 192.0.2.1");
    assertThat(request.header("Content-Type")).hasValue("application/json");
    assertThat(request.header("Origin")).isEmpty();
    assertThat(request.headers()).containsOnlyKeys("X-Forwarded-For", "content-type");
    assertThat(request.body().readAllBytes()).containsExactly('{', '}');
    assertThat(request.peerAddress()).isEqualTo("127.0.0.1");
  }

  @Test
  void singleValuedHeadersInTwoCasesAreJoinedToo() {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Vary", "Origin");
    headers.put("vary", "Accept");

    assertThat(new EndpointRequest("test", "GET", "/", headers, null, null).header("VARY")).hasValue("Origin, Accept");
  }

  @Test
  void aMissingBodyIsEmpty() throws IOException {
    assertThat(new EndpointRequest("test", "GET", "/", Map.of(), null, null).body().read()).isEqualTo(-1);
  }

  @Test
  void anAdaptersOwnErrorIsTheContractsJsonError() {
    EndpointResponse response = EndpointResponse.error(400, "Malformed \"event\"");

    assertThat(response.status()).isEqualTo(400);
    assertThat(response.headers()).containsExactly(
        Map.entry("Content-Type", "application/json"), Map.entry("Cache-Control", "no-store"));
    assertThat(response.bodyText()).isEqualTo("{\"error\":\"Malformed \\\"event\\\"\"}");
    assertThat(Arrays.equals(response.body(), response.bodyText().getBytes(java.nio.charset.StandardCharsets.UTF_8)))
        .isTrue();
  }
}
