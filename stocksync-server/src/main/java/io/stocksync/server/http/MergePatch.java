package io.stocksync.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/**
 * JSON merge patch (RFC 7396): an object patch sets each of its members on the target, recursively
 * for objects, and a {@code null} member removes it; any other patch replaces the target whole.
 * What the patched document then means is for the resource's own PUT validation to say.
 */
final class MergePatch {
  private MergePatch() {}

  /** The media type RFC 7396 names; {@code application/json} is accepted too. */
  static final String MEDIA_TYPE = "application/merge-patch+json";

  /** {@code patch} applied to a copy of {@code target} (which is left as it was). */
  static JsonNode apply(JsonNode target, JsonNode patch) {
    if (!(patch instanceof ObjectNode p)) {
      return patch.deepCopy();
    }
    ObjectNode result = target instanceof ObjectNode t ? t.deepCopy() : p.objectNode().removeAll();
    for (Map.Entry<String, JsonNode> member : p.properties()) {
      if (member.getValue().isNull()) {
        result.remove(member.getKey());
      } else {
        JsonNode current = result.get(member.getKey());
        result.set(
            member.getKey(), apply(current == null ? p.nullNode() : current, member.getValue()));
      }
    }
    return result;
  }
}
