package dev.livetoken.core.live;

import java.util.IllformedLocaleException;
import java.util.Locale;

/** Reply languages: BCP-47 tags, or {@code auto} for whatever language the user speaks. */
public final class Languages {

  static final String AUTO = "auto";

  private Languages() {}

  public static boolean isValid(String tag) {
    if (AUTO.equalsIgnoreCase(tag)) {
      return true;
    }
    try {
      Locale locale = new Locale.Builder().setLanguageTag(tag).build();
      // Well-formed BCP-47 also admits 4-8 letter language subtags, none of which is in use.
      int length = locale.getLanguage().length();
      return length == 2 || length == 3;
    } catch (IllformedLocaleException e) {
      return false;
    }
  }

  /** The prompt's reply-language rule, a whole sentence, for a tag that {@link #isValid} accepted. */
  static String instruction(String tag) {
    if (AUTO.equalsIgnoreCase(tag)) {
      return "Reply in the language the visitor is speaking, and switch when they switch.";
    }
    return "Reply in " + Locale.forLanguageTag(tag).getDisplayName(Locale.ENGLISH) + ".";
  }
}
