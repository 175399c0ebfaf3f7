package dev.livetoken.aws;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.livetoken.contract.SettingNames;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Stands in for the Lambda Java runtime: instantiates the handler class that template.yaml names, once per
 * configuration, and calls {@code handleRequest(InputStream, OutputStream, Context)} with event JSON.
 *
 * <p>The function reads its settings from the Spring environment, where system properties come before
 * environment variables; they are set only while the handler (and so its context) is constructed.
 */
final class LambdaRuntime {

  /** Blanked unless a test sets it, with every setting the core reads, so the real environment cannot leak in. */
  private static final String FUNCTION_DEFINITION = "spring.cloud.function.definition";

  private LambdaRuntime() {}

  /** A fresh handler of the template's default class, as a new Lambda execution environment would construct it. */
  static RequestStreamHandler newHandler(Map<String, String> environment) throws Exception {
    return newHandler(SamTemplate.load().handlerClass(), environment);
  }

  /** A fresh handler of {@code handlerClass}, as a new Lambda execution environment would construct it. */
  static RequestStreamHandler newHandler(String handlerClass, Map<String, String> environment) throws Exception {
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put(FUNCTION_DEFINITION, "");
    settings.putAll(environment);
    return SettingNames.whileSetAsProperties(settings,
        () -> (RequestStreamHandler) Class.forName(handlerClass).getDeclaredConstructor().newInstance());
  }

  static byte[] invoke(RequestStreamHandler handler, byte[] event) throws Exception {
    return invoke(handler, new ByteArrayInputStream(event));
  }

  static byte[] invoke(RequestStreamHandler handler, InputStream event) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    handler.handleRequest(event, out, new FakeLambdaContext());
    return out.toByteArray();
  }
}
