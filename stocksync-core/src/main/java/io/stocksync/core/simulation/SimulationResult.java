package io.stocksync.core.simulation;

import io.stocksync.core.policy.SyncPolicy;
import java.util.List;

/**
 * What one strategy did over a trace (SPEC §14). Over-statement is what a channel shows beyond the
 * true available (never below 0): {@code max(0, shown − max(0, available))}, per listing.
 *
 * @param name the strategy's name
 * @param policy the sync policy, or null for a timer baseline
 * @param events events in the trace
 * @param rejected events the ledger refused (SPEC §2), which changed nothing
 * @param syncs syncs decided
 * @param pushes listing updates delivered to the channels
 * @param calls marketplace API calls that carried them
 * @param maxOverstatement the largest over-statement of any listing at any instant
 * @param p99Overstatement the worst channel's 99th percentile of the over-statement sampled per
 *     listing at every instant a transaction touched its SKU, after that instant's deliveries
 * @param overstatementUnitSeconds the integral of over-statement over time, summed over listings
 * @param channels the same figures per channel
 * @param figures what each channel shows per SKU at the end, or null when not kept
 */
public record SimulationResult(
    String name,
    SyncPolicy policy,
    long events,
    long rejected,
    long syncs,
    long pushes,
    long calls,
    long maxOverstatement,
    long p99Overstatement,
    double overstatementUnitSeconds,
    List<ChannelFigures> channels,
    FinalFigures figures) {

  /** One channel's share of a result. */
  public record ChannelFigures(
      String channel,
      long pushes,
      long calls,
      long maxOverstatement,
      long p99Overstatement,
      double overstatementUnitSeconds) {}

  /** What each channel shows at the end of a run, by SKU code. Immutable. */
  public static final class FinalFigures {
    private final Trace trace;
    private final List<String> channels;
    private final long[][] shown;

    FinalFigures(Trace trace, List<String> channels, long[][] shown) {
      this.trace = trace;
      this.channels = List.copyOf(channels);
      this.shown = shown;
    }

    /** The figure channel {@code channel} shows for {@code sku}; 0 for a SKU the trace lacks. */
    public long shown(String channel, String sku) {
      int c = channels.indexOf(channel);
      if (c < 0) {
        throw new IllegalArgumentException("no channel '" + channel + "' in this run");
      }
      int s = trace.skuIndex(sku);
      return s < 0 ? 0 : shown[c][s];
    }
  }
}
