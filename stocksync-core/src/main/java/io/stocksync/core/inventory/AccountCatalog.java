package io.stocksync.core.inventory;

import io.stocksync.core.order.ListingCatalog;
import io.stocksync.core.port.Rows.ChannelRow;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * An account's listings and locations as the order mapping sees them (SPEC §9). A view over the
 * live account state: confined to its writer, used for one command and dropped.
 */
public final class AccountCatalog implements ListingCatalog {
  private final AccountState account;
  private final Function<ChannelRow, String> orderLocationOf;

  /**
   * @param orderLocationOf reads a channel's {@code settings.orderLocation} (null when unset): the
   *     settings are opaque to the core
   */
  public AccountCatalog(AccountState account, Function<ChannelRow, String> orderLocationOf) {
    this.account = account;
    this.orderLocationOf = orderLocationOf;
  }

  @Override
  public String skuFor(String channelId, String externalId, String marketplaceSku) {
    if (!account.hasChannel(channelId)) {
      return null;
    }
    ChannelState c = account.channelState(channelId);
    if (externalId != null) {
      Listing l = c.byExternalId.get(externalId);
      if (l != null) {
        return l.sku.code;
      }
    }
    if (marketplaceSku != null) {
      for (Listing l : c.listings) {
        if (l.sku.code.equals(marketplaceSku)) {
          return l.sku.code;
        }
      }
    }
    return null;
  }

  @Override
  public String orderLocation(String channelId) {
    if (!account.hasChannel(channelId)) {
      return null;
    }
    String code = orderLocationOf.apply(account.channelState(channelId).row);
    return code != null && account.locationState(code) != null ? code : null;
  }

  @Override
  public List<String> sellableLocations(String channelId) {
    if (!account.hasChannel(channelId)) {
      return List.of();
    }
    ChannelState c = account.channelState(channelId);
    List<String> codes = new ArrayList<>();
    if (c.draws == null) {
      for (LocationState l : account.locationStates()) {
        if (l.sellable) {
          codes.add(l.code);
        }
      }
      codes.sort(null); // no order of its own: by code, so that the choice is stable
    } else {
      for (LocationState l : c.draws) {
        if (l.sellable) {
          codes.add(l.code);
        }
      }
    }
    return codes;
  }

  @Override
  public boolean covers(String sku, String location, long quantity) {
    LocationState at = account.locationState(location);
    if (at == null || !account.hasSku(sku)) {
      return false;
    }
    SkuState s = account.skuState(sku);
    if (s.isBundle()) {
      for (int i = 0; i < s.componentStates.length; i++) {
        long units = quantity * s.components[i].quantity();
        if (units / s.components[i].quantity() != quantity
            || availableAt(s.componentStates[i], at) < units) {
          return false;
        }
      }
      return true;
    }
    return availableAt(s, at) >= quantity;
  }

  private static long availableAt(SkuState s, LocationState at) {
    int i = s.indexOf(at);
    return i < 0 ? 0 : s.onHand[i] - s.reserved[i];
  }
}
