package dev.livetoken.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.TreeMap;

/** What came back, with header names compared case-insensitively as HTTP defines them. */
public record Reply(int status, Map<String, String> headers, String body) {

  private static final ObjectMapper JSON = new ObjectMapper();

  public Reply {
    TreeMap<String, String> folded = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    folded.putAll(headers);
    headers = folded;
  }

  public String header(String name) {
    return headers.get(name);
  }

  public JsonNode json() {
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      throw new UncheckedIOException("not JSON: " + body, e);
    }
  }
}
