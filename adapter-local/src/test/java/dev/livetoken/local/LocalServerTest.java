package dev.livetoken.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ConnectException;
import java.net.Socket;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The JDK server's own settings, as the local server hands them over. The JDK reads them once per process, so
 * what they do to connections is checked against the packaged server in its own process (SlowClientIT). The
 * values here are harmless to any server this JVM starts later, whichever test class runs first.
 */
class LocalServerTest {

  @Test
  void closeStopsListening() throws Exception {
    LocalServer server = LocalServer.start(Map.of("PORT", "0", "REQUEST_LOG", "false"));
    int port = server.port();
    new Socket("127.0.0.1", port).close();

    server.close();

    assertThatThrownBy(() -> new Socket("127.0.0.1", port).close()).isInstanceOf(ConnectException.class);
  }

  @Test
  void theClientTimeOutAndTheConnectionBoundConfigureTheJdkServer() throws Exception {
    try (LocalServer server = LocalServer.start(Map.of("PORT", "0", "REQUEST_TIMEOUT_SECONDS", "31",
        "MAX_CONNECTIONS", "4001", "REQUEST_LOG", "false"))) {
      assertThat(server.port()).isPositive();
    }

    assertThat(System.getProperty("sun.net.httpserver.maxReqTime")).isEqualTo("31");
    assertThat(System.getProperty("jdk.httpserver.maxConnections")).isEqualTo("4001");
    assertThat(System.getProperty("sun.net.httpserver.maxIdleConnections")).as("the idle pool holds them all")
        .isEqualTo("4001");
    assertThat(System.getProperty("sun.net.httpserver.clockTick")).as("idle connections swept every second")
        .isEqualTo("1000");
    assertThat(System.getProperty("sun.net.httpserver.nodelay")).isEqualTo("true");
  }
}
