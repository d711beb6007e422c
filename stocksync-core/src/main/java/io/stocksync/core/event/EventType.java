package io.stocksync.core.event;

/**
 * The seven inventory event types of SPEC §2, each with the sign its quantity must have and the
 * seed event kind it counts as for rule (b) of the sync policy.
 */
public enum EventType {
  ORDER_PLACED(QuantitySign.POSITIVE, SeedKind.ORDER),
  ORDER_CANCELLED(QuantitySign.POSITIVE, SeedKind.NONE),
  ORDER_SHIPPED(QuantitySign.POSITIVE, SeedKind.NONE),
  RETURN_RECEIVED(QuantitySign.POSITIVE, SeedKind.NONE),
  ADJUSTMENT(QuantitySign.NON_ZERO, SeedKind.ADJUSTMENT),
  STOCK_COUNT(QuantitySign.NON_NEGATIVE, SeedKind.ADJUSTMENT),
  PUTAWAY(QuantitySign.POSITIVE, SeedKind.PUTAWAY);

  /** The sign a quantity of this type must have. */
  public enum QuantitySign {
    POSITIVE("must be greater than 0"),
    NON_ZERO("must not be 0"),
    NON_NEGATIVE("must be 0 or more");

    private final String rule;

    QuantitySign(String rule) {
      this.rule = rule;
    }

    /** Whether {@code quantity} has this sign. */
    public boolean admits(long quantity) {
      return switch (this) {
        case POSITIVE -> quantity > 0;
        case NON_ZERO -> quantity != 0;
        case NON_NEGATIVE -> quantity >= 0;
      };
    }

    /** The rule in words, for rejection messages. */
    public String rule() {
      return rule;
    }
  }

  /** The kinds of event the seed policy names in its rule (b); {@code NONE} never triggers it. */
  public enum SeedKind {
    ORDER,
    ADJUSTMENT,
    PUTAWAY,
    NONE
  }

  private final QuantitySign sign;
  private final SeedKind seedKind;

  EventType(QuantitySign sign, SeedKind seedKind) {
    this.sign = sign;
    this.seedKind = seedKind;
  }

  public QuantitySign sign() {
    return sign;
  }

  public SeedKind seedKind() {
    return seedKind;
  }

  /**
   * Whether an event of this type on a bundle is expanded into one transaction per component. The
   * others (adjustments, counts, put-aways) are rejected on a bundle: it has no stock of its own.
   */
  public boolean expandsOverBundleComponents() {
    return this == ORDER_PLACED
        || this == ORDER_CANCELLED
        || this == ORDER_SHIPPED
        || this == RETURN_RECEIVED;
  }
}
