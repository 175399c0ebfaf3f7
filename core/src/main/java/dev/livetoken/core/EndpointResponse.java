package dev.livetoken.core;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * What {@link TokenEndpoint} answers; adapters write it back as it is, adding nothing.
 *
 * @param status the HTTP status
 * @param headers the headers, in the order they should be written
 * @param body the body; empty for 204
 */
public record EndpointResponse(int status, Map<String, String> headers, byte[] body) {

  public String bodyText() {
    return new String(body, StandardCharsets.UTF_8);
  }
}
