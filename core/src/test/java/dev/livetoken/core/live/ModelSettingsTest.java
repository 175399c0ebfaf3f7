package dev.livetoken.core.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.livetoken.core.Settings;
import dev.livetoken.core.live.ModelSettings.ThinkingLevel;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The model settings as an operator writes them, read through {@link Settings#from}. */
class ModelSettingsTest {

  private static ModelSettings read(String... settings) {
    Map<String, String> env = new HashMap<>();
    for (int i = 0; i < settings.length; i += 2) {
      env.put(settings[i], settings[i + 1]);
    }
    return Settings.from(env::get).models();
  }

  @Test
  void defaults() {
    ModelSettings models = read();

    assertThat(models.allowed()).containsExactlyInAnyOrder("gemini-3.8-live", "gemini-3.8-live-extended-thinking",
        "gemini-3.1-flash-live-preview", "gemini-2.5-flash-native-audio-preview-12-2025",
        "gemini-2.5-flash-native-audio-preview-09-2025");
    assertThat(models.defaultModel()).isEqualTo("gemini-3.1-flash-live-preview");
    assertThat(models.aliases()).isEmpty();
    assertThat(models.thinkingLevel()).isEqualTo(ThinkingLevel.LOW);
    assertThat(models.sessionResumption()).isTrue();
    assertThat(models.contextCompression()).isTrue();
  }

  @Test
  void readsEachSetting() {
    ModelSettings models = read(
        "DEFAULT_MODEL", " gemini-3.8-live ",
        "MODEL_ALIASES", " gemini-live-2.5-flash-preview = gemini-3.8-live ,,gemini-3.1-flash-live-preview=gemini-3.8-live,",
        "THINKING_LEVEL", "High",
        "SESSION_RESUMPTION", "false",
        "CONTEXT_COMPRESSION", "FALSE");

    assertThat(models.defaultModel()).isEqualTo("gemini-3.8-live");
    assertThat(models.aliases()).containsExactlyInAnyOrderEntriesOf(Map.of(
        "gemini-live-2.5-flash-preview", "gemini-3.8-live", "gemini-3.1-flash-live-preview", "gemini-3.8-live"));
    assertThat(models.thinkingLevel()).isEqualTo(ThinkingLevel.HIGH);
    assertThat(models.sessionResumption()).isFalse();
    assertThat(models.contextCompression()).isFalse();
  }

  @Test
  void anAliasIsMintedAsItsTargetAndAnythingElseOnlyIfAllowed() {
    ModelSettings models = read("ALLOWED_MODELS", "gemini-3.8-live, gemini-3.1-flash-live-preview",
        "MODEL_ALIASES", "gemini-3.1-flash-live-preview=gemini-3.8-live,gemini-2.0-flash-live-001=gemini-3.8-live");

    assertThat(models.resolve("gemini-3.1-flash-live-preview")).contains("gemini-3.8-live");
    assertThat(models.resolve("gemini-2.0-flash-live-001")).as("a retired model's pages move on").contains("gemini-3.8-live");
    assertThat(models.resolve("gemini-3.8-live")).contains("gemini-3.8-live");
    assertThat(models.resolve("gemini-3.8-live-extended-thinking")).as("not allowed here").isEmpty();
  }

  @Test
  void aDefaultModelMayBeAnAliasOfAnAllowedOne() {
    ModelSettings models = read("ALLOWED_MODELS", "gemini-3.8-live", "DEFAULT_MODEL", "gemini-3.1-flash-live-preview",
        "MODEL_ALIASES", "gemini-3.1-flash-live-preview=gemini-3.8-live");

    assertThat(models.resolve(models.defaultModel())).contains("gemini-3.8-live");
  }

  @Test
  void withoutDefaultModelAnAllowlistWithoutTheSeedsDefaultStillStarts() {
    ModelSettings models = read("ALLOWED_MODELS", "gemini-3.8-live");

    assertThat(models.resolve(models.defaultModel())).isEmpty();
  }

  @ParameterizedTest(name = "{0}={1}")
  @CsvSource(delimiter = '|', value = {
      "MODEL_ALIASES|gemini-3.1-flash-live-preview|MODEL_ALIASES must be requested=minted pairs separated by commas",
      "MODEL_ALIASES|a=|MODEL_ALIASES must be requested=minted pairs",
      "MODEL_ALIASES|=gemini-3.8-live|MODEL_ALIASES must be requested=minted pairs",
      "MODEL_ALIASES|a=b=gemini-3.8-live|MODEL_ALIASES must be requested=minted pairs",
      "MODEL_ALIASES|a=gemini-3.8-live,b|MODEL_ALIASES must be requested=minted pairs",
      "MODEL_ALIASES|a=gemini-3.8-live, a =gemini-3.8-live|MODEL_ALIASES names a twice",
      "MODEL_ALIASES|gemini-3.8-live=gemini-3.8-live|MODEL_ALIASES maps gemini-3.8-live to itself",
      "MODEL_ALIASES|a=gemini-9-live|MODEL_ALIASES maps a to gemini-9-live, which ALLOWED_MODELS does not allow",
      "MODEL_ALIASES|a=gemini-3.1-flash-live-preview,gemini-3.1-flash-live-preview=gemini-3.8-live|"
          + "MODEL_ALIASES maps a to gemini-3.1-flash-live-preview, which is itself an alias",
      "DEFAULT_MODEL|gemini-9-live|DEFAULT_MODEL must be one of ALLOWED_MODELS",
      "THINKING_LEVEL|extreme|THINKING_LEVEL must be low, medium or high",
      "THINKING_LEVEL|minimal|THINKING_LEVEL must be low, medium or high",
      "SESSION_RESUMPTION|yes|SESSION_RESUMPTION must be true or false",
      "CONTEXT_COMPRESSION|1|CONTEXT_COMPRESSION must be true or false",
      "ALLOWED_MODELS|' , '|ALLOWED_MODELS must name at least one model"})
  void aMalformedValueStopsStartUpNamingTheVariable(String name, String value, String message) {
    assertThatThrownBy(() -> read(name, value)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(message);
  }

  @Test
  void aShutDownModelCanBeNeitherTheDefaultNorAnAliasTarget() {
    String retired = "gemini-2.0-flash-live-001";
    assertThatThrownBy(() -> read("ALLOWED_MODELS", retired, "DEFAULT_MODEL", retired))
        .hasMessage("DEFAULT_MODEL gemini-2.0-flash-live-001, which Google shut down on 2025-12-09");
    assertThatThrownBy(() -> read("ALLOWED_MODELS", retired + ",gemini-3.8-live", "MODEL_ALIASES", "a=" + retired))
        .hasMessage("MODEL_ALIASES maps a to gemini-2.0-flash-live-001, which Google shut down on 2025-12-09");
  }

  @Test
  void thinkingLevelsParseInAnyCaseAndNothingElse() {
    assertThat(ThinkingLevel.parse(" medium ")).contains(ThinkingLevel.MEDIUM);
    assertThat(ThinkingLevel.parse("")).isEqualTo(Optional.empty());
  }

  @Test
  void theSettingsSayWhatTheyHold() {
    assertThat(Settings.from(Map.of("MODEL_ALIASES", "a=gemini-3.8-live")::get).toString())
        .contains("aliases={a=gemini-3.8-live}").contains("defaultModel=gemini-3.1-flash-live-preview");
  }
}
