package io.stocksync.channels;

import java.time.Instant;

/**
 * A snapshot of one channel's worker.
 *
 * @param inFlight listings in flight (taken, not yet settled)
 * @param retrying listings waiting out a backoff
 * @param pausedUntil the channel sends nothing before this (throttle or backoff); null when not
 *     paused
 * @param problem why the channel cannot send (no connector for its type, bad settings); null when
 *     it can
 * @param budgetInUse the share of its marketplace rate budget in use, 0 to 1, by the limit that
 *     paces its pushes; NaN when not known (no connector yet, or no answer has told it)
 */
public record ChannelStatus(
    int inFlight, int retrying, Instant pausedUntil, String problem, double budgetInUse) {}
