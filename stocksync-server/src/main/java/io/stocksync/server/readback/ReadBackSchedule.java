package io.stocksync.server.readback;

import io.stocksync.channels.ChannelKey;
import io.stocksync.core.port.Rows.ChannelRow;
import io.stocksync.server.engine.Engine;
import io.stocksync.server.schedule.ChannelSchedule;
import io.stocksync.server.schedule.ChannelSchedule.Outcome;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * Reads back every channel that can, every {@code settings.readBackSeconds} (SPEC §12; default
 * 3600), on a {@link ChannelSchedule} of its own: the first pass of a channel one interval after
 * the schedule (or the channel) starts, one pass at a time per channel, a failed pass backed off. A
 * pass stopped by its share of the rate budget goes on from where it stopped once the wait is over.
 * Thread-safe; {@link #tick} runs one round, for tests that drive the clock.
 */
public final class ReadBackSchedule implements AutoCloseable {
  private final ChannelSchedule schedule;

  public ReadBackSchedule(
      Engine engine, ReadBack readBack, Clock clock, ChannelSchedule.Settings settings) {
    this.schedule =
        new ChannelSchedule(
            "read-back",
            engine,
            new ChannelSchedule.Job() {
              @Override
              public Optional<Duration> interval(ChannelRow row) {
                return readBack.reader(row).isPresent()
                    ? Optional.of(readBack.interval(row))
                    : Optional.empty();
              }

              @Override
              public Outcome run(ChannelKey key, ChannelRow row) {
                ReadBack.Result r = readBack.read(key.accountId(), key.channelId(), true);
                if (r.error() != null) {
                  throw new IllegalStateException(r.error());
                }
                return r.paced() != null ? new Outcome(false, r.paced()) : Outcome.DONE;
              }
            },
            clock,
            settings);
  }

  public ReadBackSchedule start() {
    schedule.start();
    return this;
  }

  /** The channels it reads back now. */
  public Set<ChannelKey> watched() {
    return schedule.watched();
  }

  /** One round: reads the channels when due, then starts a pass of every channel due now. */
  public void tick() {
    schedule.tick();
  }

  @Override
  public void close() {
    schedule.close();
  }
}
