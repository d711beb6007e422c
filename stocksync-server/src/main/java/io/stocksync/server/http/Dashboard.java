package io.stocksync.server.http;

import io.javalin.config.JavalinConfig;
import io.javalin.http.staticfiles.Location;
import java.util.Map;

/**
 * The dashboard of SPEC §13 at {@code GET /}: plain HTML, CSS and JavaScript from the jar's
 * resources ({@code io/stocksync/server/dashboard}), nothing fetched from elsewhere. The page calls
 * the {@code /v1} API with the key the seller signs in with; the headers below let it run only its
 * own scripts, so a value the API returns can never run as one.
 */
public final class Dashboard {

  /** Where the page's files are in the jar. */
  static final String DIRECTORY = "/io/stocksync/server/dashboard";

  /** Only this server's own files; no inline script, no frames, no plugin. */
  static final String CONTENT_SECURITY_POLICY =
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:;"
          + " connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self';"
          + " frame-ancestors 'none'";

  private Dashboard() {}

  /** Serves the dashboard's files at the root of {@code config}'s server. */
  public static void serve(JavalinConfig config) {
    config.staticFiles.add(
        files -> {
          files.hostedPath = "/";
          files.directory = DIRECTORY;
          files.location = Location.CLASSPATH;
          files.headers =
              Map.of(
                  "Content-Security-Policy", CONTENT_SECURITY_POLICY,
                  "X-Content-Type-Options", "nosniff",
                  "Referrer-Policy", "no-referrer",
                  "Cache-Control", "no-cache");
        });
  }
}
