package dev.livetoken.aws;

import java.io.IOException;
import java.io.InputStream;
import java.util.function.Function;
import org.springframework.cloud.function.context.FunctionRegistration;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.support.GenericApplicationContext;

/**
 * A {@code MAIN_CLASS} whose {@code lambdaProxy} throws what its event names ({@code io} or anything else for an
 * unchecked exception), so that it escapes Spring Cloud Function's invoker, which lets any exception propagate.
 */
public final class ThrowingProxyConfiguration implements ApplicationContextInitializer<GenericApplicationContext> {

  @Override
  public void initialize(GenericApplicationContext context) {
    context.registerBean(SpringLambdaConfiguration.PROXY_FUNCTION, FunctionRegistration.class,
        () -> new FunctionRegistration<>(new Throwing(), SpringLambdaConfiguration.PROXY_FUNCTION)
            .type(Throwing.class));
  }

  static final class Throwing implements Function<InputStream, byte[]> {
    @Override
    public byte[] apply(InputStream event) {
      String kind;
      try (event) {
        kind = new String(event.readAllBytes()).strip();
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
      if (kind.equals("io")) {
        sneakyThrow(new IOException("runtime API lost"));
      }
      throw new UnsupportedOperationException("not here");
    }
  }

  @SuppressWarnings("unchecked")
  private static <E extends Throwable> void sneakyThrow(Throwable e) throws E {
    throw (E) e;
  }
}
