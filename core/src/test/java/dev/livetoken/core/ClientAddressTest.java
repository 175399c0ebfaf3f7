package dev.livetoken.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
  void aHopShapedLikeAnAddressButNotOneStopsTheWalk() {
    // InetAddress took 999.1.1.1 for a host name and asked DNS about it.
    for (String malformed : List.of("999.1.1.1", "1.2.3", "1:2", "::1::2")) {
      assertThat(ClientAddress.resolve("10.0.0.5", malformed, List.of("10.0.0.0/8"))).as(malformed)
          .isEqualTo("10.0.0.5");
    }
    assertThat(ClientAddress.resolve("10.0.0.5", "::ffff:198.51.100.7", List.of("10.0.0.0/8")))
        .isEqualTo("::ffff:198.51.100.7");
  }

  @Test
  void aRangeIsMatchedBitByBit() {
    List<String> nine = List.of("10.128.0.0/9");
    assertThat(ClientAddress.resolve("10.200.0.1", "198.51.100.7", nine)).isEqualTo("198.51.100.7");
    assertThat(ClientAddress.resolve("10.100.0.1", "198.51.100.7", nine)).isEqualTo("10.100.0.1");
    assertThat(ClientAddress.resolve("11.0.0.1", "198.51.100.7", List.of("10.0.0.0/8"))).isEqualTo("11.0.0.1");
    assertThat(ClientAddress.resolve("10.0.0.6", "198.51.100.7", List.of("10.0.0.5")))
        .as("an address without a prefix is one address").isEqualTo("10.0.0.6");
    assertThat(ClientAddress.resolve("10.0.0.5", "198.51.100.7", List.of("10.0.0.5"))).isEqualTo("198.51.100.7");
    assertThat(ClientAddress.resolve("203.0.113.9", "198.51.100.7", List.of("0.0.0.0/0"))).isEqualTo("198.51.100.7");
  }

  @Test
  void anIpv4RangeNeverHoldsAnIpv6Peer() {
    assertThat(ClientAddress.resolve("::1", "198.51.100.7", List.of("0.0.0.0/0"))).isEqualTo("::1");
  }

  @Test
  void rangesAreCheckedAtStartUp() {
    for (String valid : List.of("10.0.0.1", "0.0.0.0/0", "10.0.0.0/32", "::/0", "::1/128", "2001:db8::/32")) {
      ClientAddress.checkRange(valid);
    }
    for (String invalid : List.of("10.0.0.0/33", "10.0.0.0/-1", "10.0.0.0/abc", "::1/129", "proxy.internal", "")) {
      assertThatThrownBy(() -> ClientAddress.checkRange(invalid)).as(invalid)
          .hasMessage("TRUSTED_PROXIES entry is not an IP address or CIDR block: " + invalid);
    }
  }

  @Test
  void ipv6Ranges() {
    assertThat(ClientAddress.resolve("fd00::1", "2001:db8::7", List.of("fd00::/8"))).isEqualTo("2001:db8::7");
  }
}
