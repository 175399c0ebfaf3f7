package dev.livetoken.gcp;

import com.google.cloud.functions.HttpFunction;
import com.google.cloud.functions.HttpRequest;
import com.google.cloud.functions.HttpResponse;
import dev.livetoken.core.EndpointRequest;
import dev.livetoken.core.EndpointResponse;
import dev.livetoken.core.ForwardedFor;
import dev.livetoken.core.Settings;
import dev.livetoken.core.TokenEndpoint;
import java.io.IOException;
import java.io.OutputStream;

/**
 * The Cloud Functions entry point ({@code --entry-point dev.livetoken.gcp.TokenHttpFunction}): every HTTP
 * request goes to the core's endpoint as it is (method, path, headers, body, client address) and its answer
 * is written back unchanged.
 */
public class TokenHttpFunction implements HttpFunction {

  private final TokenEndpoint endpoint;

  /**
   * Called once per instance by the Functions Framework. It does not wait for the upstream client, which is
   * built in the background while the framework starts its server; the first request waits if it must.
   */
  public TokenHttpFunction() {
    this.endpoint = TokenEndpoint.create(Settings.fromEnvironment());
  }

  @Override
  public void service(HttpRequest request, HttpResponse response) throws IOException {
    EndpointResponse answer = endpoint.handle(EndpointRequest.ofMultiValued(
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
