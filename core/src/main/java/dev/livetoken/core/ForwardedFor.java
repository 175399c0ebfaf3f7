package dev.livetoken.core;

import java.util.Collection;
import java.util.Map;

/**
 * The caller's address behind a platform's own proxy (Google's front end, an Application Load Balancer):
 * the rightmost X-Forwarded-For entry, which the proxy appends and the caller cannot forge; entries to its
 * left can be forged.
 */
public final class ForwardedFor {

  private ForwardedFor() {}

  /** The rightmost entry of the last X-Forwarded-For header, or null when there is none. */
  public static String rightmost(Map<String, ? extends Collection<String>> headers) {
    String last = null;
    for (Map.Entry<String, ? extends Collection<String>> header : headers.entrySet()) {
      if ("X-Forwarded-For".equalsIgnoreCase(header.getKey()) && header.getValue() != null) {
        for (String line : header.getValue()) {
          last = line;
        }
      }
    }
    if (last == null) {
      return null;
    }
    String hop = last.substring(last.lastIndexOf(',') + 1).trim();
    return hop.isEmpty() ? null : hop;
  }
}
