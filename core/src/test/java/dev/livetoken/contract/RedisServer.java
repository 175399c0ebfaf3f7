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
  private final boolean tls;
  private Process process;
  private long redisPid;

  public RedisServer() throws IOException {
    this(freePort(), false);
  }

  private RedisServer(int port, boolean tls) throws IOException {
    this.port = port;
    this.tls = tls;
    this.directory = Files.createTempDirectory("redis-");
  }

  /**
   * A TLS-only server (no plain port), its certificate for 127.0.0.1 signed by a CA made here for it alone
   * ({@link #caFile}), with keytool from the JDK.
   */
  public static RedisServer startedWithTls() throws Exception {
    RedisServer server = new RedisServer(freePort(), true);
    server.makeCertificates();
    server.start();
    return server;
  }

  /** The PEM certificate of the CA that signed a TLS server's certificate. */
  public Path caFile() {
    return directory.resolve("ca.pem");
  }

  /** {@code rediss://default:PASSWORD@127.0.0.1:PORT/0}. */
  public String tlsUrl() {
    return "rediss://default:" + PASSWORD + "@127.0.0.1:" + port + "/0";
  }

  private void makeCertificates() throws Exception {
    for (String file : new String[] {"ca.pem", "server.pem", "server.key"}) {
      Files.copy(certificates().resolve(file), directory.resolve(file));
    }
  }

  private static Path certificates;

  /** Made once per test JVM: five keytool runs take seconds on a busy machine. */
  private static synchronized Path certificates() throws Exception {
    if (certificates == null) {
      Path made = Files.createTempDirectory("redis-tls-");
      makeCertificates(made);
      certificates = made;
    }
    return certificates;
  }

  private static void makeCertificates(Path directory) throws Exception {
    String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
    String pass = "store-pw-1";
    keytool(directory, keytool, "-genkeypair", "-alias", "ca", "-keyalg", "EC", "-dname", "CN=live-token test CA",
        "-ext", "bc:c", "-validity", "2", "-keystore", "ca.p12", "-storepass", pass);
    keytool(directory, keytool, "-exportcert", "-rfc", "-alias", "ca", "-keystore", "ca.p12", "-storepass", pass,
        "-file", "ca.pem");
    keytool(directory, keytool, "-genkeypair", "-alias", "server", "-keyalg", "EC", "-dname", "CN=127.0.0.1",
        "-validity", "2", "-keystore", "server.p12", "-storepass", pass);
    keytool(directory, keytool, "-certreq", "-alias", "server", "-keystore", "server.p12", "-storepass", pass,
        "-file", "server.csr");
    keytool(directory, keytool, "-gencert", "-rfc", "-alias", "ca", "-keystore", "ca.p12", "-storepass", pass,
        "-infile", "server.csr", "-outfile", "server.pem", "-ext", "san=ip:127.0.0.1", "-validity", "2");
    java.security.KeyStore store = java.security.KeyStore.getInstance("PKCS12");
    try (var in = Files.newInputStream(directory.resolve("server.p12"))) {
      store.load(in, pass.toCharArray());
    }
    byte[] key = store.getKey("server", pass.toCharArray()).getEncoded();
    Files.writeString(directory.resolve("server.key"), "-----BEGIN PRIVATE KEY-----\n"
        + java.util.Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(key) + "\n-----END PRIVATE KEY-----\n");
  }

  private static void keytool(Path directory, String... command) throws Exception {
    Process run = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true).start();
    String output = new String(run.getInputStream().readAllBytes());
    if (run.waitFor() != 0) {
      throw new IllegalStateException("keytool failed: " + output);
    }
  }

  /** A server that is not started yet: its URL points at a port where nothing listens. */
  public static RedisServer notStarted() throws IOException {
    return new RedisServer(freePort(), false);
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
    return urlAt(port);
  }

  /** This server's URL with another port: a relay's in front of it. */
  public String urlAt(int relayPort) {
    return "redis://default:" + PASSWORD + "@127.0.0.1:" + relayPort + "/0";
  }

  public void start() throws IOException {
    Path pidFile = directory.resolve("redis.pid");
    Files.deleteIfExists(pidFile);
    String ports = tls
        ? "--port 0 --tls-port " + port + " --tls-cert-file server.pem --tls-key-file server.key"
            + " --tls-ca-cert-file ca.pem --tls-auth-clients no"
        : "--port " + port;
    String redis = "'" + RedisBinary.path() + "' " + ports + " --bind 127.0.0.1 --requirepass " + PASSWORD
        + " --save '' --appendonly no --dir '" + directory + "' --daemonize no";
    // Under a shell that kills it once this JVM is gone: PIT kills test JVMs outright on a mutant's time-out,
    // and nothing in a killed JVM can stop its children. The tests signal the server itself, by its own pid.
    String guard = redis + " & r=$!; echo $r > '" + pidFile + "'; while kill -0 " + ProcessHandle.current().pid()
        + " 2>/dev/null && kill -0 $r 2>/dev/null; do sleep 1; done; kill -9 $r 2>/dev/null; wait $r";
    process = new ProcessBuilder("sh", "-c", guard)
        .directory(directory.toFile())
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

  /** SIGCONT after {@link #pause}: it answers, and runs what was sent meanwhile. */
  public void resume() throws Exception {
    signal("CONT");
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
