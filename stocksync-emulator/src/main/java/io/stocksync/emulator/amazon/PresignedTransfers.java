package io.stocksync.emulator.amazon;

import io.stocksync.emulator.EmulatorRequest;
import io.stocksync.emulator.EmulatorResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

/**
 * The pre-signed URLs a feed document hands out: the upload of a feed's content and the download of
 * a processing report. They take no access token, only the URL's validity, and fail as S3 does,
 * with its XML errors. Thread-safe as {@link ListingsFeeds} is.
 */
final class PresignedTransfers {
  private final ListingsFeeds feeds;
  private final String uploads;
  private final String downloads;

  PresignedTransfers(ListingsFeeds feeds, String uploads, String downloads) {
    this.feeds = feeds;
    this.uploads = uploads;
    this.downloads = downloads;
  }

  /** The pre-signed upload URL: no access token, only the URL's own validity (5 minutes). */
  EmulatorResponse upload(EmulatorRequest request) {
    Optional<String> id = AmazonEmulator.lastSegment(request, uploads);
    ListingsFeeds.Transfer outcome =
        id.isEmpty()
            ? ListingsFeeds.Transfer.NO_SUCH_DOCUMENT
            : feeds.upload(id.get(), request.header("Content-Type").orElse(null), request.body());
    return transferAnswer(outcome, null);
  }

  /** The pre-signed download URL of a document handed out by getFeedDocument. */
  EmulatorResponse download(EmulatorRequest request) {
    Optional<String> id = AmazonEmulator.lastSegment(request, downloads);
    if (id.isEmpty()) {
      return transferAnswer(ListingsFeeds.Transfer.NO_SUCH_DOCUMENT, null);
    }
    ListingsFeeds.Download download = feeds.download(id.get());
    return transferAnswer(download.outcome(), download.content());
  }

  /** Amazon's pre-signed URLs are S3 URLs; their failures are S3's XML errors. */
  private static EmulatorResponse transferAnswer(ListingsFeeds.Transfer outcome, byte[] content) {
    switch (outcome) {
      case OK:
        return content == null
            ? EmulatorResponse.empty(200)
            : new EmulatorResponse(
                200, Map.of(), "application/json", new String(content, StandardCharsets.UTF_8));
      case EXPIRED:
        return s3Error(403, "AccessDenied", "Request has expired");
      case CONTENT_TYPE_MISMATCH:
        return s3Error(
            403,
            "SignatureDoesNotMatch",
            "The request signature we calculated does not match the signature you provided."
                + " Send the Content-Type given to createFeedDocument.");
      default:
        return s3Error(404, "NoSuchKey", "The specified key does not exist.");
    }
  }

  private static EmulatorResponse s3Error(int status, String code, String message) {
    return new EmulatorResponse(
        status,
        Map.of(),
        "application/xml",
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>"
            + code
            + "</Code><Message>"
            + message
            + "</Message></Error>");
  }
}
