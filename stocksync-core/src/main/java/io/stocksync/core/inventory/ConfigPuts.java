package io.stocksync.core.inventory;

import io.stocksync.core.policy.SyncTrigger;
import io.stocksync.core.port.Rows.ChannelRow;
import io.stocksync.core.port.Rows.LocationRow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The puts of SPEC §7: a location, a SKU, a channel, a listing, each created or replaced. Each
 * either refuses with an {@link InvalidRequestException} naming the field (or {@link
 * ConflictException}, {@link NotFoundException}) and has changed nothing, or changes the account,
 * gives the listings it touches their fresh targets, and records it all in {@code out}. The
 * deletions are {@link ConfigDeletions}'.
 *
 * <p>Stateless; called on the account's writer through {@link AccountState}.
 */
final class ConfigPuts {
  private ConfigPuts() {}

  /** See {@link AccountState#putLocation}. */
  static void putLocation(
      AccountState account,
      String code,
      String locationName,
      boolean sellable,
      Instant now,
      Changes out) {
    code = StorableValues.requireCode("code", code);
    StorableValues.requireText("name", locationName, StorableValues.MAX_NAME_LENGTH);
    Map<String, LocationState> locations = account.locationMap();
    LocationState l = locations.get(code);
    if (l == null) {
      l = new LocationState(code, locationName == null ? code : locationName, sellable);
      locations.put(code, l);
    } else {
      l.name = locationName == null ? l.name : locationName;
      if (l.sellable != sellable) {
        l.sellable = sellable;
        for (SkuState s : account.skuStates()) {
          if (s.indexOf(l) >= 0) {
            s.recomputeAvailable();
            account.sync(s, SyncTrigger.CONFIGURATION, now, out);
          }
        }
      }
    }
    out.location(new LocationRow(account.id(), code, l.name, l.sellable));
  }

  /** See {@link AccountState#putSku}. */
  static void putSku(
      AccountState account,
      String sku,
      String skuName,
      List<Component> components,
      Instant now,
      Changes out) {
    sku = StorableValues.requireCode("sku", sku);
    StorableValues.requireText("name", skuName, StorableValues.MAX_NAME_LENGTH);
    Map<String, SkuState> skus = account.skuMap();
    SkuState existing = skus.get(sku);
    BundleComponents.Resolution resolved =
        BundleComponents.resolve(skus, sku, existing, components);
    SkuState s = existing;
    if (s == null) {
      s = new SkuState(account.id(), sku);
      skus.put(sku, s);
    }
    s.name = skuName == null ? (s.name == null ? sku : s.name) : skuName;
    BundleComponents.link(s, resolved.parts(), resolved.states());
    out.sku(s.row());
    if (existing != null) {
      ListingTargets.refreshListings(s, now, out);
    }
  }

  /** See {@link AccountState#requireSellableLocation}. */
  static void requireSellableLocation(AccountState account, List<String> codes) {
    List<LocationState> drawn = new ArrayList<>();
    if (codes == null || codes.isEmpty()) {
      drawn.addAll(account.locationStates());
    } else {
      for (String raw : codes) {
        LocationState l = account.locationState(StorableValues.normaliseCode(raw));
        if (l == null) {
          return;
        }
        drawn.add(l);
      }
    }
    if (drawn.isEmpty() || drawn.stream().anyMatch(l -> l.sellable)) {
      return;
    }
    List<String> names = drawn.stream().map(l -> l.code).sorted().toList();
    throw new InvalidRequestException(
        "locations",
        (codes == null || codes.isEmpty()
                ? "every location of the account"
                : "every location named")
            + " is unsellable ("
            + String.join(", ", names)
            + "): the channel would be sent 0 for every SKU; name a sellable location, or make"
            + " one sellable first");
  }

  /** See {@link AccountState#putChannel(ChannelRow, boolean, Instant, Changes)}. */
  static void putChannel(
      AccountState account, ChannelRow row, boolean settingsMoved, Instant now, Changes out) {
    String channelId = StorableValues.requireCode("id", row.id());
    StorableValues.requireText("type", row.type(), StorableValues.MAX_NAME_LENGTH);
    StorableValues.requireText("baseUrl", row.baseUrl(), StorableValues.MAX_URL_LENGTH);
    StorableValues.requireText("settings", row.settingsJson(), StorableValues.MAX_DOCUMENT_LENGTH);
    StorableValues.requireText(
        "credentials", row.credentials(), StorableValues.MAX_DOCUMENT_LENGTH);
    LocationState[] draws = null;
    List<String> drawCodes = new ArrayList<>();
    if (row.locations() != null && !row.locations().isEmpty()) {
      List<FieldError> errors = new ArrayList<>();
      draws = new LocationState[row.locations().size()];
      for (int i = 0; i < draws.length; i++) {
        String code = StorableValues.normaliseCode(row.locations().get(i));
        drawCodes.add(code);
        String problem = code == null ? null : StorableValues.problemWithCode(code);
        if (problem != null) {
          errors.add(new FieldError("locations[" + i + "]", problem));
          continue;
        }
        draws[i] = code == null ? null : account.locationState(code);
        if (draws[i] == null) {
          errors.add(new FieldError("locations[" + i + "]", "unknown location '" + code + "'"));
        }
      }
      if (!errors.isEmpty()) {
        throw new InvalidRequestException(errors);
      }
    }
    ChannelState c = account.channelMap().computeIfAbsent(channelId, ChannelState::new);
    ChannelRow before = c.row;
    c.row =
        new ChannelRow(
            account.id(),
            channelId,
            row.type(),
            row.baseUrl(),
            row.settingsJson(),
            row.credentials(),
            List.copyOf(drawCodes),
            row.enabled(),
            row.rules());
    c.draws = draws;
    out.channel(c.row);
    boolean moved =
        before != null
            && (settingsMoved
                || !Objects.equals(before.type(), c.row.type())
                || !Objects.equals(before.baseUrl(), c.row.baseUrl())
                || !Set.copyOf(before.locations()).equals(Set.copyOf(c.row.locations())));
    for (Listing l : c.listings) {
      ListingTargets.retarget(l, moved, now, out);
    }
  }

  /** See {@link AccountState#putListing}. */
  static void putListing(
      AccountState account,
      String channelId,
      String sku,
      String externalId,
      String fieldsJson,
      Instant now,
      Changes out) {
    AccountState.requireText("externalId", externalId);
    StorableValues.requireText("externalId", externalId, StorableValues.MAX_EXTERNAL_ID_LENGTH);
    StorableValues.requireText("fields", fieldsJson, StorableValues.MAX_DOCUMENT_LENGTH);
    ChannelState c = account.channelState(StorableValues.requireCode("id", channelId));
    SkuState s = account.skuState(StorableValues.requireCode("sku", sku));
    Listing holder = c.byExternalId.get(externalId);
    if (holder != null && holder.sku != s) {
      throw new ConflictException(
          "externalId",
          "'"
              + externalId
              + "' is already the listing of SKU '"
              + holder.sku.code
              + "' on channel '"
              + channelId
              + "'");
    }
    Listing l = s.listingOn(c);
    boolean moved = false;
    if (l == null) {
      l = new Listing(c, s);
      c.listings.add(l);
      s.addListing(l);
    } else {
      moved =
          !Objects.equals(l.externalId, externalId) || !Objects.equals(l.fieldsJson, fieldsJson);
      if (l.externalId != null && c.byExternalId.get(l.externalId) == l) {
        c.byExternalId.remove(l.externalId);
      }
    }
    l.externalId = externalId;
    l.fieldsJson = fieldsJson;
    c.byExternalId.put(externalId, l);
    out.listingChanged(l);
    ListingTargets.retarget(l, moved, now, out);
  }
}
