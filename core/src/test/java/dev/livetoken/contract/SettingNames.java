package dev.livetoken.contract;

import dev.livetoken.core.Settings;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * Every variable {@link Settings#from} reads, found by asking it: a test that blanks them all runs the same
 * whatever the machine's environment holds, and a setting added later is covered without a list to update.
 */
public final class SettingNames {

  private SettingNames() {}

  public static List<String> all() {
    List<String> names = new ArrayList<>();
    Settings.from(name -> {
      names.add(name);
      return null;
    });
    return List.copyOf(names);
  }

  /**
   * Runs {@code constructor} with exactly these settings, as a door built in this JVM reads them: the doors read
   * system properties before environment variables, so every setting {@code settings} leaves out is blanked, and
   * each property is put back as it was once {@code constructor} returns.
   */
  public static synchronized <T> T whileSetAsProperties(Map<String, String> settings, Callable<T> constructor)
      throws Exception {
    Map<String, String> properties = new LinkedHashMap<>();
    all().forEach(name -> properties.put(name, ""));
    properties.putAll(settings);
    Map<String, String> saved = new HashMap<>();
    properties.forEach((name, value) -> saved.put(name, System.getProperty(name)));
    properties.forEach(System::setProperty);
    try {
      return constructor.call();
    } finally {
      saved.forEach((name, value) -> {
        if (value == null) {
          System.clearProperty(name);
        } else {
          System.setProperty(name, value);
        }
      });
    }
  }
}
