package io.stocksync.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stocksync.server.http.CsvReader;
import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.Reader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.locks.LockSupport;

/**
 * Sends a CSV file of events to {@code POST /v1/events} in batches, in file order (one batch in
 * flight: events of one SKU must apply in order), retrying a batch the server could not take
 * (connection lost, 429, 502–504). Re-running it after an interruption is safe: events already
 * applied come back {@code duplicate}. Not thread-safe; one per import.
 */
final class CsvImport {

  /** What an import did. */
  record Summary(long rows, long applied, long duplicate, long rejected, String failure) {
    boolean complete() {
      return failure == null;
    }
  }

  /** How many rejected rows are printed; the summary counts them all. */
  private static final int SHOWN_REJECTIONS = 20;

  private static final int MAX_ATTEMPTS = 10;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final URI events;
  private final String key;
  private final int batchSize;
  private final PrintStream out;
  private final PrintStream err;
  private final boolean bar;
  private final HttpClient client =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(10))
          .build();

  private long applied;
  private long duplicate;
  private long rejected;
  private long sent;

  CsvImport(URI server, String key, int batchSize, PrintStream out, PrintStream err, boolean bar) {
    this.events = server.resolve("/v1/events");
    this.key = key;
    this.batchSize = batchSize;
    this.out = out;
    this.err = err;
    this.bar = bar;
  }

  /** Counts the bytes read, for the progress bar. */
  private static final class Counting extends FilterInputStream {
    long count;

    Counting(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        count++;
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      if (n > 0) {
        count += n;
      }
      return n;
    }
  }

  Summary run(Path file) throws IOException, InterruptedException {
    long size = Files.size(file);
    long started = System.nanoTime();
    Progress progress = new Progress(size, started);
    try (Counting counting =
            new Counting(new BufferedInputStream(Files.newInputStream(file), 1 << 16));
        Reader reader =
            new java.io.BufferedReader(
                new InputStreamReader(
                    counting,
                    StandardCharsets.UTF_8
                        .newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)),
                1 << 16)) {
      CsvReader csv = new CsvReader(reader);
      List<String> header;
      try {
        header = csv.next();
      } catch (CsvReader.CsvException e) {
        return finish(progress, file + ": " + e.getMessage());
      }
      if (header == null) {
        return finish(progress, "the file is empty");
      }
      String headerLine = line(header);
      List<String> rows = new ArrayList<>(batchSize);
      List<Long> lines = new ArrayList<>(batchSize);
      List<String> record;
      while (true) {
        try {
          record = csv.next();
        } catch (CsvReader.CsvException e) {
          flush(headerLine, rows, lines);
          return finish(progress, file + ": " + e.getMessage() + " (rows before it were sent)");
        }
        if (record == null) {
          break;
        }
        if (record.size() == 1 && record.get(0).isEmpty()) {
          continue;
        }
        rows.add(line(record));
        lines.add(csv.recordLine());
        if (rows.size() == batchSize) {
          String failure = flush(headerLine, rows, lines);
          if (failure != null) {
            return finish(progress, failure);
          }
          progress.show(counting.count, sent, false);
        }
      }
      String failure = flush(headerLine, rows, lines);
      progress.show(counting.count, sent, true);
      return finish(progress, failure);
    } catch (java.nio.charset.CharacterCodingException e) {
      return finish(progress, file + " is not UTF-8 (after " + sent + " rows)");
    }
  }

  private Summary finish(Progress progress, String failure) {
    progress.end();
    return new Summary(sent, applied, duplicate, rejected, failure);
  }

  /** The fields as one CSV line (no line end), quoted where they need it. */
  private static String line(List<String> fields) {
    return CsvReader.WRITE.format(fields.toArray());
  }

  /** Sends the rows gathered, if any; returns why the import must stop, or null. */
  private String flush(String header, List<String> rows, List<Long> lines)
      throws InterruptedException {
    if (rows.isEmpty()) {
      return null;
    }
    StringBuilder body = new StringBuilder(header.length() + rows.size() * 64);
    body.append(header).append('\n');
    for (String r : rows) {
      body.append(r).append('\n');
    }
    HttpRequest request =
        HttpRequest.newBuilder(events)
            .timeout(Duration.ofMinutes(2))
            .header("Authorization", "Bearer " + key)
            .header("Content-Type", "text/csv; charset=utf-8")
            .POST(HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8))
            .build();
    long backoff = 500;
    for (int attempt = 1; ; attempt++) {
      String retryWhy;
      try {
        HttpResponse<String> response =
            client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        int status = response.statusCode();
        if (status == 200) {
          count(JSON.readTree(response.body()), lines);
          sent += rows.size();
          rows.clear();
          lines.clear();
          return null;
        }
        if (status != 429 && status != 502 && status != 503 && status != 504) {
          return "the server refused the batch of lines "
              + lines.get(0)
              + "–"
              + lines.get(lines.size() - 1)
              + " ("
              + status
              + "): "
              + describe(response.body(), lines);
        }
        retryWhy = "HTTP " + status;
      } catch (IOException e) {
        retryWhy =
            e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
      }
      if (attempt == MAX_ATTEMPTS) {
        return "gave up on the batch starting at line "
            + lines.get(0)
            + " after "
            + attempt
            + " attempts ("
            + retryWhy
            + ")";
      }
      err.printf(
          "%nretrying the batch starting at line %d in %d ms (%s)%n",
          lines.get(0), backoff, retryWhy);
      LockSupport.parkNanos(backoff * 1_000_000);
      backoff = Math.min(backoff * 2, 10_000);
    }
  }

  private void count(JsonNode answer, List<Long> lines) {
    JsonNode results = answer.path("results");
    for (int i = 0; i < results.size(); i++) {
      JsonNode r = results.get(i);
      switch (r.path("status").asText()) {
        case "applied" -> applied++;
        case "duplicate" -> duplicate++;
        default -> {
          rejected++;
          if (rejected <= SHOWN_REJECTIONS) {
            JsonNode e = r.path("error");
            err.printf(
                "%nline %d: event %s rejected: %s (%s)%n",
                i < lines.size() ? lines.get(i) : -1,
                r.path("id").asText("?"),
                e.path("message").asText(),
                e.path("reason").asText());
          } else if (rejected == SHOWN_REJECTIONS + 1) {
            err.printf("%n(more rejections are counted in the summary, not shown)%n");
          }
        }
      }
    }
  }

  /** A problem document in a line, its field errors pointed at file lines. */
  private static String describe(String body, List<Long> lines) {
    try {
      JsonNode p = JSON.readTree(body);
      StringBuilder b = new StringBuilder(p.path("detail").asText(body));
      JsonNode errors = p.path("errors");
      for (int i = 0; i < Math.min(errors.size(), 10); i++) {
        String field = errors.get(i).path("field").asText();
        b.append("\n  ").append(field).append(": ").append(errors.get(i).path("message").asText());
        java.util.regex.Matcher m =
            java.util.regex.Pattern.compile("^events\\[(\\d+)]").matcher(field);
        if (m.find() && Integer.parseInt(m.group(1)) < lines.size()) {
          b.append(" (file line ").append(lines.get(Integer.parseInt(m.group(1)))).append(')');
        }
      }
      return b.toString();
    } catch (IOException | RuntimeException e) {
      return body;
    }
  }

  /** The progress bar on stderr: redrawn in place on a terminal, a line every few seconds else. */
  private final class Progress {
    private final long size;
    private final long started;
    private long lastShown;
    private boolean drawn;

    Progress(long size, long started) {
      this.size = Math.max(1, size);
      this.started = started;
      this.lastShown = started;
    }

    void show(long bytes, long rows, boolean last) {
      long now = System.nanoTime();
      long every = bar ? 200_000_000L : 5_000_000_000L;
      if (!last && now - lastShown < every) {
        return;
      }
      lastShown = now;
      double fraction = Math.min(1.0, bytes / (double) size);
      double seconds = Math.max(1e-9, (now - started) / 1e9);
      int width = 30;
      int filled = (int) Math.round(fraction * width);
      String line =
          String.format(
              Locale.ROOT,
              "%3.0f%% [%s%s] %,d rows  %,.0f rows/s",
              fraction * 100,
              "#".repeat(filled),
              " ".repeat(width - filled),
              rows,
              rows / seconds);
      if (bar) {
        err.print("\r" + line);
        drawn = true;
      } else {
        err.println(line);
      }
      err.flush();
    }

    void end() {
      if (drawn) {
        err.println();
      }
    }
  }

  PrintStream out() {
    return out;
  }
}
