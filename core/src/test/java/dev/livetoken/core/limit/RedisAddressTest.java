package dev.livetoken.core.limit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RedisAddressTest {

  @Test
  void readsHostPortDatabaseUserAndPassword() {
    RedisAddress address = RedisAddress.parse("redis://app:pa%3Ass@cache.internal:6380/3");

    assertThat(address).isEqualTo(new RedisAddress(false, "cache.internal", 6380, 3, Optional.of("app"),
        Optional.of("pa:ss")));
  }

  @Test
  void defaultsAndTls() {
    assertThat(RedisAddress.parse("rediss://10.0.0.5"))
        .isEqualTo(new RedisAddress(true, "10.0.0.5", 6379, 0, Optional.empty(), Optional.empty()));
    assertThat(RedisAddress.parse("REDIS://[::1]:7000/"))
        .isEqualTo(new RedisAddress(false, "::1", 7000, 0, Optional.empty(), Optional.empty()));
  }

  @Test
  void aPasswordAloneWithOrWithoutTheColon() {
    assertThat(RedisAddress.parse("redis://:only-pw@h:1").password()).contains("only-pw");
    assertThat(RedisAddress.parse("redis://:only-pw@h:1").user()).isEmpty();
    assertThat(RedisAddress.parse("redis://only-pw@h:1").password()).contains("only-pw");
    assertThat(RedisAddress.parse("redis://only-pw@h:1").user()).isEmpty();
  }

  @Test
  void neverPrintsThePassword() {
    RedisAddress address = RedisAddress.parse("rediss://default:hunter2-secret@cache.example:6380/1");

    assertThat(address.toString()).isEqualTo("rediss://cache.example:6380/1 (with password)");
    assertThat(RedisAddress.parse("redis://[::1]:7000").toString()).isEqualTo("redis://[::1]:7000/0");
  }

  @Test
  void aHostNameWithAnUnderscoreAsDockerComposeNamesServices() {
    assertThat(RedisAddress.parse("redis://redis_cache:6379"))
        .isEqualTo(new RedisAddress(false, "redis_cache", 6379, 0, Optional.empty(), Optional.empty()));
    assertThat(RedisAddress.parse("rediss://app:p%40ss@redis_cache.internal:6380/2"))
        .isEqualTo(new RedisAddress(true, "redis_cache.internal", 6380, 2, Optional.of("app"), Optional.of("p@ss")));
    assertThat(RedisAddress.parse("redis://:pw@redis_cache").password()).contains("pw");
    assertThat(RedisAddress.parse("redis://:pw@redis_cache").port()).isEqualTo(6379);
  }

  @Test
  void aCaFileIsForTlsOnly() {
    assertThat(RedisAddress.parse("rediss://cache:6380").withCaFile(Optional.of("/etc/redis-ca.pem")).caFile())
        .contains(java.nio.file.Path.of("/etc/redis-ca.pem"));
    assertThat(RedisAddress.parse("rediss://cache:6380").withCaFile(Optional.empty()).caFile()).isEmpty();
    assertThat(RedisAddress.parse("redis://cache").withCaFile(Optional.empty()).caFile()).isEmpty();
    assertThatThrownBy(() -> RedisAddress.parse("redis://cache").withCaFile(Optional.of("/etc/redis-ca.pem")))
        .hasMessage("REDIS_CA_FILE is for a rediss:// REDIS_URL (TLS) only");
  }

  @Test
  void aCaFileThatIsMissingOrHoldsNoCertificateStopsTheStartNamingTheVariable(@org.junit.jupiter.api.io.TempDir
      java.nio.file.Path directory) throws Exception {
    java.nio.file.Path empty = java.nio.file.Files.writeString(directory.resolve("empty.pem"), "");
    java.nio.file.Path junk = java.nio.file.Files.writeString(directory.resolve("junk.pem"),
        "-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydA==\n-----END CERTIFICATE-----\n");

    assertThatThrownBy(() -> RedisTls.trust(directory.resolve("missing.pem")))
        .hasMessageStartingWith("REDIS_CA_FILE could not be read");
    assertThatThrownBy(() -> RedisTls.trust(empty)).hasMessageStartingWith("REDIS_CA_FILE ");
    assertThatThrownBy(() -> RedisTls.trust(junk)).hasMessageStartingWith("REDIS_CA_FILE is not a file of PEM");
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "redis://default:hunter2-secret@redis_cache:notaport", "redis://default:hunter2-secret@redis_cache:6379/x",
      "http://default:hunter2-secret@cache:6379", "cache:6379", "redis://default:hunter2-secret@/0",
      "redis://default:hunter2-secret@cache:6379/db1", "redis://default:hunter2-secret@cache:6379/1?x=1",
      "redis://default:hunter2-secret@cache:6379/1#f", "redis://default:hunter2 secret@cache:6379",
      "redis://default:hunter2-secret@cache:notaport", "redis://default:hunter2-secret%zz@cache:6379"})
  void aMalformedUrlIsRefusedNamingTheVariableNotTheSecret(String url) {
    assertThatThrownBy(() -> RedisAddress.parse(url))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("REDIS_URL")
        .hasMessageNotContaining("hunter2");
  }
}
