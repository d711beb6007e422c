package io.stocksync.server.engine;

import io.stocksync.core.event.EventResult;
import io.stocksync.core.event.EventType;
import io.stocksync.core.event.InventoryEvent;
import io.stocksync.core.port.LedgerRepository;
import io.stocksync.store.LedgerRepositories;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Semaphore;

/**
 * The process {@link EngineCrashTest} kills: ingests the deterministic event stream from a given
 * index and prints one {@code ACK <index> <id> <status>} line per durable result, until killed.
 */
public final class CrashChild {
  static final String ACCOUNT = "crash";
  static final String[] PLAIN = {"A", "B", "C"};
  static final String BUNDLE = "AB2";
  static final String[] LOCATIONS = {"WH1", "WH2"};
  static final int CHUNK = 7;

  private CrashChild() {}

  /** Event {@code i} of the stream: the same every time it is asked for. */
  static InventoryEvent event(int i) {
    SplittableRandom r = new SplittableRandom(0x5EED ^ (i * 0x9E3779B97F4A7C15L));
    String location = LOCATIONS[r.nextInt(LOCATIONS.length)];
    int pick = r.nextInt(100);
    String sku = pick < 15 ? BUNDLE : PLAIN[r.nextInt(PLAIN.length)];
    EventType type;
    long q = 1 + r.nextInt(5);
    int t = r.nextInt(100);
    if (t < 40) {
      type = EventType.ORDER_PLACED;
    } else if (t < 55) {
      type = EventType.ORDER_CANCELLED; // rejected when too little is reserved: also fine
    } else if (t < 70) {
      type = EventType.ORDER_SHIPPED;
    } else if (t < 78) {
      type = EventType.RETURN_RECEIVED;
    } else if (t < 86) {
      type = EventType.ADJUSTMENT;
      q = r.nextBoolean() ? q : -q;
    } else if (t < 90) {
      type = EventType.STOCK_COUNT;
      q = 50 + r.nextInt(200);
    } else {
      type = EventType.PUTAWAY;
      q = 20 + r.nextInt(100);
    }
    if (sku.equals(BUNDLE) && !type.expandsOverBundleComponents()) {
      sku = "A";
    }
    return new InventoryEvent("c-" + i, type, sku, location, q, null);
  }

  /** How many ledger lines event {@code i} makes when applied. */
  static int lines(InventoryEvent e) {
    return e.sku().equals(BUNDLE) ? 2 : 1;
  }

  public static void main(String[] args) throws Exception {
    String db = args[0];
    int from = Integer.parseInt(args[1]);
    int to = Integer.parseInt(args[2]);
    BufferedWriter out =
        new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8));
    LedgerRepository repository = LedgerRepositories.open(db);
    Engine engine =
        Engine.start(repository, Clock.systemUTC(), EngineSettings.DEFAULT.withBatchEvents(50));
    out.write("READY\n");
    out.flush();
    Semaphore window = new Semaphore(16);
    for (int i = from; i < to; i += CHUNK) {
      List<InventoryEvent> chunk = new ArrayList<>();
      for (int j = i; j < Math.min(to, i + CHUNK); j++) {
        chunk.add(event(j));
      }
      int first = i;
      window.acquire();
      engine
          .submit(ACCOUNT, chunk)
          .whenComplete(
              (results, error) -> {
                if (results != null) {
                  synchronized (out) {
                    try {
                      for (int k = 0; k < results.size(); k++) {
                        EventResult r = results.get(k);
                        out.write("ACK " + (first + k) + " " + r.id() + " " + r.status() + "\n");
                      }
                      out.flush();
                    } catch (IOException e) {
                      throw new UncheckedIOException(e);
                    }
                  }
                }
                window.release();
              });
    }
    window.acquire(16);
    engine.close();
    repository.close();
    out.write("DONE\n");
    out.flush();
  }
}
