package dev.livetoken.gcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ForwardedClientTest {

  @Test
  void theRightmostEntryIsTheCaller() {
    assertThat(ForwardedClient.address(Map.of("X-Forwarded-For", List.of("203.0.113.9, 198.51.100.7"))))
        .isEqualTo("198.51.100.7");
  }

  @Test
  void aRepeatedHeaderCountsItsLastLine() {
    assertThat(ForwardedClient.address(Map.of("x-forwarded-for", List.of("203.0.113.9", "2001:db8::1 "))))
        .isEqualTo("2001:db8::1");
  }

  @Test
  void withoutTheHeaderTheCallerIsUnknown() {
    assertThat(ForwardedClient.address(Map.of("Origin", List.of("https://shop.example"))))
        .isEqualTo(ForwardedClient.UNKNOWN);
    assertThat(ForwardedClient.address(Map.of("X-Forwarded-For", List.of("203.0.113.9, "))))
        .isEqualTo(ForwardedClient.UNKNOWN);
  }
}
