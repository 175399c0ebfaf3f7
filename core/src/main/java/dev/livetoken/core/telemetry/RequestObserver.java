package dev.livetoken.core.telemetry;

/**
 * Told of every request the endpoint answered, after its log line is written: where a door keeps metrics of
 * its own (the local server's Prometheus registry). Called on the request's thread; must not block.
 */
@FunctionalInterface
public interface RequestObserver {

  void observe(Observation observation);

  /**
   * One answered request.
   *
   * @param outcome {@code minted}, the request log's error code, or {@code ok} for any other answer (health,
   *     preflight, session end)
   * @param latencyMs from the request reaching the endpoint to its answer
   * @param upstreamMs time spent on Google's side minting; negative when there was no upstream call
   */
  record Observation(String outcome, long latencyMs, long upstreamMs) {}
}
