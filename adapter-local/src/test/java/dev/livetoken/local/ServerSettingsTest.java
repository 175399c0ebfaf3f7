package dev.livetoken.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class ServerSettingsTest {

  @Test
  void defaultsWhenUnsetOrBlank() {
    assertThat(ServerSettings.from(Map.<String, String>of()::get))
        .isEqualTo(new ServerSettings(3001, 10, 2048, OptionalInt.empty()));
    assertThat(ServerSettings.from(Map.of("PORT", " ", "MAX_CONNECTIONS", "")::get))
        .isEqualTo(new ServerSettings(3001, 10, 2048, OptionalInt.empty()));
  }

  @Test
  void readsEachSettingAtItsBounds() {
    assertThat(ServerSettings.from(Map.of("PORT", "0", "REQUEST_TIMEOUT_SECONDS", "1", "MAX_CONNECTIONS", "1")::get))
        .isEqualTo(new ServerSettings(0, 1, 1, OptionalInt.empty()));
    assertThat(ServerSettings.from(Map.of("PORT", " 65535 ", "REQUEST_TIMEOUT_SECONDS", "3600")::get))
        .isEqualTo(new ServerSettings(65_535, 3_600, 2048, OptionalInt.empty()));
  }

  @Test
  void aMalformedOrOutOfRangeValueIsRefusedNamingTheVariableNotTheValue() {
    Map<String, String> bad = Map.of(
        "PORT", "abc",
        "REQUEST_TIMEOUT_SECONDS", "99999",
        "MAX_CONNECTIONS", "-5");
    bad.forEach((name, value) -> {
      Map<String, String> valid = new java.util.HashMap<>(Map.of("PORT", "1", "REQUEST_TIMEOUT_SECONDS", "1"));
      valid.put(name, value);
      assertThatThrownBy(() -> ServerSettings.from(valid::get)).as(name)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith(name + " must be a whole number between ")
          .hasMessageNotContaining(value);
    });
    assertThatThrownBy(() -> ServerSettings.from(Map.of("REQUEST_TIMEOUT_SECONDS", "0")::get))
        .hasMessage("REQUEST_TIMEOUT_SECONDS must be a whole number between 1 and 3600");
    assertThatThrownBy(() -> ServerSettings.from(Map.of("PORT", "65536")::get))
        .hasMessage("PORT must be a whole number between 0 and 65535");
    assertThatThrownBy(() -> ServerSettings.from(Map.of("PORT", "99999999999")::get))
        .hasMessage("PORT must be a whole number between 0 and 65535");
  }
}
