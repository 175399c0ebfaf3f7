package dev.livetoken.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class TokenRequestReaderTest {

  @Test
  void readsEveryField() {
    TokenRequest request = read("""
        {"model":"m","voice":"Puck","lang":"es","pageTitle":"T","pageUrl":"https://a.example/",
         "pageContent":"C","interactiveHighlights":true,"siteKey":"site-a","sessionHandle":"h-1"}""");

    assertThat(request).isEqualTo(
        new TokenRequest("m", "Puck", "es", "T", "https://a.example/", "C", true, "site-a", "h-1"));
  }

  @Test
  void aSessionHandleThatIsNotAStringIsRefusedNamingIt() {
    assertThatThrownBy(() -> read("{\"sessionHandle\":42}")).hasMessage("Field 'sessionHandle' must be a string");
    assertThatThrownBy(() -> read("{\"sessionHandle\":{\"handle\":\"h\"}}"))
        .hasMessage("Field 'sessionHandle' must be a string");
    assertThat(read("{\"sessionHandle\":null}").sessionHandle()).isNull();
  }

  @Test
  void aSiteKeyThatIsNotAStringIsNoSiteKeyAsWhenItWasIgnored() {
    assertThat(read("{\"siteKey\":{\"ignored\":[1,2]},\"voice\":\"Puck\"}"))
        .isEqualTo(new TokenRequest(null, "Puck", null, null, null, null, null, null));
    assertThat(read("{\"siteKey\":7}").siteKey()).isNull();
  }

  @Test
  void nullIsAbsentAndFalseIsFalse() {
    assertThat(read("{\"voice\":null,\"pageTitle\":null,\"interactiveHighlights\":null}")).isEqualTo(TokenRequest.empty());
    assertThat(read("{\"interactiveHighlights\":false}").interactiveHighlights()).isFalse();
  }

  @Test
  void surrogatePairsAreTextAndLoneHalvesAreNot() {
    assertThat(read("{\"pageTitle\":\"\\ud83d\\ude00 ok\"}").pageTitle()).isEqualTo("\ud83d\ude00 ok");
    assertThat(read("{\"pageTitle\":\"end \\ud83d\\ude00\"}").pageTitle()).isEqualTo("end \ud83d\ude00");
    for (String lone : new String[] {"\\ud83d", "a\\ud83d", "\\ude00 b", "\\ude00\\ud83d"}) {
      assertThatThrownBy(() -> read("{\"pageTitle\":\"" + lone + "\"}")).as(lone)
          .hasMessage("Field 'pageTitle' contains an unpaired surrogate");
    }
  }

  @Test
  void anEmptyOrBlankBodyIsTheEmptyRequest() {
    assertThat(read("")).isEqualTo(TokenRequest.empty());
    assertThat(read(" \r\n")).isEqualTo(TokenRequest.empty());
  }

  @Test
  void errorsSayWhereWithoutQuotingTheInput() {
    assertThatThrownBy(() -> read("{\n  \"voice\": secret-text}"))
        .hasMessage("Request body is not valid JSON (line 2, column 18)");
    assertThatThrownBy(() -> read("{\"voice\": ")).hasMessage("Request body is not valid JSON (line 1, column 11)");
    assertThatThrownBy(() -> read("{\"voice\":\"Kore\",\"voice\":\"Puck\"}")).hasMessage("Request body repeats a field");
    assertThatThrownBy(() -> read("[".repeat(100))).hasMessage("Request body must be a JSON object");
    assertThatThrownBy(() -> read("{\"a\":" + "[".repeat(100) + "]".repeat(100) + "}"))
        .hasMessage("Request body is nested too deeply or holds too long a number");
  }

  @Property
  void anyWellFormedStringOfAKnownFieldIsReadBackExactly(@ForAll String title) {
    net.jqwik.api.Assume.that(title.codePoints().noneMatch(c -> Character.getType(c) == Character.SURROGATE));
    String quoted = new String(JsonStringEncoder.getInstance().quoteAsString(title));

    assertThat(read("{\"pageTitle\":\"" + quoted + "\"}").pageTitle()).isEqualTo(title);
  }

  @Property
  void anythingThatIsNotAStringInAStringFieldIsRefusedNamingIt(@ForAll int number, @ForAll boolean flag) {
    assertThatThrownBy(() -> read("{\"voice\":" + number + "}")).hasMessage("Field 'voice' must be a string");
    assertThatThrownBy(() -> read("{\"lang\":" + flag + "}")).hasMessage("Field 'lang' must be a string");
    assertThatThrownBy(() -> read("{\"interactiveHighlights\":" + number + "}"))
        .hasMessage("Field 'interactiveHighlights' must be a boolean");
  }

  private static TokenRequest read(String body) {
    return TokenRequestReader.read(body.getBytes(StandardCharsets.UTF_8));
  }
}
