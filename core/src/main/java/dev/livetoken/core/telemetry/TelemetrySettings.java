package dev.livetoken.core.telemetry;

import java.util.Optional;

/**
 * What an operator sets about metrics and traces.
 *
 * @param metrics {@code METRICS}; false leaves the request line without embedded metrics
 * @param namespace {@code METRICS_NAMESPACE}; the CloudWatch namespace of the embedded metrics
 * @param project {@code GOOGLE_CLOUD_PROJECT}; with it, trace ids are written in Cloud Logging's trace field
 */
public record TelemetrySettings(boolean metrics, String namespace, Optional<String> project) {

  public static final String DEFAULT_NAMESPACE = "LiveToken";

  public TelemetrySettings {
    // CloudWatch's rule for namespaces: 1 to 255 of these characters, and AWS/ is Amazon's own.
    if (!namespace.matches("[A-Za-z0-9._/#: -]{1,255}") || namespace.startsWith("AWS/")) {
      throw new IllegalArgumentException("METRICS_NAMESPACE must be 1 to 255 letters, digits or . - _ / # : "
          + "and space, not starting with AWS/");
    }
    project.filter(id -> !id.matches("[a-z0-9.:-]+")).ifPresent(id -> {
      throw new IllegalArgumentException("GOOGLE_CLOUD_PROJECT must be a project id");
    });
  }
}
