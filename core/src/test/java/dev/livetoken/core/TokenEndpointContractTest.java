package dev.livetoken.core;

import dev.livetoken.contract.Call;
import dev.livetoken.contract.ContractTarget;
import dev.livetoken.contract.Reply;
import dev.livetoken.contract.TokenContract;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.util.Map;

/** The contract cases straight against the core endpoint, with no transport in between. */
class TokenEndpointContractTest extends TokenContract {

  @Override
  protected ContractTarget start(Map<String, String> environment) {
    Settings settings = Settings.from(environment::get);
    TokenEndpoint endpoint = TokenEndpoint.create(settings);
    return call -> {
      // As a transport would: the path without its query string.
      String path = URI.create(call.path()).getRawPath();
      EndpointResponse response = endpoint.handle(new EndpointRequest("test", call.method(), path,
          call.headers(), new ByteArrayInputStream(call.body()), "127.0.0.1"));
      return new Reply(response.status(), response.headers(), response.bodyText());
    };
  }
}
