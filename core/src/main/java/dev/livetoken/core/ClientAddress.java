package dev.livetoken.core;

import com.google.common.net.InetAddresses;
import java.util.List;

/**
 * Which address a request is counted against. The platform's own peer address is believed; an
 * X-Forwarded-For entry only when every hop after it is a trusted proxy, read from the right, so a
 * forged header cannot buy a fresh rate-limit bucket.
 */
final class ClientAddress {

  private ClientAddress() {}

  static String resolve(String peer, String forwardedFor, List<String> trustedProxies) {
    String client = peer == null || peer.isBlank() ? "unknown" : peer;
    if (forwardedFor == null || trustedProxies.isEmpty()) {
      return client;
    }
    String[] hops = forwardedFor.split(",");
    for (int i = hops.length - 1; i >= 0 && isTrusted(client, trustedProxies); i--) {
      String hop = hops[i].trim();
      if (literal(hop) == null) {
        break;
      }
      client = hop;
    }
    return client;
  }

  static void checkRange(String range) {
    String[] parts = range.split("/", 2);
    byte[] base = literal(parts[0]);
    if (base == null || (parts.length == 2 && prefix(parts[1], base.length * 8) < 0)) {
      throw new IllegalArgumentException("TRUSTED_PROXIES entry is not an IP address or CIDR block: " + range);
    }
  }

  private static boolean isTrusted(String address, List<String> ranges) {
    byte[] candidate = literal(address);
    return candidate != null && ranges.stream().anyMatch(range -> contains(range, candidate));
  }

  private static boolean contains(String range, byte[] candidate) {
    String[] parts = range.split("/", 2);
    byte[] base = literal(parts[0]);
    if (base == null || base.length != candidate.length) {
      return false;
    }
    int bits = parts.length == 2 ? prefix(parts[1], base.length * 8) : base.length * 8;
    for (int i = 0; i < bits; i++) {
      int mask = 0x80 >>> (i % 8);
      if ((base[i / 8] & mask) != (candidate[i / 8] & mask)) {
        return false;
      }
    }
    return true;
  }

  private static int prefix(String text, int max) {
    try {
      int bits = Integer.parseInt(text);
      return bits >= 0 && bits <= max ? bits : -1;
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** The address bytes of an IP literal; null for anything else. Guava parses text only: never a DNS lookup. */
  private static byte[] literal(String text) {
    return text != null && InetAddresses.isInetAddress(text) ? InetAddresses.forString(text).getAddress() : null;
  }
}
