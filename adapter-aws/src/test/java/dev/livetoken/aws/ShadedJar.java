package dev.livetoken.aws;

import java.nio.file.Path;

/** Where the build put the deployable jar and the test classes (system properties set by the pom). */
final class ShadedJar {

  private ShadedJar() {}

  static Path path() {
    return Path.of(System.getProperty("aws.jar"));
  }

  /** A classpath of the shaded jar plus the test classes (for {@link StdioRuntime}; nothing else of ours). */
  static String runtimeClasspath() {
    return path() + java.io.File.pathSeparator + System.getProperty("test.classes");
  }
}
