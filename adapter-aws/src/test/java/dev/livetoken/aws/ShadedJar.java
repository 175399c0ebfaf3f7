package dev.livetoken.aws;

import java.nio.file.Path;

/** Where the build put the deployable jar (a system property set by the pom). */
final class ShadedJar {

  private ShadedJar() {}

  static Path path() {
    return Path.of(System.getProperty("aws.jar"));
  }
}
