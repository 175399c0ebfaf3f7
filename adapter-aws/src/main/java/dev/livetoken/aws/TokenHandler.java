package dev.livetoken.aws;

import com.amazonaws.services.lambda.runtime.Context;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.cloud.function.adapter.aws.FunctionInvoker;

/**
 * The Lambda handler, {@code dev.livetoken.aws.TokenHandler::handleRequest}: Spring Cloud Function's
 * {@link FunctionInvoker} bootstrapping {@code MAIN_CLASS} ({@link AwsTokenConfiguration}) and running
 * {@link LambdaProxyFunction}. What it adds: nothing the invoker might throw reaches the front end (which would
 * answer a bare 502), and a SnapStart checkpoint first warms the request path.
 */
public class TokenHandler extends FunctionInvoker {

  private static final Log log = LogFactory.getLog(TokenHandler.class);

  private final ProxyResponseWriter writer = new ProxyResponseWriter();
  // Held here: the CRaC context keeps only weak references to its resources.
  private final SnapStartPriming priming;

  public TokenHandler() {
    super(LambdaProxyFunction.NAME);
    priming = SnapStartPriming.register(this);
  }

  @Override
  public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
    // Buffered, so that a failure can never leave half a response behind.
    ByteArrayOutputStream response = new ByteArrayOutputStream(512);
    try {
      super.handleRequest(input, response, context);
    } catch (RuntimeException | IOException e) {
      log.error("Lambda invocation failed: " + e.getClass().getName());
      response.reset();
      response.write(writer.error(null, false, 500, "Internal error"));
    }
    response.writeTo(output);
  }

  SnapStartPriming priming() {
    return priming;
  }
}
