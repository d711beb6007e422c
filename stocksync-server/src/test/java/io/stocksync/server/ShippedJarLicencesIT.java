package io.stocksync.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;

/**
 * The shaded jar carries StockSync's licence and notice, and keeps the licence and notice files of
 * the libraries it bundles instead of dropping them.
 */
class ShippedJarLicencesIT {

  private static final Path REPOSITORY = Path.of("..");

  private static String entry(JarFile jar, String name) throws IOException {
    ZipEntry e = jar.getEntry(name);
    assertThat(e).as(name + " in the jar").isNotNull();
    return new String(jar.getInputStream(e).readAllBytes(), StandardCharsets.UTF_8);
  }

  @Test
  void carriesOurLicenceAndNoticeAndKeepsTheBundledLibrariesOwn() throws IOException {
    try (JarFile jar = new JarFile(System.getProperty("stocksync.jar", "target/stocksync.jar"))) {
      assertThat(entry(jar, "LICENSE"))
          .isEqualTo(Files.readString(REPOSITORY.resolve("LICENSE")))
          .contains("Apache License", "Version 2.0, January 2004");
      assertThat(entry(jar, "NOTICE")).isEqualTo(Files.readString(REPOSITORY.resolve("NOTICE")));
      // Jetty's NOTICE, merged with the others; the PostgreSQL driver's BSD licence and
      // checker-qual's MIT licence, appended to the others of their name.
      assertThat(entry(jar, "META-INF/NOTICE")).contains("Notices for Eclipse Jetty");
      assertThat(entry(jar, "META-INF/LICENSE")).contains("PostgreSQL Global Development Group");
      assertThat(entry(jar, "META-INF/LICENSE.txt")).contains("Checker Framework");
    }
  }
}
