package dev.livetoken.core.live;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A text with {@code {{name}}} placeholders, filled in one pass: every occurrence is replaced, and the
 * values go in literally, so a value that itself contains {@code {{pageUrl}}} or {@code $&} comes out as
 * typed.
 */
final class PromptTemplate {

  private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{(\\w+)}}");

  private final String text;

  PromptTemplate(String text) {
    this.text = text;
  }

  static PromptTemplate fromResource(String name) {
    try (InputStream in = PromptTemplate.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing prompt template " + name);
      }
      return new PromptTemplate(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Fills every placeholder; one that has no value is an error in the template, not in the request. */
  String fill(Map<String, String> values) {
    Matcher matcher = PLACEHOLDER.matcher(text);
    StringBuilder out = new StringBuilder(text.length() + values.values().stream().mapToInt(String::length).sum());
    while (matcher.find()) {
      String value = values.get(matcher.group(1));
      if (value == null) {
        throw new IllegalStateException("no value for placeholder " + matcher.group());
      }
      matcher.appendReplacement(out, "");
      out.append(value);
    }
    matcher.appendTail(out);
    return out.toString();
  }
}
