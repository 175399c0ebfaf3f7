package dev.livetoken.core.limit;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where the shared Redis is, from {@code REDIS_URL}: {@code redis://[[user:]password@]host[:port][/db]}, or
 * {@code rediss://} for TLS. The password is a secret: {@link #toString} and every error leave it out.
 *
 * @param tls {@code rediss://}
 * @param host name or address (an IPv6 literal without its brackets)
 * @param port 6379 unless given
 * @param database the number after the slash, 0 unless given
 * @param user empty unless given (Redis 6 ACL user)
 * @param password empty unless given
 * @param caFile {@code REDIS_CA_FILE}: PEM certificates trusted for {@code rediss://} beside the JVM's own
 */
public record RedisAddress(boolean tls, String host, int port, int database, Optional<String> user,
    Optional<String> password, Optional<Path> caFile) {

  public RedisAddress(boolean tls, String host, int port, int database, Optional<String> user,
      Optional<String> password) {
    this(tls, host, port, database, user, password, Optional.empty());
  }

  private static final String SHAPE =
      "REDIS_URL must look like redis://[[user:]password@]host[:port][/db] or rediss://... for TLS";
  // java.net.URI reads a name with '_' (a Docker Compose service, redis_cache) as a registry authority, with
  // no user, host or port.
  private static final Pattern NAMED_AUTHORITY = Pattern.compile("(?:(.*)@)?([A-Za-z0-9_.-]+)(?::(\\d{1,5}))?");

  /** Reads a {@code REDIS_URL}; a malformed one gets an error naming the variable and never quoting it. */
  public static RedisAddress parse(String url) {
    URI uri;
    try {
      uri = new URI(url.trim());
    } catch (URISyntaxException e) {
      // The exception's message quotes the URL, password and all.
      throw new IllegalArgumentException(SHAPE);
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    String host = uri.getHost();
    int port = uri.getPort();
    String userInfo = uri.getRawUserInfo();
    Matcher named = NAMED_AUTHORITY.matcher(uri.getRawAuthority() == null ? "" : uri.getRawAuthority());
    if (host == null && named.matches()) {
      userInfo = named.group(1);
      host = named.group(2);
      port = named.group(3) == null ? -1 : Integer.parseInt(named.group(3));
    }
    if (!scheme.equals("redis") && !scheme.equals("rediss") || host == null
        || uri.getRawQuery() != null || uri.getRawFragment() != null) {
      throw new IllegalArgumentException(SHAPE);
    }
    host = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
    port = port == -1 ? 6379 : port;
    String path = uri.getRawPath() == null ? "" : uri.getRawPath();
    int database = 0;
    if (!path.isEmpty() && !path.equals("/")) {
      if (!path.matches("/\\d{1,5}")) {
        throw new IllegalArgumentException("REDIS_URL's database (after the host) must be a number, e.g. /0");
      }
      database = Integer.parseInt(path.substring(1));
    }
    Optional<String> user = Optional.empty();
    Optional<String> password = Optional.empty();
    if (userInfo != null) {
      int colon = userInfo.indexOf(':');
      user = Optional.of(decode(colon < 0 ? "" : userInfo.substring(0, colon))).filter(s -> !s.isEmpty());
      password = Optional.of(decode(colon < 0 ? userInfo : userInfo.substring(colon + 1))).filter(s -> !s.isEmpty());
    }
    return new RedisAddress(scheme.equals("rediss"), host, port, database, user, password);
  }

  /** This address, trusting the CA certificates in {@code caFile} too ({@code REDIS_CA_FILE}, for rediss:// only). */
  public RedisAddress withCaFile(Optional<String> caFile) {
    if (caFile.isPresent() && !tls) {
      throw new IllegalArgumentException("REDIS_CA_FILE is for a rediss:// REDIS_URL (TLS) only");
    }
    return new RedisAddress(tls, host, port, database, user, password, caFile.map(Path::of));
  }

  @Override
  public String toString() {
    // A record's toString would print the password.
    return (tls ? "rediss://" : "redis://") + (host.contains(":") ? "[" + host + "]" : host) + ":" + port
        + "/" + database + (password.isPresent() ? " (with password)" : "");
  }

  private static String decode(String text) {
    try {
      return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(SHAPE);
    }
  }
}
