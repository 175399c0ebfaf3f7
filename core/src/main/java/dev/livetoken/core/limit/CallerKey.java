package dev.livetoken.core.limit;

import com.google.common.net.InetAddresses;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * What one caller is counted as: an IPv4 address as it is, an IPv6 address as its /64 (a caller on IPv6
 * usually holds a whole /64 and could take a fresh address per request). IPv4-mapped IPv6 addresses
 * ({@code ::ffff:192.0.2.1}) count as their IPv4 address; zone ids are dropped. Anything that is not an IP
 * literal (a platform's {@code unknown}) is its own key.
 */
public final class CallerKey {

  private CallerKey() {}

  public static String of(String address) {
    if (address == null || address.isBlank()) {
      return "unknown";
    }
    String text = address.trim();
    if (text.startsWith("[") && text.endsWith("]")) {
      text = text.substring(1, text.length() - 1);
    }
    int zone = text.indexOf('%');
    if (zone >= 0 && text.indexOf(':') >= 0) {
      text = text.substring(0, zone);
    }
    // Guava parses text only: never a DNS lookup.
    if (!InetAddresses.isInetAddress(text)) {
      return address;
    }
    InetAddress ip = InetAddresses.forString(text);
    if (ip instanceof Inet4Address) {
      return ip.getHostAddress();
    }
    byte[] bytes = ip.getAddress();
    java.util.Arrays.fill(bytes, 8, 16, (byte) 0);
    try {
      return InetAddresses.toAddrString(InetAddress.getByAddress(bytes)) + "/64";
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e); // 16 bytes are always an address
    }
  }
}
