package io.stocksync.channels;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stocksync.core.inventory.FieldError;
import io.stocksync.core.port.Rows.ChannelRow;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What one channel type takes (SPEC §7's channel-types table): its {@code settings}, {@code
 * credentials} and listing fields, each a {@link ChannelField} with its kind, whether it is
 * required, its default and its range or shape, plus any rule across fields (a WooCommerce site's
 * Basic auth needs https). It is the one rule set for the type: the HTTP API checks a channel or a
 * listing with {@link #problems} and {@link #listingProblems} before anything is stored, and the
 * connector reads its configuration through {@link #configure}, which applies the same checks and
 * the declared defaults. So a value the API accepts is one the connector can use, and a value the
 * connector would refuse is refused at {@code PUT}.
 *
 * <p>Every type also takes the settings SPEC §7 adds for all: {@code orderLocation}, {@code
 * ordersPollSeconds}, {@code readBackSeconds} and {@code driftRepair}. Immutable and thread-safe.
 */
public final class ChannelDescriptor {

  /** A rule across fields of a proposed channel, adding a problem for each breach. */
  @FunctionalInterface
  public interface Rule {
    /**
     * Checks {@code channel}, whose single fields are already valid, adding to {@code problems}.
     */
    void check(Proposed channel, List<FieldError> problems);
  }

  /**
   * A channel as proposed: its {@code baseUrl}, its {@code settings} object (never null: empty when
   * none), and its {@code credentials} object, null when the request keeps the stored ones.
   */
  public record Proposed(String baseUrl, JsonNode settings, JsonNode credentials) {}

  /** The default of {@code readBackSeconds} (SPEC §12). */
  public static final long DEFAULT_READ_BACK_SECONDS = 3600;

  /**
   * The default of {@code ordersPollSeconds} unless a type says otherwise: once a minute, which
   * Amazon's getOrders plan (0.0167 requests/s) allows; the order feed that reads it is later work.
   */
  public static final long DEFAULT_ORDERS_POLL_SECONDS = 60;

  private static final ObjectMapper JSON = new ObjectMapper();

  private final String type;
  private final List<ChannelField> settings;
  private final List<ChannelField> credentials;
  private final List<ChannelField> listing;
  private final List<Rule> rules;

  private ChannelDescriptor(
      String type,
      List<ChannelField> settings,
      List<ChannelField> credentials,
      List<ChannelField> listing,
      List<Rule> rules) {
    this.type = type;
    this.settings = List.copyOf(settings);
    this.credentials = List.copyOf(credentials);
    this.listing = List.copyOf(listing);
    this.rules = List.copyOf(rules);
  }

  /** Starts the descriptor of {@code type}. */
  public static Builder of(String type) {
    return new Builder(type);
  }

  /** Builds a descriptor: a type's own fields, then the settings every type takes. */
  public static final class Builder {
    private final String type;
    private final List<ChannelField> settings = new ArrayList<>();
    private final List<ChannelField> credentials = new ArrayList<>();
    private final List<ChannelField> listing = new ArrayList<>();
    private final List<Rule> rules = new ArrayList<>();
    private long ordersPollSeconds = DEFAULT_ORDERS_POLL_SECONDS;

    private Builder(String type) {
      this.type = Objects.requireNonNull(type, "type");
      listing.add(ChannelField.text("externalId").required());
    }

    public Builder setting(ChannelField field) {
      settings.add(field);
      return this;
    }

    public Builder credential(ChannelField field) {
      credentials.add(field);
      return this;
    }

    /** A listing field besides {@code externalId}. */
    public Builder listingField(ChannelField field) {
      listing.add(field);
      return this;
    }

    /** Replaces the declared {@code externalId} (to give it a shape). */
    public Builder externalId(ChannelField field) {
      listing.set(0, field);
      return this;
    }

    public Builder rule(Rule rule) {
      rules.add(rule);
      return this;
    }

    /** The type's default {@code ordersPollSeconds}. */
    public Builder ordersPollSeconds(long seconds) {
      this.ordersPollSeconds = seconds;
      return this;
    }

    public ChannelDescriptor build() {
      List<ChannelField> all = new ArrayList<>(settings);
      // SPEC §7: every type takes these (§9 orders, §12 read-back and drift).
      all.add(ChannelField.text("orderLocation").length(1, 200));
      all.add(ChannelField.whole("ordersPollSeconds", 1, 86_400, ordersPollSeconds));
      all.add(ChannelField.whole("readBackSeconds", 60, 7 * 86_400, DEFAULT_READ_BACK_SECONDS));
      all.add(ChannelField.choice("driftRepair", "push", "push", "alert"));
      return new ChannelDescriptor(type, all, credentials, listing, rules);
    }
  }

  /** The channel type, as in {@code PUT /v1/channels/{id}}'s {@code type}. */
  public String type() {
    return type;
  }

  public List<ChannelField> settings() {
    return settings;
  }

  public List<ChannelField> credentials() {
    return credentials;
  }

  /** The listing fields, {@code externalId} first. */
  public List<ChannelField> listingFields() {
    return listing;
  }

  /**
   * Every problem of a proposed channel, each naming its field ({@code baseUrl}, {@code
   * settings.batchSize}, {@code credentials.secret}); empty when it may be stored. Fields the type
   * does not declare are refused. {@code credentials} null: the stored ones are kept and not
   * checked here.
   */
  public List<FieldError> problems(
      String baseUrl, JsonNode settingsNode, JsonNode credentialsNode) {
    List<FieldError> problems = new ArrayList<>();
    check(baseUrl, settingsNode, credentialsNode, true, problems);
    return problems;
  }

  /**
   * Every problem of a listing's fields ({@code externalId} and the type's own), refusing fields it
   * does not declare; empty when it may be stored.
   */
  public List<FieldError> listingProblems(JsonNode listingNode) {
    List<FieldError> problems = new ArrayList<>();
    if (!(listingNode instanceof ObjectNode o)) {
      problems.add(new FieldError("body", "must be a JSON object"));
      return problems;
    }
    fields(listing, o, "", true, problems);
    return problems;
  }

  /**
   * The first problem of a stored listing ({@code externalId} and its fields JSON), or null: what a
   * connector checks before it sends a push, so that a listing stored before a rule existed fails
   * with the reason instead of being sent.
   */
  public FieldError listingProblem(String externalId, String fieldsJson) {
    ObjectNode node = parseObject(fieldsJson);
    node.put("externalId", externalId);
    List<FieldError> problems = new ArrayList<>();
    fields(listing, node, "", false, problems);
    return problems.isEmpty() ? null : problems.get(0);
  }

  /**
   * The configuration of a stored channel, checked by the same rules as {@link #problems} (fields
   * it does not declare are ignored, so that older settings still load).
   *
   * @throws IllegalArgumentException naming the first field that does not do (never its value)
   */
  public Configuration configure(ChannelRow channel, Map<String, String> credentialValues) {
    ObjectNode settingsNode = parseObject(channel.settingsJson());
    ObjectNode credentialsNode = JSON.createObjectNode();
    if (credentialValues != null) {
      credentialValues.forEach(credentialsNode::put);
    }
    List<FieldError> problems = new ArrayList<>();
    check(channel.baseUrl(), settingsNode, credentialsNode, false, problems);
    if (!problems.isEmpty()) {
      FieldError first = problems.get(0);
      throw new IllegalArgumentException(first.field() + " " + first.message());
    }
    return new Configuration(channel.baseUrl(), settingsNode, credentialsNode);
  }

  private void check(
      String baseUrl,
      JsonNode settingsNode,
      JsonNode credentialsNode,
      boolean refuseUnknown,
      List<FieldError> problems) {
    int before = problems.size();
    if (baseUrl == null || baseUrl.isBlank()) {
      problems.add(new FieldError("baseUrl", "is required"));
    } else if (!ChannelField.isHttpUrl(baseUrl)) {
      problems.add(new FieldError("baseUrl", "must be an http or https URL"));
    }
    ObjectNode s = settingsNode instanceof ObjectNode o ? o : JSON.createObjectNode();
    if (settingsNode != null && !settingsNode.isNull() && !settingsNode.isObject()) {
      problems.add(new FieldError("settings", "must be an object"));
    }
    fields(settings, s, "settings.", refuseUnknown, problems);
    if (credentialsNode != null && !credentialsNode.isNull()) {
      if (credentialsNode instanceof ObjectNode c) {
        fields(credentials, c, "credentials.", refuseUnknown, problems);
      } else {
        problems.add(new FieldError("credentials", "must be an object"));
      }
    }
    if (problems.size() == before) {
      Proposed proposed = new Proposed(baseUrl, s, credentialsNode);
      for (Rule r : rules) {
        r.check(proposed, problems);
      }
    }
  }

  private static void fields(
      List<ChannelField> declared,
      ObjectNode node,
      String prefix,
      boolean refuseUnknown,
      List<FieldError> problems) {
    if (refuseUnknown) {
      for (Map.Entry<String, JsonNode> e : node.properties()) {
        if (declared.stream().noneMatch(f -> f.name().equals(e.getKey()))) {
          problems.add(new FieldError(prefix + e.getKey(), "unknown field"));
        }
      }
    }
    for (ChannelField f : declared) {
      String problem = f.problem(node.get(f.name()));
      if (problem != null) {
        problems.add(new FieldError(prefix + f.name(), problem));
      }
    }
  }

  private ChannelField field(List<ChannelField> declared, String name) {
    for (ChannelField f : declared) {
      if (f.name().equals(name)) {
        return f;
      }
    }
    throw new IllegalArgumentException(type + " declares no field " + name);
  }

  private static ObjectNode parseObject(String json) {
    if (json == null || json.isBlank()) {
      return JSON.createObjectNode();
    }
    try {
      JsonNode node = JSON.readTree(json);
      if (node instanceof ObjectNode o) {
        return o;
      }
    } catch (IOException e) {
      // reported below
    }
    throw new IllegalArgumentException("settings must be a JSON object");
  }

  /**
   * A stored channel's checked configuration, as a connector reads it: each declared field's value,
   * or its default when absent. Reading a field the type does not declare is a programming error.
   */
  public final class Configuration {
    private final String baseUrl;
    private final ObjectNode settingsNode;
    private final ObjectNode credentialsNode;

    private Configuration(String baseUrl, ObjectNode settingsNode, ObjectNode credentialsNode) {
      this.baseUrl = baseUrl;
      this.settingsNode = settingsNode;
      this.credentialsNode = credentialsNode;
    }

    /** The {@code baseUrl}, stripped, without a trailing slash. */
    public String baseUrl() {
      String root = baseUrl.strip();
      return root.endsWith("/") ? root.substring(0, root.length() - 1) : root;
    }

    /** A text, choice or URL setting; its default (maybe null) when absent. */
    public String text(String name) {
      JsonNode v = settingsNode.get(name);
      return v == null || v.isNull() ? (String) field(settings, name).defaultValue() : v.asText();
    }

    /** A whole-number setting; its default when absent (a field without one must be given). */
    public long whole(String name) {
      JsonNode v = settingsNode.get(name);
      ChannelField f = field(settings, name);
      return v == null || v.isNull() ? (Long) f.defaultValue() : v.longValue();
    }

    /** A number setting; its default (maybe null) when absent. */
    public Double number(String name) {
      JsonNode v = settingsNode.get(name);
      ChannelField f = field(settings, name);
      if (v == null || v.isNull()) {
        return (Double) f.defaultValue();
      }
      return v.doubleValue();
    }

    /** A credential; null when an optional one is absent. */
    public String credential(String name) {
      field(credentials, name);
      JsonNode v = credentialsNode.get(name);
      return v == null || v.isNull() ? null : v.textValue();
    }

    /**
     * The token bucket of {@code maxRequestsPerSecond} with {@code burst} (default the rate, at
     * least 1); null (no pacing) when the rate has no value.
     */
    public TokenBucketPacer pacer() {
      Double rate = number("maxRequestsPerSecond");
      if (rate == null) {
        return null;
      }
      Double burst = number("burst");
      return new TokenBucketPacer(rate, Math.max(1, burst == null ? rate : burst));
    }
  }

  // ------------------------------------------------------------------ shared declarations

  /**
   * The pacing settings of a connector that paces itself: {@code maxRequestsPerSecond} (default
   * {@code defaultRate}, null: unpaced), {@code burst}, {@code batchSize} (1 to {@code maxBatch},
   * default {@code defaultBatch}) and {@code maxInFlight} (1 to {@code maxInFlight}, default {@code
   * defaultInFlight}).
   */
  public static List<ChannelField> pacing(
      Double defaultRate,
      long maxBatch,
      long defaultBatch,
      long maxInFlight,
      long defaultInFlight) {
    return List.of(
        ChannelField.positive("maxRequestsPerSecond", 1_000_000, defaultRate),
        ChannelField.positive("burst", 1_000_000, null),
        ChannelField.whole("batchSize", 1, maxBatch, defaultBatch),
        ChannelField.whole("maxInFlight", 1, maxInFlight, defaultInFlight));
  }

  /**
   * Whether {@code host} (as {@link URI#getHost()} gives it) is this machine: {@code localhost}, an
   * IPv4 address in 127.0.0.0/8 or {@code [::1]}. No name is resolved.
   */
  public static boolean isLoopback(String host) {
    if (host == null) {
      return false;
    }
    String h = host.toLowerCase(java.util.Locale.ROOT);
    return h.equals("localhost")
        || h.equals("[::1]")
        || h.equals("::1")
        || h.matches("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");
  }

  /** The declarations as a map by name, for documentation and tests. */
  public Map<String, ChannelField> settingsByName() {
    Map<String, ChannelField> byName = new LinkedHashMap<>();
    settings.forEach(f -> byName.put(f.name(), f));
    return byName;
  }
}
