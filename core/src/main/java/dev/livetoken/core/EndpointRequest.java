package dev.livetoken.core;

import java.io.InputStream;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One HTTP request as an adapter hands it to {@link TokenEndpoint}.
 *
 * @param adapter which front end received it (for the request log): {@code local}, {@code gcp}, {@code aws}
 * @param method the HTTP method
 * @param path the request path, without query string
 * @param headers header names matched case-insensitively; repeated headers joined with ", "
 * @param body the request body; read only when the request gets that far, and never past the size limit
 * @param peerAddress the client address the platform vouches for (socket peer, API Gateway's sourceIp)
 * @param xrayTrace the invocation's X-Ray trace header ({@code Root=...;Parent=...}) as Lambda gives it; null
 *     elsewhere
 */
public record EndpointRequest(String adapter, String method, String path, Map<String, String> headers,
    InputStream body, String peerAddress, String xrayTrace) {

  public EndpointRequest(
      String adapter, String method, String path, Map<String, String> headers, InputStream body, String peerAddress) {
    this(adapter, method, path, headers, body, peerAddress, null);
  }

  public EndpointRequest {
    TreeMap<String, String> folded = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    headers.forEach((name, value) -> folded.merge(name, value, (a, b) -> a + ", " + b));
    headers = java.util.Collections.unmodifiableMap(folded);
    body = body == null ? InputStream.nullInputStream() : body;
  }

  /** A request whose headers may repeat, as most servers expose them. */
  public static EndpointRequest ofMultiValued(String adapter, String method, String path,
      Map<String, ? extends Collection<String>> headers, InputStream body, String peerAddress) {
    TreeMap<String, String> joined = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    headers.forEach((name, values) -> {
      if (name != null && values != null && !values.isEmpty()) {
        joined.merge(name, String.join(", ", values), (a, b) -> a + ", " + b);
      }
    });
    return new EndpointRequest(adapter, method, path, joined, body, peerAddress);
  }

  /** The same request, with the invocation's X-Ray trace header. */
  public EndpointRequest withXrayTrace(String header) {
    return new EndpointRequest(adapter, method, path, headers, body, peerAddress, header);
  }

  public Optional<String> header(String name) {
    return Optional.ofNullable(headers.get(name));
  }
}
