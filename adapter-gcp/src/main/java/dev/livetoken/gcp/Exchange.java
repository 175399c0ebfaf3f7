package dev.livetoken.gcp;

import com.google.cloud.functions.HttpRequest;
import com.google.cloud.functions.HttpResponse;
import dev.livetoken.core.EndpointRequest;
import dev.livetoken.core.EndpointResponse;
import dev.livetoken.core.ForwardedFor;
import java.io.IOException;
import java.io.OutputStream;
import java.util.function.Function;

/** One Functions Framework request through the core's contract and back, as it is: what both doors do. */
final class Exchange {

  private Exchange() {}

  static void serve(Function<EndpointRequest, EndpointResponse> endpoint, HttpRequest request, HttpResponse response)
      throws IOException {
    EndpointResponse answer = endpoint.apply(EndpointRequest.ofMultiValued(
        "gcp", request.getMethod(), request.getPath(), request.getHeaders(), request.getInputStream(),
        // Google's front end appends the caller's address; the socket peer is never the caller in the cloud.
        ForwardedFor.rightmost(request.getHeaders())));
    response.setStatusCode(answer.status());
    answer.headers().forEach(response::appendHeader);
    if (answer.body().length > 0) {
      try (OutputStream out = response.getOutputStream()) {
        out.write(answer.body());
      }
    }
  }
}
