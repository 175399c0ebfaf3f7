package dev.livetoken.core.limit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CallerKeyTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', textBlock = """
      203.0.113.7                              | 203.0.113.7
      ' 203.0.113.7 '                          | 203.0.113.7
      0.0.0.0                                  | 0.0.0.0
      255.255.255.255                          | 255.255.255.255
      2001:db8:85a3:8d3:1319:8a2e:370:7348     | 2001:db8:85a3:8d3::/64
      2001:0DB8:85A3:08D3:1319:8A2E:0370:7348  | 2001:db8:85a3:8d3::/64
      2001:db8:85a3:8d3::1                     | 2001:db8:85a3:8d3::/64
      2001:db8:85a3:8d3::                      | 2001:db8:85a3:8d3::/64
      2001:db8::1                              | 2001:db8::/64
      2001:db8:0:0:ffff:ffff:ffff:ffff         | 2001:db8::/64
      2001:db8:0:1::1                          | 2001:db8:0:1::/64
      [2001:db8:85a3:8d3::1]                   | 2001:db8:85a3:8d3::/64
      fe80::1%eth0                             | fe80::/64
      fe80::abcd%25                            | fe80::/64
      0:0:0:0:0:0:0:1                          | ::/64
      ::1                                      | ::/64
      ::                                       | ::/64
      ::ffff:192.0.2.1                         | 192.0.2.1
      ::FFFF:c000:0201                         | 192.0.2.1
      0:0:0:0:0:ffff:192.0.2.1                 | 192.0.2.1
      64:ff9b::192.0.2.1                       | 64:ff9b::/64
      2001:db8:1:2:3:4:192.0.2.1               | 2001:db8:1:2::/64
      unknown                                  | unknown
      not-an-address                           | not-an-address
      999.1.1.1                                | 999.1.1.1
      1.2.3                                    | 1.2.3
      """)
  void countsIpv4PerAddressAndIpv6PerSlash64(String address, String key) {
    assertThat(CallerKey.of(address)).isEqualTo(key);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', textBlock = """
      2001:db8:85a3:8d3::1          | 2001:db8:85a3:8d3:ffff:ffff:ffff:fffe
      2001:db8:85a3:8d3:a::         | 2001:DB8:85A3:08D3:0:0:0:B
      ::ffff:198.51.100.9           | 198.51.100.9
      """)
  void oneCallerWhateverTheSpelling(String one, String other) {
    assertThat(CallerKey.of(one)).isEqualTo(CallerKey.of(other));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', textBlock = """
      2001:db8:85a3:8d3::1          | 2001:db8:85a3:8d4::1
      2001:db8:85a3:8d3::1          | 2001:db9:85a3:8d3::1
      198.51.100.9                  | 198.51.100.10
      ::ffff:198.51.100.9           | ::/64
      """)
  void neighboursAreOtherCallers(String one, String other) {
    assertThat(CallerKey.of(one)).isNotEqualTo(CallerKey.of(other));
  }

  @org.junit.jupiter.api.Test
  void aMissingAddressIsUnknown() {
    assertThat(CallerKey.of(null)).isEqualTo("unknown");
    assertThat(CallerKey.of(" ")).isEqualTo("unknown");
  }
}
