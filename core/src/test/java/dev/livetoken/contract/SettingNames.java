package dev.livetoken.contract;

import dev.livetoken.core.Settings;
import java.util.ArrayList;
import java.util.List;

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
}
