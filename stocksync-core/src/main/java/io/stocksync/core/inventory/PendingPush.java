package io.stocksync.core.inventory;

import io.stocksync.core.channel.ListingState;
import io.stocksync.core.channel.Urgency;
import java.time.Instant;

/**
 * A queued push as the dispatcher sees it: the latest target of one listing (SPEC §5), with the
 * channel's own ids for it. An immutable snapshot taken on the account's writer; the listing may
 * move on after it is taken (a newer target gets a higher {@code version}).
 *
 * @param externalId the channel's id for the listing
 * @param fieldsJson the listing's other channel ids, as opaque JSON (may be null)
 * @param target the absolute quantity to send
 * @param version the version of that target: acknowledge with it
 * @param urgency how urgent the push is against what the channel last acknowledged
 * @param acknowledged the last quantity the channel confirmed; null before the first
 * @param queuedAt when the target was queued
 * @param state {@link ListingState#QUEUED}, or {@link ListingState#FAILED} after its retry budget
 * @param failures charged failures of this version so far (durable: what a restart resumes from)
 */
public record PendingPush(
    String accountId,
    String channelId,
    String sku,
    String externalId,
    String fieldsJson,
    long target,
    long version,
    Urgency urgency,
    Long acknowledged,
    Instant queuedAt,
    ListingState state,
    int failures) {

  /** A push with nothing of its retry budget spent yet. */
  public PendingPush(
      String accountId,
      String channelId,
      String sku,
      String externalId,
      String fieldsJson,
      long target,
      long version,
      Urgency urgency,
      Long acknowledged,
      Instant queuedAt,
      ListingState state) {
    this(
        accountId,
        channelId,
        sku,
        externalId,
        fieldsJson,
        target,
        version,
        urgency,
        acknowledged,
        queuedAt,
        state,
        0);
  }
}
