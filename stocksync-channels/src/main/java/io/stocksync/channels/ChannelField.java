package io.stocksync.channels;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * One setting, credential or listing field that a channel type declares (its {@link
 * ChannelDescriptor}): its name, its kind, whether it is required, its default, and its range or
 * shape. {@link #problem} is the whole rule: the HTTP API and the connector both call it, so the
 * two cannot disagree. Immutable; built with the static factories and the {@code with…} methods.
 */
public final class ChannelField {

  /** What kind of JSON value a field holds. */
  public enum Kind {
    /** A non-blank string without control characters or lone surrogates, of bounded length. */
    TEXT,
    /** An integral JSON number within [min, max] ({@code 2.5} and {@code 50.0} are not). */
    WHOLE,
    /** A finite JSON number greater than {@code min} and at most {@code max}. */
    NUMBER,
    /** One of a fixed set of strings. */
    CHOICE,
    /** An absolute http or https URL with a host. */
    URL
  }

  /** The longest text a field takes unless it says otherwise (what the store holds safely). */
  public static final int MAX_TEXT = 1000;

  private final String name;
  private final Kind kind;
  private final boolean required;
  private final Object defaultValue;
  private final double min;
  private final double max;
  private final int minLength;
  private final int maxLength;
  private final List<String> choices;
  private final Predicate<String> shape;
  private final String shapeMessage;

  private ChannelField(
      String name,
      Kind kind,
      boolean required,
      Object defaultValue,
      double min,
      double max,
      int minLength,
      int maxLength,
      List<String> choices,
      Predicate<String> shape,
      String shapeMessage) {
    this.name = Objects.requireNonNull(name, "name");
    this.kind = kind;
    this.required = required;
    this.defaultValue = defaultValue;
    this.min = min;
    this.max = max;
    this.minLength = minLength;
    this.maxLength = maxLength;
    this.choices = List.copyOf(choices);
    this.shape = shape;
    this.shapeMessage = shapeMessage;
  }

  /** An optional text field of at most {@value #MAX_TEXT} characters. */
  public static ChannelField text(String name) {
    return new ChannelField(name, Kind.TEXT, false, null, 0, 0, 1, MAX_TEXT, List.of(), null, null);
  }

  /** An optional whole number in [{@code min}, {@code max}], {@code defaultValue} when absent. */
  public static ChannelField whole(String name, long min, long max, Long defaultValue) {
    return new ChannelField(
        name, Kind.WHOLE, false, defaultValue, min, max, 0, 0, List.of(), null, null);
  }

  /**
   * An optional number greater than 0 and at most {@code max}; {@code defaultValue} (may be null:
   * no default) when absent.
   */
  public static ChannelField positive(String name, double max, Double defaultValue) {
    return new ChannelField(
        name, Kind.NUMBER, false, defaultValue, 0, max, 0, 0, List.of(), null, null);
  }

  /** An optional choice among {@code choices}, {@code defaultValue} when absent. */
  public static ChannelField choice(String name, String defaultValue, String... choices) {
    return new ChannelField(
        name, Kind.CHOICE, false, defaultValue, 0, 0, 0, 0, List.of(choices), null, null);
  }

  /** An optional http or https URL, {@code defaultValue} (may be null) when absent. */
  public static ChannelField url(String name, String defaultValue) {
    return new ChannelField(
        name, Kind.URL, false, defaultValue, 0, 0, 1, 2_000, List.of(), null, null);
  }

  /** The same field, required. */
  public ChannelField required() {
    return new ChannelField(
        name,
        kind,
        true,
        defaultValue,
        min,
        max,
        minLength,
        maxLength,
        choices,
        shape,
        shapeMessage);
  }

  /** The same text field with a length range, in characters. */
  public ChannelField length(int minChars, int maxChars) {
    return new ChannelField(
        name,
        kind,
        required,
        defaultValue,
        min,
        max,
        minChars,
        maxChars,
        choices,
        shape,
        shapeMessage);
  }

  /**
   * The same text field, whose value must also satisfy {@code check}; {@code message} says what it
   * must be (e.g. "must be a Location gid (gid://shopify/Location/<id>)").
   */
  public ChannelField shaped(Predicate<String> check, String message) {
    return new ChannelField(
        name,
        kind,
        required,
        defaultValue,
        min,
        max,
        minLength,
        maxLength,
        choices,
        check,
        message);
  }

  public String name() {
    return name;
  }

  public Kind kind() {
    return kind;
  }

  public boolean isRequired() {
    return required;
  }

  /** The value used when the field is absent: a String, Long or Double; null when none. */
  public Object defaultValue() {
    return defaultValue;
  }

  /** The choices of a {@link Kind#CHOICE} field; empty for other kinds. */
  public List<String> choices() {
    return choices;
  }

  /** The smallest value of a {@link Kind#WHOLE} field (exclusive lower bound for NUMBER). */
  public double min() {
    return min;
  }

  /** The largest value of a {@link Kind#WHOLE} or {@link Kind#NUMBER} field. */
  public double max() {
    return max;
  }

  /**
   * What is wrong with {@code value} for this field (a message to follow the field's name, such as
   * "must be a whole number from 1 to 10"), or null when it is acceptable. Absent ({@code null} or
   * a JSON null) is a problem only for a required field. The message never repeats the value, which
   * may be a secret.
   */
  public String problem(JsonNode value) {
    if (value == null || value.isNull() || value.isMissingNode()) {
      return required ? "is required" : null;
    }
    return switch (kind) {
      case TEXT -> textProblem(value);
      case WHOLE -> {
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
          yield rangeMessage("must be a whole number");
        }
        long v = value.longValue();
        yield v < min || v > max ? rangeMessage("must be a whole number") : null;
      }
      case NUMBER -> {
        if (!value.isNumber()) {
          yield numberMessage();
        }
        double v = value.doubleValue();
        yield Double.isFinite(v) && v > min && v <= max ? null : numberMessage();
      }
      case CHOICE ->
          value.isTextual() && choices.contains(value.textValue())
              ? null
              : "must be one of " + String.join(", ", choices);
      case URL -> {
        String text = textProblem(value);
        if (text != null) {
          yield text;
        }
        yield isHttpUrl(value.textValue()) ? null : "must be an http or https URL";
      }
    };
  }

  private String textProblem(JsonNode value) {
    if (!value.isTextual()) {
      return "must be a string";
    }
    String s = value.textValue();
    if (s.isBlank()) {
      return "must not be blank";
    }
    if (s.length() > maxLength) {
      return "must be at most " + maxLength + " characters";
    }
    if (s.length() < minLength) {
      return "must be " + minLength + " to " + maxLength + " characters";
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isISOControl(c)) {
        return "must not contain control characters";
      }
      if (Character.isHighSurrogate(c)
          && (i + 1 == s.length() || !Character.isLowSurrogate(s.charAt(i + 1)))) {
        return "must not contain a lone surrogate";
      }
      if (Character.isLowSurrogate(c) && (i == 0 || !Character.isHighSurrogate(s.charAt(i - 1)))) {
        return "must not contain a lone surrogate";
      }
    }
    if (shape != null && !shape.test(s)) {
      return shapeMessage;
    }
    return null;
  }

  private String rangeMessage(String what) {
    return what + " from " + (long) min + " to " + (long) max;
  }

  private String numberMessage() {
    return "must be a number greater than " + format(min) + " and at most " + format(max);
  }

  private static String format(double d) {
    return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
  }

  /** Whether {@code s} is an absolute http or https URL with a host. */
  static boolean isHttpUrl(String s) {
    try {
      URI uri = new URI(s.strip());
      return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
          && uri.getHost() != null;
    } catch (URISyntaxException e) {
      return false;
    }
  }
}
