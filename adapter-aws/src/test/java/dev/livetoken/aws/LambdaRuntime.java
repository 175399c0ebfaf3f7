package dev.livetoken.aws;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.livetoken.contract.SettingNames;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Stands in for the Lambda Java runtime: instantiates the handler class that template.yaml names, once per
 * configuration, and calls {@code handleRequest(InputStream, OutputStream, Context)} with event JSON.
 *
 * <p>The function reads its settings from the Spring environment, where system properties come before
 * environment variables; they are set only while the handler (and so its context) is constructed.
 */
final class LambdaRuntime {

  /** Every setting the core reads: those a test leaves out are blanked, so the real environment cannot leak in. */
  private static final List<String> SETTINGS = Stream.concat(SettingNames.all().stream(),
      Stream.of("spring.cloud.function.definition")).toList();

  private LambdaRuntime() {}

  /** A fresh handler of the template's default class, as a new Lambda execution environment would construct it. */
  static RequestStreamHandler newHandler(Map<String, String> environment) throws Exception {
    return newHandler(SamTemplate.load().handlerClass(), environment);
  }

  /** A fresh handler of {@code handlerClass}, as a new Lambda execution environment would construct it. */
  static RequestStreamHandler newHandler(String handlerClass, Map<String, String> environment) throws Exception {
    Map<String, String> properties = new LinkedHashMap<>();
    SETTINGS.forEach(name -> properties.put(name, ""));
    properties.putAll(environment);

    Map<String, String> saved = new HashMap<>();
    properties.forEach((name, value) -> saved.put(name, System.getProperty(name)));
    properties.forEach(System::setProperty);
    try {
      return (RequestStreamHandler) Class.forName(handlerClass).getDeclaredConstructor().newInstance();
    } finally {
      saved.forEach((name, value) -> {
        if (value == null) {
          System.clearProperty(name);
        } else {
          System.setProperty(name, value);
        }
      });
    }
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
