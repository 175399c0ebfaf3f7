package dev.livetoken.contract;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The {@code redis-server} the fixture runs: the {@code PATH}'s, or else embedded-redis's build for this OS and
 * CPU, extracted once into the temporary directory and reused by later test JVMs.
 */
final class RedisBinary {

  private static Path path;

  private RedisBinary() {}

  static synchronized Path path() {
    if (path == null) {
      path = onPath().orElseGet(RedisBinary::extracted);
    }
    return path;
  }

  private static Optional<Path> onPath() {
    String searched = System.getenv().getOrDefault("PATH", "");
    return Stream.of(searched.split(java.io.File.pathSeparator))
        .filter(entry -> !entry.isEmpty())
        .map(entry -> Path.of(entry, "redis-server"))
        .filter(Files::isExecutable)
        .findFirst();
  }

  private static Path extracted() {
    String resource = resourceName(System.getProperty("os.name"), System.getProperty("os.arch"));
    try (InputStream in = RedisBinary.class.getResourceAsStream("/" + resource)) {
      if (in == null) {
        throw new IllegalStateException("no redis-server on the PATH and no " + resource
            + " on the test classpath (test dependency com.github.codemonstur:embedded-redis)");
      }
      byte[] binary = in.readAllBytes();
      Path directory = Path.of(System.getProperty("java.io.tmpdir"), "live-token-" + resource);
      Path target = directory.resolve("redis-server");
      if (Files.isExecutable(target) && Files.size(target) == binary.length) {
        return target;
      }
      Files.createDirectories(directory);
      // Written aside and moved into place, so a JVM running beside this one never executes half a file.
      Path partial = Files.createTempFile(directory, "redis-server", ".part");
      Files.write(partial, binary);
      partial.toFile().setExecutable(true);
      Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String resourceName(String osName, String osArch) {
    String os = osName.toLowerCase(Locale.ROOT);
    boolean arm = osArch.equals("aarch64") || osArch.equals("arm64");
    if (os.contains("linux")) {
      return arm ? "redis-server-6.2.7-linux-arm64" : "redis-server-6.2.6-v5-linux-amd64";
    }
    if (os.contains("mac")) {
      return arm ? "redis-server-6.2.6-v5-darwin-arm64" : "redis-server-6.2.6-v5-darwin-amd64";
    }
    throw new IllegalStateException("no embedded redis-server for " + osName + " " + osArch + ": put one on the PATH");
  }
}
