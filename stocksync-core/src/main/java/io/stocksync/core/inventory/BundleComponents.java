package io.stocksync.core.inventory;

import io.stocksync.core.channel.BundleBase;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A bundle's components (SPEC §4): which SKUs may be components, how a bundle is linked to them,
 * and the bases computed over them — a bundle has no stock of its own, only as many units as its
 * scarcest component allows.
 *
 * <p>Stateless; called on the account's writer.
 */
final class BundleComponents {
  private BundleComponents() {}

  /** The components a put asks for, resolved to their states; both null for a plain SKU. */
  record Resolution(Component[] parts, SkuState[] states) {
    static final Resolution NONE = new Resolution(null, null);
  }

  /**
   * Resolves the components asked for {@code sku} ({@code existing} when it is known): every
   * component must be a plain SKU of {@code skus}, listed once, with a quantity of 1 or more; a SKU
   * that holds stock, or is itself a component, cannot become a bundle; a bundle with open orders
   * cannot change its components.
   *
   * @throws ConflictException when open orders hold the bundle's current components
   * @throws InvalidRequestException naming each component that is refused
   */
  static Resolution resolve(
      Map<String, SkuState> skus, String sku, SkuState existing, List<Component> components) {
    if (existing != null && existing.openOrders != null && !sameComponents(existing, components)) {
      throw new ConflictException("components", openOrdersOf(existing));
    }
    if (components == null || components.isEmpty()) {
      return Resolution.NONE;
    }
    List<FieldError> errors = new ArrayList<>();
    SkuState[] resolved = new SkuState[components.size()];
    Component[] parts = components.toArray(new Component[0]);
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < parts.length; i++) {
      String field = "components[" + i + "]";
      Component c = parts[i];
      if (c == null || c.sku() == null || c.sku().isBlank()) {
        errors.add(new FieldError(field + ".sku", "is required"));
        continue;
      }
      String code = StorableValues.normaliseCode(c.sku());
      String problem = StorableValues.problemWithCode(code);
      if (problem != null) {
        errors.add(new FieldError(field + ".sku", problem));
        continue;
      }
      c = new Component(code, c.quantity());
      parts[i] = c;
      if (c.quantity() < 1 || c.quantity() > AccountState.MAX_UNITS) {
        errors.add(
            new FieldError(field + ".quantity", "must be between 1 and " + AccountState.MAX_UNITS));
      }
      if (!seen.add(c.sku())) {
        errors.add(new FieldError(field + ".sku", "lists '" + c.sku() + "' twice"));
      }
      if (c.sku().equals(sku)) {
        errors.add(new FieldError(field + ".sku", "a bundle cannot contain itself"));
        continue;
      }
      SkuState part = skus.get(c.sku());
      if (part == null) {
        errors.add(new FieldError(field + ".sku", "unknown SKU '" + c.sku() + "'"));
      } else if (part.isBundle()) {
        errors.add(
            new FieldError(field + ".sku", "'" + c.sku() + "' is a bundle; bundles cannot nest"));
      } else {
        resolved[i] = part;
      }
    }
    if (existing != null && !existing.isBundle() && holdsStock(existing)) {
      errors.add(new FieldError("components", "SKU '" + sku + "' holds stock of its own"));
    }
    if (existing != null && !existing.isBundle() && existing.bundles != null) {
      errors.add(new FieldError("components", "SKU '" + sku + "' is a component of a bundle"));
    }
    if (!errors.isEmpty()) {
      throw new InvalidRequestException(errors);
    }
    return new Resolution(parts, resolved);
  }

  /** Makes {@code parts} the SKU's components (none when null), unlinking the ones it had. */
  static void link(SkuState s, Component[] parts, SkuState[] resolved) {
    if (s.componentStates != null) {
      for (SkuState old : s.componentStates) {
        old.removeBundle(s);
      }
    }
    s.components = parts;
    s.componentStates = resolved;
    if (resolved != null) {
      for (SkuState part : resolved) {
        part.addBundle(s);
      }
    }
  }

  /**
   * The base SPEC §4 gives {@code s} on channel {@code c}: what its drawn locations have on hand
   * less reserved; for a bundle, {@link BundleBase} over its components' bases.
   */
  static long base(SkuState s, ChannelState c) {
    if (s.isBundle()) {
      long[] bases = new long[s.componentStates.length];
      long[] quantities = new long[bases.length];
      for (int i = 0; i < bases.length; i++) {
        bases[i] = base(s.componentStates[i], c);
        quantities[i] = s.components[i].quantity();
      }
      return BundleBase.of(bases, quantities);
    }
    long sum = 0;
    for (int i = 0; i < s.locations.length; i++) {
      if (c.drawsFrom(s.locations[i])) {
        sum = SkuState.saturatedAdd(sum, s.onHand[i] - s.reserved[i]);
      }
    }
    return sum;
  }

  /** A bundle's available figure: {@link BundleBase} over its components' available figures. */
  static long available(SkuState bundle) {
    long[] bases = new long[bundle.componentStates.length];
    long[] quantities = new long[bases.length];
    for (int i = 0; i < bases.length; i++) {
      bases[i] = bundle.componentStates[i].available;
      quantities[i] = bundle.components[i].quantity();
    }
    return BundleBase.of(bases, quantities);
  }

  /** Whether {@code components} are the bundle's own, in any order. */
  private static boolean sameComponents(SkuState bundle, List<Component> components) {
    Set<Component> now = bundle.components == null ? Set.of() : Set.of(bundle.components);
    Set<Component> asked =
        components == null ? Set.of() : new HashSet<>(components.stream().toList());
    return now.equals(asked);
  }

  private static String openOrdersOf(SkuState bundle) {
    long total = 0;
    StringBuilder where = new StringBuilder();
    for (Map.Entry<LocationState, Long> e : bundle.openOrders.entrySet()) {
      total = SkuState.saturatedAdd(total, e.getValue());
      where.append(where.isEmpty() ? "" : ", ").append(e.getValue()).append(" at '");
      where.append(e.getKey().code).append('\'');
    }
    return "bundle '"
        + bundle.code
        + "' has "
        + total
        + " bundle(s) on open orders ("
        + where
        + "), reserved on its current components: ship or cancel them before changing its"
        + " components";
  }

  private static boolean holdsStock(SkuState s) {
    for (int i = 0; i < s.locations.length; i++) {
      if (s.onHand[i] != 0 || s.reserved[i] != 0) {
        return true;
      }
    }
    return false;
  }
}
