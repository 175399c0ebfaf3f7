package dev.livetoken.aws;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.IntStream;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;

/**
 * Before SnapStart takes its snapshot, runs a few requests through the handler that end before any upstream
 * call (a preflight, two 400s, a health check), so that the event parsing, the endpoint and the response
 * writing are loaded and initialised in the snapshot rather than on a user's first request.
 */
final class SnapStartPriming implements Resource {

  /**
   * The priming events. Each comes from its own loopback address: never a real client's, so no real rate-limit
   * bucket is touched, and even a limit of one per minute lets every priming request reach its check.
   */
  static final List<String> EVENTS = fromOwnAddresses(List.of(
      """
      {"version":"2.0","routeKey":"OPTIONS /api/token","rawPath":"/api/token","headers":{"origin":"https://priming.invalid","access-control-request-method":"POST"},
       "requestContext":{"http":{"method":"OPTIONS","path":"/api/token","sourceIp":"%s"},"stage":"$default"},"isBase64Encoded":false}""",
      """
      {"version":"2.0","routeKey":"$default","rawPath":"/api/token","headers":{"content-type":"application/json"},
       "requestContext":{"http":{"method":"POST","path":"/api/token","sourceIp":"%s"},"stage":"$default"},
       "body":"eyJ2b2ljZSI6N30=","isBase64Encoded":true}""",
      """
      {"httpMethod":"POST","path":"/api/token","headers":{"Content-Type":"application/json"},"multiValueHeaders":{"Content-Type":["application/json"]},
       "requestContext":{"identity":{"sourceIp":"%s"},"stage":"prod"},"body":"{\\"pageContent\\": ","isBase64Encoded":false}""",
      """
      {"httpMethod":"GET","path":"/healthz","headers":{"x-forwarded-for":"%s"},"requestContext":{"elb":{"targetGroupArn":"priming"}},
       "body":"","isBase64Encoded":false}"""));

  private final RequestStreamHandler handler;

  private SnapStartPriming(RequestStreamHandler handler) {
    this.handler = handler;
  }

  static SnapStartPriming register(RequestStreamHandler handler) {
    SnapStartPriming priming = new SnapStartPriming(handler);
    Core.getGlobalContext().register(priming);
    return priming;
  }

  private static List<String> fromOwnAddresses(List<String> events) {
    return IntStream.range(0, events.size()).mapToObj(i -> events.get(i).formatted("127.0.0." + (i + 1))).toList();
  }

  @Override
  public void beforeCheckpoint(Context<? extends Resource> context) throws Exception {
    for (String event : EVENTS) {
      handler.handleRequest(new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)),
          OutputStream.nullOutputStream(), new PrimingContext());
    }
  }

  @Override
  public void afterRestore(Context<? extends Resource> context) {
    // nothing to renew: priming opened no connection and took no secret
  }
}
