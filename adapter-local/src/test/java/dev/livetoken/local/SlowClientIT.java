package dev.livetoken.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.livetoken.contract.Call;
import dev.livetoken.contract.FakeGeminiApi;
import dev.livetoken.contract.HttpTarget;
import dev.livetoken.contract.Reply;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Slow, stalled and surplus connections against the packaged server, over raw sockets on 127.0.0.1. Every
 * read has a socket time-out, so a server that keeps a connection open fails the test instead of hanging it.
 */
class SlowClientIT {

  private static final int TRICKLERS = 200;
  private static final int REQUEST_TIMEOUT_SECONDS = 3;

  @TempDir Path workDir;
  private FakeGeminiApi gemini;
  private LocalProcess server;
  private final List<Socket> sockets = new ArrayList<>();

  @BeforeEach
  void startFake() {
    gemini = new FakeGeminiApi();
  }

  @AfterEach
  void stop() throws IOException {
    for (Socket socket : sockets) {
      socket.close();
    }
    if (server != null) {
      server.close();
    }
    gemini.close();
  }

  @Test
  void tricklingClientsDenyNoOneAndAreClosedAfterTheRequestTimeout() throws Exception {
    String base = start(Map.of("REQUEST_TIMEOUT_SECONDS", Integer.toString(REQUEST_TIMEOUT_SECONDS)));
    int port = Integer.parseInt(base.substring(base.lastIndexOf(':') + 1));
    for (int i = 0; i < TRICKLERS; i++) {
      Socket socket = connect(port);
      // Half are still sending their headers, half have sent headers and the start of a 100-byte body.
      String start = i % 2 == 0
          ? "POST /api/token HTTP/1.1\r\nHost: x\r\nX-Slow: "
          : "POST /api/token HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{";
      socket.getOutputStream().write(start.getBytes(StandardCharsets.US_ASCII));
    }
    Socket silent = connect(port);
    AtomicBoolean trickling = new AtomicBoolean(true);
    Thread trickler = Thread.ofPlatform().daemon().start(() -> trickle(trickling));
    try {
      Thread.sleep(500); // the server has seen every one of them by now
      HttpTarget ordinary = new HttpTarget(base);
      for (int i = 0; i < 5; i++) {
        Reply reply = ordinary.send(Call.post("{}"));

        assertThat(reply.status()).as("ordinary POST %d while %d clients trickle", i + 1, TRICKLERS).isEqualTo(200);
        assertThat(reply.json().get("token").asText()).isEqualTo(FakeGeminiApi.TOKEN_NAME);
      }

      // Still trickling: only the time bound can close them. Generous bound: timeout + 10 s.
      long deadline = System.nanoTime() + Duration.ofSeconds(REQUEST_TIMEOUT_SECONDS + 10).toNanos();
      int closed = 0;
      for (Socket socket : sockets) {
        assertThat(closedByServer(socket, deadline)).as("trickling or silent connection closed").isTrue();
        closed++;
      }
      assertThat(closed).isEqualTo(TRICKLERS + 1);
      assertThat(sockets).contains(silent);
      assertThat(gemini.tokenRequestCount()).as("no trickled request reached the upstream").isEqualTo(5);
    } finally {
      trickling.set(false);
      trickler.join(5_000);
    }
  }

  @Test
  void aSilentOrTricklingConnectionIsClosedWithinAboutASecondOfAShortRequestTimeout() throws Exception {
    int timeout = 2;
    String base = start(Map.of("REQUEST_TIMEOUT_SECONDS", Integer.toString(timeout)));
    int port = Integer.parseInt(base.substring(base.lastIndexOf(':') + 1));
    Socket trickler = connect(port);
    trickler.getOutputStream().write("POST /api/token HTTP/1.1\r\nHost: x\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII));
    Socket silent = connect(port);
    long opened = System.nanoTime();

    assertThat(closedByServer(silent, opened + Duration.ofSeconds(timeout - 1).toNanos()))
        .as("open a second short of REQUEST_TIMEOUT_SECONDS").isFalse();
    // The server looks once a second: closed about 1 s past the time-out, 2 s allowing for a loaded machine.
    long deadline = opened + Duration.ofSeconds(timeout + 2).toNanos();
    assertThat(closedByServer(silent, deadline)).as("silent connection closed").isTrue();
    assertThat(closedByServer(trickler, deadline)).as("connection still sending its headers closed").isTrue();
  }

  @Test
  void everyKeptAliveConnectionUpToMaxConnectionsStaysUsable() throws Exception {
    // More than the JDK's own idle pool (200), which closes a connection that finds it full when its answer
    // is sent: the server must let all of MAX_CONNECTIONS stay idle.
    int connections = 250;
    String base = start(Map.of("MAX_CONNECTIONS", "300"));
    int port = Integer.parseInt(base.substring(base.lastIndexOf(':') + 1));
    List<Socket> kept = new ArrayList<>();
    for (int i = 0; i < connections; i++) {
      Socket socket = connect(port);
      socket.setSoTimeout(10_000);
      kept.add(socket);
    }
    for (int round = 1; round <= 2; round++) {
      for (int i = 0; i < connections; i++) {
        assertThat(healthCheck(kept.get(i))).as("round %d on kept-alive connection %d", round, i + 1).isEqualTo(200);
      }
    }
  }

  @Test
  void connectionsBeyondMaxConnectionsAreClosedAtOnceAndServiceResumesAfterThem() throws Exception {
    String base = start(Map.of("MAX_CONNECTIONS", "20", "REQUEST_TIMEOUT_SECONDS", "60"));
    int port = Integer.parseInt(base.substring(base.lastIndexOf(':') + 1));
    List<Socket> held = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      held.add(connect(port));
    }
    Thread.sleep(500); // accepted by now

    Socket surplus = connect(port);
    // Well inside the 60 s request time-out: only the connection bound can close it this soon.
    assertThat(closedByServer(surplus, System.nanoTime() + Duration.ofSeconds(10).toNanos())).isTrue();
    for (Socket socket : held) {
      socket.close();
    }
    Thread.sleep(500);

    assertThat(new HttpTarget(base).send(Call.post("{}")).status()).isEqualTo(200);
  }

  private String start(Map<String, String> settings) throws Exception {
    Map<String, String> env = new java.util.HashMap<>(settings);
    env.put("GEMINI_API_KEY", FakeGeminiApi.API_KEY);
    env.put("GEMINI_BASE_URL", gemini.baseUrl());
    env.put("RATE_LIMIT_PER_MINUTE", "0");
    env.put("REQUEST_LOG", "false");
    server = LocalProcess.start(List.of(LocalProcess.java(), "-jar", System.getProperty("localJar")), workDir, env);
    return server.awaitListening(Duration.ofSeconds(60));
  }

  private Socket connect(int port) throws IOException {
    Socket socket = new Socket("127.0.0.1", port);
    socket.setSoTimeout(1_000);
    sockets.add(socket);
    return socket;
  }

  /** One GET /healthz on the connection; its status, or -1 if the server closed the connection instead. */
  private static int healthCheck(Socket socket) throws IOException {
    try {
      socket.getOutputStream().write("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      InputStream in = socket.getInputStream();
      StringBuilder head = new StringBuilder();
      while (!head.toString().endsWith("\r\n\r\n")) {
        int b = in.read();
        if (b < 0) {
          return -1;
        }
        head.append((char) b);
      }
      String lengthLine = head.toString().lines().filter(l -> l.toLowerCase().startsWith("content-length:"))
          .findFirst().orElseThrow();
      in.readNBytes(Integer.parseInt(lengthLine.substring("content-length:".length()).trim()));
      return Integer.parseInt(head.substring(9, 12));
    } catch (SocketException e) {
      return -1;
    }
  }

  /** Writes one more byte to every slow connection every 300 ms; stops writing to any that fails. */
  private void trickle(AtomicBoolean trickling) {
    boolean[] dead = new boolean[TRICKLERS];
    while (trickling.get()) {
      for (int i = 0; i < TRICKLERS; i++) {
        if (!dead[i]) {
          try {
            sockets.get(i).getOutputStream().write(i % 2 == 0 ? 'a' : ' ');
          } catch (IOException e) {
            dead[i] = true;
          }
        }
      }
      try {
        Thread.sleep(300);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /** True once the server has closed the connection (end of stream or reset); false if still open at the deadline. */
  private static boolean closedByServer(Socket socket, long deadlineNanos) throws IOException {
    InputStream in = socket.getInputStream();
    while (System.nanoTime() < deadlineNanos) {
      try {
        if (in.read() < 0) {
          return true;
        }
      } catch (SocketTimeoutException e) {
        // still open: read again until the deadline
      } catch (SocketException e) {
        return true; // reset by the server
      }
    }
    return false;
  }
}
