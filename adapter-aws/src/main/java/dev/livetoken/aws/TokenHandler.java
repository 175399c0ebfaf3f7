package dev.livetoken.aws;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.livetoken.core.Settings;
import dev.livetoken.core.TokenEndpoint;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * The Lambda handler, {@code dev.livetoken.aws.TokenHandler::handleRequest}: the raw proxy event in, the
 * proxy response out, through {@link LambdaProxyFunction}. Construction is Lambda's init phase: the core's
 * endpoint and its upstream client are ready when it ends, and a SnapStart checkpoint first warms the request
 * path.
 */
public class TokenHandler implements RequestStreamHandler {

  private final LambdaProxyFunction function;
  // Held here: the CRaC context keeps only weak references to its resources.
  private final SnapStartPriming priming;

  public TokenHandler() {
    function = new LambdaProxyFunction(TokenEndpoint.create(Settings.fromEnvironment()));
    priming = SnapStartPriming.register(this);
  }

  @Override
  public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
    output.write(function.handle(input));
  }
}
