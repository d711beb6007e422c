package io.stocksync.channels.amazon;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;

/** Reads back the body of an {@link HttpRequest} built from a byte or string publisher. */
final class RequestBodies {

  private RequestBodies() {}

  static String text(HttpRequest request) {
    if (request.bodyPublisher().isEmpty()) {
      return "";
    }
    List<ByteBuffer> parts = new ArrayList<>();
    CompletableFuture<Void> done = new CompletableFuture<>();
    request
        .bodyPublisher()
        .get()
        .subscribe(
            new Flow.Subscriber<>() {
              @Override
              public void onSubscribe(Flow.Subscription s) {
                s.request(Long.MAX_VALUE);
              }

              @Override
              public void onNext(ByteBuffer item) {
                parts.add(item);
              }

              @Override
              public void onError(Throwable t) {
                done.completeExceptionally(t);
              }

              @Override
              public void onComplete() {
                done.complete(null);
              }
            });
    done.join(); // byte and string publishers publish synchronously
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    for (ByteBuffer b : parts) {
      byte[] part = new byte[b.remaining()];
      b.get(part);
      bytes.writeBytes(part);
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }
}
