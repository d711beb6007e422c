package io.stocksync.server.engine;

import io.stocksync.channels.Attempt;
import io.stocksync.channels.AttemptStatus;

/**
 * Which attempts say that a marketplace refuses a channel's credentials (SPEC §10 {@code
 * CREDENTIALS_REJECTED}): a whole call refused with HTTP 401 or 403 (the connectors refresh a token
 * once before they give up on a 401). A 403 may also mean a missing permission of valid
 * credentials; both are the seller's to fix in the marketplace's settings, so both count.
 */
final class CredentialRefusals {
  private CredentialRefusals() {}

  static boolean refused(Attempt attempt) {
    Integer status = attempt.httpStatus();
    return attempt.status() == AttemptStatus.REJECTED
        && status != null
        && (status == 401 || status == 403);
  }
}
