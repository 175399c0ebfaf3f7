package dev.livetoken.aws;

import com.amazonaws.services.lambda.runtime.Context;
import dev.livetoken.core.Settings;
import dev.livetoken.core.TokenEndpoint;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.cloud.function.adapter.aws.FunctionInvoker;

/**
 * The Spring Cloud Function door to Lambda, {@code dev.livetoken.aws.SpringTokenHandler::handleRequest}: Spring
 * Cloud Function's {@link FunctionInvoker} starts the context of {@code MAIN_CLASS} ({@link SpringLambdaConfiguration}
 * unless that variable names another) and runs its {@code lambdaProxy} function on every event. What it adds to
 * the invoker: nothing it might throw reaches the front end (which would answer a bare 502), and a SnapStart
 * checkpoint first warms the request path, as {@link TokenHandler}'s does.
 */
public class SpringTokenHandler extends FunctionInvoker {

  private static final String MAIN_CLASS = "MAIN_CLASS";
  private static final Log log = LogFactory.getLog(SpringTokenHandler.class);

  private final ProxyResponseWriter writer = new ProxyResponseWriter();
  private final Settings settings;
  // Held here: the CRaC context keeps only weak references to its resources.
  private final SnapStartPriming priming;

  /** Lambda's init phase: the context, the endpoint and its upstream client are ready when it returns. */
  public SpringTokenHandler() {
    // The invoker finds its configuration by MAIN_CLASS (variable, then property) or a jar manifest, and
    // Lambda's class path holds no manifest naming ours.
    if (System.getenv(MAIN_CLASS) == null && System.getProperty(MAIN_CLASS) == null) {
      System.setProperty(MAIN_CLASS, SpringLambdaConfiguration.class.getName());
    }
    // Read once before Spring does, from the same variables: a malformed one then fails Lambda's init with the
    // message naming it, not with Spring's "Error creating bean" around it.
    settings = Settings.fromEnvironment();
    super(SpringLambdaConfiguration.PROXY_FUNCTION);
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
      response.write(writer.write(null, false, TokenEndpoint.internalErrorBeforeReading(settings)));
    }
    response.writeTo(output);
  }

}
