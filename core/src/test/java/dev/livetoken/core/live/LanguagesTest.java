package dev.livetoken.core.live;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class LanguagesTest {

  @ParameterizedTest
  @CsvSource({
      "en, Reply in English.",
      "es, Reply in Spanish.",
      "pt-BR, Reply in Portuguese (Brazil).",
      "zh-Hant-TW, 'Reply in Chinese (Traditional, Taiwan).'",
      "ja, Reply in Japanese.",
      "AUTO, 'Reply in the language the visitor is speaking, and switch when they switch.'"})
  void namesTheLanguageInEnglish(String tag, String instruction) {
    assertThat(Languages.isValid(tag)).isTrue();
    assertThat(Languages.instruction(tag)).isEqualTo(instruction);
  }

  @ParameterizedTest
  @ValueSource(strings = {"english", "e", "en_US", "en--US", "../../etc", "12", "en-", "x-private"})
  void refusesWhatIsNotALanguageTag(String tag) {
    assertThat(Languages.isValid(tag)).isFalse();
  }
}
