package io.stocksync.channels.order;

import com.fasterxml.jackson.databind.JsonNode;

/** JSON text as a tree, for the pure mappings' tests. */
final class PollCallsTestJson {
  private PollCallsTestJson() {}

  static JsonNode parse(String json) {
    return PollCalls.tree(json);
  }
}
