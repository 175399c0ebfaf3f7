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

  @ParameterizedTest
  @ValueSource(strings = {
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
