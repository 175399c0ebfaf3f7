package dev.livetoken.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ForwardedForTest {

  @Test
  void theRightmostEntryIsTheCaller() {
    assertThat(ForwardedFor.rightmost(Map.of("X-Forwarded-For", List.of("203.0.113.9, 198.51.100.7"))))
        .isEqualTo("198.51.100.7");
  }

  @Test
  void aRepeatedHeaderCountsItsLastLine() {
    assertThat(ForwardedFor.rightmost(Map.of("x-forwarded-for", List.of("203.0.113.9", "2001:db8::1 "))))
        .isEqualTo("2001:db8::1");
  }

  @Test
  void withoutAnEntryThereIsNoAddress() {
    assertThat(ForwardedFor.rightmost(Map.of("Origin", List.of("https://shop.example")))).isNull();
    assertThat(ForwardedFor.rightmost(Map.of("X-Forwarded-For", List.of("203.0.113.9, ")))).isNull();
  }
}
