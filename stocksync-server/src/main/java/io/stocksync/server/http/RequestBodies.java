package io.stocksync.server.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.stocksync.core.inventory.FieldError;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.CharacterCodingException;
import java.util.List;
import java.util.Locale;

/**
 * Reads request bodies within the server's limits: the media type (UTF-8 only), the body stream
 * (refused with 413 as soon as it is known to be larger than the limit: from its {@code
 * Content-Length}, or while it is read) and JSON documents parsed with the server's depth and
 * length limits. Every failure is a {@link Problem}. Thread-safe.
 */
final class RequestBodies {
  private final ObjectMapper mapper;
  private final long maxBody;

  /**
   * The JSON factory every body is parsed with: bounded depth, number and string lengths, and
   * duplicate keys refused.
   */
  static JsonFactory jsonFactory() {
    JsonFactory factory =
        JsonFactory.builder()
            .streamReadConstraints(
                StreamReadConstraints.builder()
                    .maxNestingDepth(32)
                    .maxNumberLength(64)
                    .maxStringLength(1 << 20)
                    .build())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();
    factory.disable(JsonParser.Feature.AUTO_CLOSE_SOURCE);
    return factory;
  }

  RequestBodies(ObjectMapper mapper, long maxBody) {
    this.mapper = mapper;
    this.maxBody = maxBody;
  }

  /** The media type of the request, without parameters; bodies must be UTF-8. */
  String mediaType(Context ctx) {
    String header = ctx.header("Content-Type");
    if (header == null || header.isBlank()) {
      throw new Problem(
          Problem.Kind.UNSUPPORTED_MEDIA_TYPE, "send a Content-Type (application/json)");
    }
    String[] parts = header.split(";");
    String type = parts[0].trim().toLowerCase(Locale.ROOT);
    for (int i = 1; i < parts.length; i++) {
      String p = parts[i].trim().toLowerCase(Locale.ROOT);
      if (p.startsWith("charset=")
          && !p.equals("charset=utf-8")
          && !p.equals("charset=\"utf-8\"")) {
        throw new Problem(Problem.Kind.UNSUPPORTED_MEDIA_TYPE, "bodies must be UTF-8, not " + p);
      }
    }
    return type;
  }

  /** The request body, limited; refused at once when its declared length is over the limit. */
  InputStream body(Context ctx) throws IOException {
    long declared = ctx.req().getContentLengthLong();
    if (declared > maxBody) {
      ctx.header("Connection", "close");
      throw tooLarge();
    }
    return new LimitedInputStream(ctx.req().getInputStream(), maxBody);
  }

  /** Whether the request carries a body at all. */
  static boolean hasBody(Context ctx) {
    return ctx.header("Content-Type") != null || ctx.contentLength() > 0;
  }

  Problem tooLarge() {
    return new Problem(
        Problem.Kind.BODY_TOO_LARGE,
        "the body is larger than the limit of " + maxBody + " bytes; send smaller batches");
  }

  /** What a failure to read the body means for the client. */
  Problem bodyProblem(IOException e) {
    if (e instanceof BodyTooLargeException) {
      return tooLarge();
    }
    if (e instanceof CharacterCodingException) {
      return EventBatchReader.notUtf8();
    }
    if (e instanceof JsonProcessingException jpe) {
      return EventBatchReader.malformed(jpe);
    }
    return new Problem(
        Problem.Kind.MALFORMED_BODY,
        "the body could not be read: " + e.getMessage(),
        List.of(new FieldError("body", "could not be read")));
  }

  /** A JSON body (Content-Type application/json), parsed with the server's limits. */
  JsonNode readJson(Context ctx) {
    return readJson(ctx, false);
  }

  /**
   * A JSON merge patch (RFC 7396) body: Content-Type application/merge-patch+json or
   * application/json.
   */
  JsonNode readPatch(Context ctx) {
    return readJson(ctx, true);
  }

  private JsonNode readJson(Context ctx, boolean patch) {
    String type = mediaType(ctx);
    if (patch && type.equals(MergePatch.MEDIA_TYPE)) {
      type = ApiServer.JSON;
    }
    if (!type.equals(ApiServer.JSON)) {
      throw new Problem(
          Problem.Kind.UNSUPPORTED_MEDIA_TYPE, "send Content-Type: application/json, not " + type);
    }
    try (InputStream body = body(ctx)) {
      JsonNode node = mapper.readTree(EventBatchReader.utf8(body));
      if (node == null || node.isMissingNode()) {
        throw Problem.field("body", "is empty: send a JSON object");
      }
      return node;
    } catch (StreamConstraintsException e) {
      throw new Problem(
          Problem.Kind.MALFORMED_BODY,
          "the JSON is too deep or too long: " + e.getOriginalMessage(),
          List.of(new FieldError("body", e.getOriginalMessage())));
    } catch (IOException e) {
      throw bodyProblem(e);
    }
  }

  /** A JSON body that must be an object. */
  ObjectNode readObject(Context ctx) {
    if (readJson(ctx) instanceof ObjectNode o) {
      return o;
    }
    throw Problem.field("body", "must be a JSON object");
  }
}
