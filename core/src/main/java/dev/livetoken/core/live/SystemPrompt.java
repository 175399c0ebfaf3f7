package dev.livetoken.core.live;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Builds the session's system instruction from the page. Page text is untrusted: it goes inside a fence
 * whose markers carry a fresh random code, and anything in it that imitates a marker is defused. Nothing
 * else about the page text is changed. Title and URL are kept on their own lines.
 */
public final class SystemPrompt {

  static final String HIGHLIGHTS =
      """
      - The page's sections and images carry ids such as sec-1 or img-3. When you start talking about one \
      of them, call the function highlight_and_scroll once with its id so the page scrolls to it and \
      highlights it. Call it silently: never mention the function, the id or the highlighting aloud.
      """;

  /**
   * "<page-content" or "</page-content", however spaced or cased: the only text ever changed in a page.
   * Spacing is any Unicode white space (no-break and ideographic spaces too) and invisible format characters
   * such as a zero-width space, which a model reads past as readily as an ordinary space.
   */
  private static final Pattern FENCE_LOOKALIKE = Pattern.compile("<([\\s\\p{Cf}]*/?[\\s\\p{Cf}]*page-content)",
      Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CHARACTER_CLASS);
  private static final Pattern LINE_BREAKERS = Pattern.compile("[\\p{Cntrl}\\u2028\\u2029]+");

  private final PromptTemplate template;
  private final Supplier<String> nonces;

  SystemPrompt(PromptTemplate template, Supplier<String> nonces) {
    this.template = template;
    this.nonces = nonces;
  }

  public static SystemPrompt standard() {
    SecureRandom random = new SecureRandom();
    return new SystemPrompt(PromptTemplate.fromResource("voice-assistant.md"), () -> {
      byte[] bytes = new byte[12];
      random.nextBytes(bytes);
      return HexFormat.of().formatHex(bytes);
    });
  }

  /** The instruction for a page, or empty when the request has no page content. */
  public Optional<String> build(String lang, String pageTitle, String pageUrl, String pageContent, boolean highlights) {
    if (pageContent == null || pageContent.isBlank()) {
      return Optional.empty();
    }
    return Optional.of(template.fill(Map.of(
        "lang", Languages.instruction(lang),
        "highlights", highlights ? HIGHLIGHTS : "",
        "nonce", nonces.get(),
        "pageTitle", oneLine(pageTitle),
        "pageUrl", oneLine(pageUrl),
        "pageContent", defuse(pageContent))));
  }

  static String defuse(String text) {
    return FENCE_LOOKALIKE.matcher(text).replaceAll("\u2039$1");
  }

  private static String oneLine(String text) {
    return text == null ? "" : defuse(LINE_BREAKERS.matcher(text).replaceAll(" ").strip());
  }
}
