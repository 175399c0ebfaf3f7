package dev.livetoken.contract;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A real {@code redis-server} process on a free loopback port, with a password, nothing persisted: the one on the
 * {@code PATH} when there is one, otherwise the build for this platform carried by the test dependency
 * {@code com.github.codemonstur:embedded-redis} (so the suite needs no installed Redis). It can be paused
 * (SIGSTOP), killed (SIGKILL) and started again on the same port.
 */
public final class RedisServer implements AutoCloseable {

  public static final String PASSWORD = "s3cret-redis-pw-4d1f";

  private final int port;
  private final Path directory;
  private Process process;
  private long redisPid;

  public RedisServer() throws IOException {
    this(freePort());
  }

  private RedisServer(int port) throws IOException {
    this.port = port;
    this.directory = Files.createTempDirectory("redis-");
  }

  /** A server that is not started yet: its URL points at a port where nothing listens. */
  public static RedisServer notStarted() throws IOException {
    return new RedisServer(freePort());
  }

  public static RedisServer started() throws IOException {
    RedisServer server = new RedisServer();
    server.start();
    return server;
  }

  public int port() {
    return port;
  }

  /** {@code redis://default:PASSWORD@127.0.0.1:PORT/0}. */
  public String url() {
    return "redis://default:" + PASSWORD + "@127.0.0.1:" + port + "/0";
  }

  public void start() throws IOException {
    Path pidFile = directory.resolve("redis.pid");
    Files.deleteIfExists(pidFile);
    String redis = "'" + RedisBinary.path() + "' --port " + port + " --bind 127.0.0.1 --requirepass " + PASSWORD
        + " --save '' --appendonly no --dir '" + directory + "' --daemonize no";
    // Under a shell that kills it once this JVM is gone: PIT kills test JVMs outright on a mutant's time-out,
    // and nothing in a killed JVM can stop its children. The tests signal the server itself, by its own pid.
    String guard = redis + " & r=$!; echo $r > '" + pidFile + "'; while kill -0 " + ProcessHandle.current().pid()
        + " 2>/dev/null && kill -0 $r 2>/dev/null; do sleep 1; done; kill -9 $r 2>/dev/null; wait $r";
    process = new ProcessBuilder("sh", "-c", guard)
        .redirectErrorStream(true)
        .redirectOutput(directory.resolve("redis.log").toFile())
        .start();
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (true) {
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
        redisPid = Long.parseLong(Files.readString(pidFile).strip());
        return;
      } catch (IOException | NumberFormatException e) {
        if (System.nanoTime() > deadline || !process.isAlive()) {
          throw new IllegalStateException("redis-server did not start on port " + port + ": "
              + Files.readString(directory.resolve("redis.log")));
        }
        sleep(20);
      }
    }
  }

  /** SIGSTOP: connections stay open, nothing is answered. */
  public void pause() throws Exception {
    signal("STOP");
  }

  /** SIGKILL, and waits until the process is gone. */
  public void kill() throws Exception {
    signal("KILL");
    process.waitFor();
  }

  @Override
  public void close() {
    if (process != null) {
      ProcessHandle.of(redisPid).ifPresent(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
      try {
        process.waitFor();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void signal(String name) throws Exception {
    int exit = new ProcessBuilder("kill", "-" + name, Long.toString(redisPid)).inheritIO().start().waitFor();
    if (exit != 0) {
      throw new IllegalStateException("kill -" + name + " failed");
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
