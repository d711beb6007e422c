package io.stocksync.server.http;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.ErrorHandler;

/**
 * Answers the errors Jetty raises before a request reaches the API (a malformed request line, an
 * ambiguous path, headers too large) as problem documents too, so that every error a client can get
 * has the same shape.
 */
final class ProblemErrorHandler extends ErrorHandler {

  static byte[] body(int status, String reason) {
    String detail = reason == null ? HttpStatus.getMessage(status) : reason;
    String kind =
        switch (status) {
          case 404 -> "not-found";
          case 405 -> "method-not-allowed";
          case 413 -> "body-too-large";
          case 415 -> "unsupported-media-type";
          default -> status >= 500 ? "internal-error" : "bad-request";
        };
    String json =
        "{\"type\":\"urn:stocksync:problem:"
            + kind
            + "\",\"title\":"
            + quote(HttpStatus.getMessage(status))
            + ",\"status\":"
            + status
            + ",\"detail\":"
            + quote(detail)
            + "}";
    return json.getBytes(StandardCharsets.UTF_8);
  }

  private static String quote(String s) {
    StringBuilder b = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      if (c == '"' || c == '\\') {
        b.append('\\').append(c);
      } else if (c < 0x20) {
        b.append(String.format("\\u%04x", (int) c));
      } else {
        b.append(c);
      }
    }
    return b.append('"').toString();
  }

  @Override
  public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
    fields.put(HttpHeader.CONTENT_TYPE, ApiServer.PROBLEM_JSON);
    return ByteBuffer.wrap(body(status, reason));
  }

  @Override
  protected void generateAcceptableResponse(
      Request baseRequest,
      HttpServletRequest request,
      HttpServletResponse response,
      int code,
      String message)
      throws IOException {
    baseRequest.setHandled(true);
    response.setContentType(ApiServer.PROBLEM_JSON);
    response.getOutputStream().write(body(code, message));
  }
}
