package dev.livetoken.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ClientAddressTest {

  @Test
  void withoutTrustedProxiesTheForwardedHeaderIsIgnored() {
    assertThat(ClientAddress.resolve("203.0.113.9", "1.2.3.4", List.of())).isEqualTo("203.0.113.9");
  }

  @Test
  void aTrustedProxysForwardedEntryIsBelieved() {
    assertThat(ClientAddress.resolve("10.0.0.5", "198.51.100.7", List.of("10.0.0.0/8"))).isEqualTo("198.51.100.7");
  }

  @Test
  void onlyHopsAddedByTrustedProxiesAreBelieved() {
    // The client forged 1.2.3.4; the trusted proxy appended the real address.
    assertThat(ClientAddress.resolve("10.0.0.5", "1.2.3.4, 198.51.100.7", List.of("10.0.0.0/8")))
        .isEqualTo("198.51.100.7");
    assertThat(ClientAddress.resolve("10.0.0.5", "1.2.3.4, 10.0.0.9", List.of("10.0.0.0/8")))
        .isEqualTo("1.2.3.4");
  }

  @Test
  void anUntrustedPeerIsNeverReplaced() {
    assertThat(ClientAddress.resolve("203.0.113.9", "1.2.3.4", List.of("10.0.0.0/8"))).isEqualTo("203.0.113.9");
  }

  @Test
  void junkInTheHeaderStopsTheWalk() {
    assertThat(ClientAddress.resolve("::1", "evil.example", List.of("::1"))).isEqualTo("::1");
    assertThat(ClientAddress.resolve("127.0.0.1", "", List.of("127.0.0.1"))).isEqualTo("127.0.0.1");
  }

  @Test
  void ipv6Ranges() {
    assertThat(ClientAddress.resolve("fd00::1", "2001:db8::7", List.of("fd00::/8"))).isEqualTo("2001:db8::7");
  }
}
