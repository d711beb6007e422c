package io.stocksync.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stocksync.core.port.LedgerRepository;
import io.stocksync.server.account.Accounts;
import io.stocksync.server.account.Authenticator;
import io.stocksync.server.engine.Engine;
import io.stocksync.server.engine.EngineSettings;
import io.stocksync.server.secret.CredentialCipher;
import io.stocksync.store.ApiKeyRepository;
import io.stocksync.store.LedgerRepositories;
import io.stocksync.store.PushAttemptRepository;
import io.stocksync.store.report.ReportRepository;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;

/**
 * A server for the dashboard's tests: the API with its report routes (the ledger history, the
 * downloads) on a SQLite file, and one account to sign in with.
 */
final class DashboardServer implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final LedgerRepository ledger;
  private final ApiKeyRepository keys;
  private final PushAttemptRepository attempts;
  private final ReportRepository reports;
  private final Engine engine;
  final ApiServer server;
  final String key;
  private final HttpClient http = HttpClient.newHttpClient();

  DashboardServer(Path dir) {
    String db = dir.resolve("dashboard.db").toString();
    ledger = LedgerRepositories.open(db);
    keys = ApiKeyRepository.open(db);
    attempts = PushAttemptRepository.open(db);
    reports = ReportRepository.open(db);
    engine = Engine.start(ledger, Clock.systemUTC(), EngineSettings.DEFAULT);
    ApiMetrics metrics = new ApiMetrics();
    metrics.bind(engine.stats(), attempts);
    key = new Accounts(ledger, keys, Clock.systemUTC()).create("Dashboard shop").key().key();
    server =
        ApiServer.start(
            engine,
            new Authenticator(keys),
            attempts,
            reports,
            new CredentialCipher(new byte[32]),
            metrics,
            new ApiServer.Options("127.0.0.1", 0, 1 << 20));
  }

  String base() {
    return "http://127.0.0.1:" + server.port();
  }

  /** Sends a JSON body with the account's key; fails unless the answer is 200. */
  JsonNode send(String method, String path, String json) {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(base() + path))
            .header("Authorization", "Bearer " + key)
            .header("Content-Type", "application/json")
            .method(method, HttpRequest.BodyPublishers.ofString(json))
            .build();
    try {
      HttpResponse<String> answer = http.send(request, HttpResponse.BodyHandlers.ofString());
      if (answer.statusCode() != 200) {
        throw new AssertionError(method + " " + path + " answered " + answer.body());
      }
      return JSON.readTree(answer.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The status of a GET with the account's key. */
  int status(String path) {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(base() + path))
            .header("Authorization", "Bearer " + key)
            .build();
    try {
      return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    server.close();
    engine.close();
    reports.close();
    attempts.close();
    keys.close();
    ledger.close();
  }
}
