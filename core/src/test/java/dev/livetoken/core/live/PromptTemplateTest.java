package dev.livetoken.core.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class PromptTemplateTest {

  private final PromptTemplate template = new PromptTemplate("{{a}} and {{b}}, again {{a}}.");

  @Test
  void fillsEveryOccurrence() {
    assertThat(template.fill(Map.of("a", "x", "b", "y"))).isEqualTo("x and y, again x.");
  }

  @Test
  void insertsValuesLiterallyInOnePass() {
    assertThat(template.fill(Map.of("a", "{{b}} $& $1 \\", "b", "{{a}}")))
        .isEqualTo("{{b}} $& $1 \\ and {{a}}, again {{b}} $& $1 \\.");
  }

  @Test
  void aPlaceholderWithoutAValueIsATemplateError() {
    assertThatThrownBy(() -> template.fill(Map.of("a", "x"))).hasMessageContaining("{{b}}");
  }

  @Property
  void anyValueComesOutExactlyAsGiven(@ForAll String a, @ForAll String b) {
    assertThat(template.fill(Map.of("a", a, "b", b))).isEqualTo(a + " and " + b + ", again " + a + ".");
  }
}
