package dev.livetoken.gcp;

import com.google.cloud.functions.HttpFunction;
import com.google.cloud.functions.HttpRequest;
import com.google.cloud.functions.HttpResponse;
import dev.livetoken.core.Settings;
import dev.livetoken.core.TokenEndpoint;
import java.io.IOException;

/**
 * The lean Cloud Functions entry point ({@code --entry-point dev.livetoken.gcp.TokenHttpFunction}), with no
 * Spring context: every HTTP request goes to the core's endpoint as it is (method, path, headers, body, client
 * address) and its answer is written back unchanged. {@link SpringTokenFunction} is the Spring Cloud Function
 * door to the same contract.
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
    Exchange.serve(endpoint::handle, request, response);
  }
}
