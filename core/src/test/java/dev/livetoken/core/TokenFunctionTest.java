package dev.livetoken.core;

import dev.livetoken.core.live.LiveSession;
import dev.livetoken.core.live.MintedToken;
import dev.livetoken.core.live.SystemPrompt;
import dev.livetoken.core.live.Voices;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/** Defaults and validation, with a minter that records what it was asked for. */
class TokenFunctionTest {

  private final List<LiveSession> minted = new ArrayList<>();
  private final TokenFunction function = new TokenFunction(Settings.from(Map.<String, String>of()::get),
      SystemPrompt.standard(), session -> {
        minted.add(session);
        return new MintedToken("auth_tokens/recorded", Instant.parse("2026-11-26T12:30:00Z"),
            Instant.parse("2026-11-26T12:02:00Z"));
      });

  @Test
  void appliesTheDefaultsAndBlankCountsAsAbsent() {
    TokenResponse response = function.apply(new TokenRequest(" ", "", "\t", null, null, "  ", false));

    assertThat(response.token()).isEqualTo("auth_tokens/recorded");
    assertThat(minted).singleElement().isEqualTo(
        new LiveSession("gemini-3.1-flash-live-preview", "Kore", java.util.Optional.empty(), false));
  }

  @Test
  void onlyTheBooleanTrueTurnsHighlightsOn() {
    function.apply(new TokenRequest(null, null, null, null, null, "Page", null));
    function.apply(new TokenRequest(null, null, null, null, null, "Page", true));

    assertThat(minted).extracting(LiveSession::interactiveHighlights).containsExactly(false, true);
    assertThat(minted.get(1).systemInstruction()).hasValueSatisfying(p -> assertThat(p).contains("highlight_and_scroll"));
  }

  @Test
  void refusesEachFieldOutOfBoundsBeforeMinting() {
    assertRefused(new TokenRequest("gemini-pro", null, null, null, null, null, null), "'model'");
    assertRefused(new TokenRequest(null, "Alexa", null, null, null, null, null), "'voice'");
    assertRefused(new TokenRequest(null, null, "en_US", null, null, null, null), "'lang'");
    assertRefused(new TokenRequest(null, null, null, "t".repeat(513), null, null, null), "'pageTitle'");
    assertRefused(new TokenRequest(null, null, null, null, "mailto:a@b.example", null, null), "'pageUrl'");
    assertRefused(new TokenRequest(null, null, null, null, "https://a b.example/", null, null), "'pageUrl'");
    assertRefused(new TokenRequest(null, null, null, null, null, "c".repeat(100_001), null), "'pageContent'");
    assertThat(minted).isEmpty();
  }

  @Property
  void anyVoiceOutsideThePrebuiltThirtyIsRefused(@ForAll String voice) {
    net.jqwik.api.Assume.that(!voice.isBlank() && !Voices.PREBUILT.contains(voice));

    assertThatThrownBy(() -> function.session(new TokenRequest(null, voice, null, null, null, null, null)))
        .isInstanceOf(InvalidRequestException.class).hasMessageContaining("'voice'");
  }

  @Property
  void everyPrebuiltVoiceIsAccepted(@ForAll("voices") String voice) {
    assertThat(function.session(new TokenRequest(null, voice, null, null, null, null, null)).voice()).isEqualTo(voice);
  }

  @net.jqwik.api.Provide
  net.jqwik.api.Arbitrary<String> voices() {
    return net.jqwik.api.Arbitraries.of(Voices.PREBUILT);
  }

  private void assertRefused(TokenRequest request, String field) {
    assertThatThrownBy(() -> function.apply(request)).isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining(field);
  }
}
