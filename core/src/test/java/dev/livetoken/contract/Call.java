package dev.livetoken.contract;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A request as a browser (or a script) would send it.
 *
 * @param chunked sent without Content-Length, in chunks, where the door has an HTTP transport
 */
public record Call(String method, String path, Map<String, String> headers, byte[] body, boolean chunked) {

  public Call(String method, String path, Map<String, String> headers, byte[] body) {
    this(method, path, headers, body, false);
  }

  public static Call post(String json) {
    return new Call("POST", "/api/token", Map.of("Content-Type", "application/json"),
        json.getBytes(StandardCharsets.UTF_8));
  }

  /** The widget's session-end report, a JSON POST beside the token path. */
  public static Call endSession(String json) {
    return post(json).to("/api/sessions/end");
  }

  public static Call of(String method, String path) {
    return new Call(method, path, Map.of(), new byte[0]);
  }

  public Call to(String newPath) {
    return new Call(method, newPath, headers, body, chunked);
  }

  public Call inChunks() {
    return new Call(method, path, headers, body, true);
  }

  public Call header(String name, String value) {
    Map<String, String> copy = new LinkedHashMap<>(headers);
    copy.put(name, value);
    return new Call(method, path, copy, body, chunked);
  }
}
