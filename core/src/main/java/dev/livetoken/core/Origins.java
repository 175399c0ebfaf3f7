package dev.livetoken.core;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** Browser origins ({@code scheme://host[:port]}) in one canonical form, so that matching is exact. */
public final class Origins {

  // java.net.URI reads a name with '_' (my_site.example) as a registry authority, with no host or port.
  private static final Pattern NAME_AND_PORT = Pattern.compile("([A-Za-z0-9_.-]+)(?::(\\d{1,5}))?");

  private Origins() {}

  static Set<String> parseAllowlist(String commaSeparated) {
    return Arrays.stream(commaSeparated.split(","))
        .map(String::trim)
        .filter(s -> !s.isEmpty())
        .map(entry -> canonical(entry).orElseThrow(() -> new IllegalArgumentException(
            "ALLOWED_ORIGINS entry is not an origin (scheme://host[:port]): " + entry)))
        .collect(Collectors.toUnmodifiableSet());
  }

  /**
   * The canonical form of an origin: lower-case scheme and host, default port dropped. Empty for anything
   * that is not a plain http(s) origin, including the {@code null} origin of sandboxed frames and files.
   */
  public static Optional<String> canonical(String origin) {
    if (origin == null || origin.isEmpty() || origin.length() > 2048) {
      return Optional.empty();
    }
    try {
      URI uri = new URI(origin);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      boolean pathless = uri.getRawPath() == null || uri.getRawPath().isEmpty() || uri.getRawPath().equals("/");
      String host = uri.getHost();
      int port = uri.getPort();
      Matcher named = NAME_AND_PORT.matcher(uri.getRawAuthority() == null ? "" : uri.getRawAuthority());
      if (host == null && named.matches()) {
        host = named.group(1);
        port = named.group(2) == null ? -1 : Integer.parseInt(named.group(2));
      }
      if (!(scheme.equals("http") || scheme.equals("https")) || host == null
          || uri.getRawUserInfo() != null || uri.getRawQuery() != null || uri.getRawFragment() != null
          || !pathless) {
        return Optional.empty();
      }
      boolean defaultPort = port == -1 || (scheme.equals("http") && port == 80) || (scheme.equals("https") && port == 443);
      return Optional.of(scheme + "://" + host.toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port));
    } catch (URISyntaxException e) {
      return Optional.empty();
    }
  }
}
