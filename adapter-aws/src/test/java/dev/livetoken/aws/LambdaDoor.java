package dev.livetoken.aws;

import java.util.List;
import java.util.Map;

/**
 * A documented way to run the function on Lambda: the {@code Handler} a user sets, and the environment
 * variables that handler needs besides the function's settings (none for the lean handler).
 */
record LambdaDoor(String handler, Map<String, String> environment) {

  /** Every handler README and template.yaml document; each runs the whole contract under AWS's runtime client. */
  static List<LambdaDoor> documented() {
    return List.of(
        new LambdaDoor("dev.livetoken.aws.TokenHandler::handleRequest", Map.of()),
        new LambdaDoor("dev.livetoken.aws.SpringTokenHandler::handleRequest", Map.of()));
  }

  @Override
  public String toString() {
    return handler;
  }
}
