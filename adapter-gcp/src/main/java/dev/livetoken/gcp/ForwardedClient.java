package dev.livetoken.gcp;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The caller's address as Google's front end reports it. */
final class ForwardedClient {

  /** Used when no address is known; such callers share one rate-limit bucket. */
  static final String UNKNOWN = "unknown";

  private ForwardedClient() {}

  /**
   * The rightmost X-Forwarded-For entry. Google's front end appends the address it accepted the connection
   * from, so that entry cannot be forged by the caller; entries to its left can. The Functions Framework API
   * does not expose the socket peer (always Google's proxy in the cloud), so without the header the
   * address is unknown.
   */
  static String address(Map<String, List<String>> headers) {
    TreeMap<String, List<String>> folded = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    folded.putAll(headers);
    List<String> values = folded.get("X-Forwarded-For");
    if (values == null || values.isEmpty()) {
      return UNKNOWN;
    }
    String last = values.get(values.size() - 1);
    String hop = last.substring(last.lastIndexOf(',') + 1).trim();
    return hop.isEmpty() ? UNKNOWN : hop;
  }
}
