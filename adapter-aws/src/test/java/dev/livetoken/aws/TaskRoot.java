package dev.livetoken.aws;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The deployment jar unzipped into a directory, as Lambda unpacks a function's code into its task root
 * ({@code /var/task}) and runs it from there: once per test JVM, fresh, from the jar the build just made.
 */
final class TaskRoot {

  private static Path unpacked;

  private TaskRoot() {}

  /** The jar of {@link ShadedJar#path()} unpacked into the directory the {@code lambda.task.root} property names. */
  static synchronized Path unpacked() {
    if (unpacked == null) {
      Path directory = Path.of(System.getProperty("lambda.task.root")).toAbsolutePath();
      unpack(ShadedJar.path(), directory);
      unpacked = directory;
    }
    return unpacked;
  }

  private static void unpack(Path jar, Path directory) {
    try {
      if (Files.exists(directory)) {
        try (Stream<Path> old = Files.walk(directory)) {
          old.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
      }
      Files.createDirectories(directory);
      try (ZipFile zip = new ZipFile(jar.toFile())) {
        for (ZipEntry entry : zip.stream().toList()) {
          Path target = directory.resolve(entry.getName()).normalize();
          if (!target.startsWith(directory)) {
            throw new IOException("entry outside the task root: " + entry.getName());
          }
          if (entry.isDirectory()) {
            Files.createDirectories(target);
          } else {
            Files.createDirectories(target.getParent());
            try (InputStream in = zip.getInputStream(entry)) {
              Files.copy(in, target);
            }
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot unpack " + jar + " into " + directory, e);
    }
  }
}
