package io.stocksync.channels;

import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * What connectors share: one HTTP client, the clock, the time a call may take, and the random
 * source for jitter. Immutable; thread-safe as its parts are.
 *
 * @param requestTimeout how long a call may take before it counts as a timeout (outcome unknown)
 * @param random uniform in [0, 1), for jitter
 */
public record ConnectorContext(
    HttpClient http, Clock clock, Duration requestTimeout, DoubleSupplier random) {}
