package io.stocksync.core.channel;

/** The stock base of a bundle (SPEC §4): as many whole bundles as its scarcest component allows. */
public final class BundleBase {

  private BundleBase() {}

  /**
   * {@code min over k of floor(base(k) / quantity(k))}. Negative when a component is oversold, as
   * SPEC §4 computes it (a bundle's available shows how many bundles short it is); {@link
   * ChannelRules#target} sends 0 for any base at or below 0.
   *
   * @param componentBases the base of each component on the channel
   * @param componentQuantities how many of each component one bundle takes (each ≥ 1)
   */
  public static long of(long[] componentBases, long[] componentQuantities) {
    if (componentBases.length == 0) {
      return 0;
    }
    long min = Long.MAX_VALUE;
    for (int i = 0; i < componentBases.length; i++) {
      min = Math.min(min, Math.floorDiv(componentBases[i], componentQuantities[i]));
    }
    return min;
  }
}
