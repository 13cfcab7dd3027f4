package io.cdrvault.ingest.format;

import io.cdrvault.store.model.Cdr;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Correlates call legs across payloads of a stream: a payload naming another leg of its call
 * ({@link DecodeResult#linkedLegs()}, e.g. a FreeSWITCH CSV A leg's {@code bleg_uuid}) makes the
 * payload that decodes to that leg a {@link SkipKind#DUPLICATE_LEG} skip instead of a second billed
 * call. The named leg is recognised
 * <ul>
 *   <li>anywhere in the same window (one poll of the ingest loop, one file for {@code decode}),
 *       before or after the payload naming it — switches usually write the B leg first;</li>
 *   <li>in a later window, when the naming payload came first: the last {@code capacity} names are
 *       remembered.</li>
 * </ul>
 * A B leg stored in an earlier window than its A leg cannot be recognised this way (it is already
 * stored); a per-source leg marker column catches it (see {@code docs/formats/freeswitch-csv.md}).
 *
 * <p>A payload that itself names a leg is an A leg and is never skipped, so two legs that name
 * each other are both kept rather than both lost. Legs match only under the same origin.
 *
 * <p>Not thread-safe: one instance per ingest loop (or per file).
 */
public final class LinkedLegs {
  /** Default number of remembered leg names (about 10 MB at most). */
  public static final int DEFAULT_CAPACITY = 65_536;

  static final String DETAIL = "another payload of the same origin names this record as a leg of its call";

  private final int capacity;
  private final Map<String, Boolean> remembered;
  /** Origins that ever named a leg: records of other origins are not looked up (no key built). */
  private final Set<String> namingOrigins = new HashSet<>();

  public LinkedLegs(int capacity) {
    if (capacity < 0) {
      throw new IllegalArgumentException("capacity must not be negative");
    }
    this.capacity = capacity;
    this.remembered = new LinkedHashMap<>(16, 0.75f, false) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
        return size() > LinkedLegs.this.capacity;
      }
    };
  }

  /**
   * Replaces, in {@code window}, every ok result whose records are all legs named by a result of
   * this window or a remembered earlier one with a {@link SkipKind#DUPLICATE_LEG} skip (keeping
   * its dropped-content count); then remembers this window's names. Null entries are ignored.
   *
   * @return the indexes replaced, in order (empty when none)
   */
  public List<Integer> apply(DecodeResult[] window) {
    Set<String> named = new HashSet<>();
    for (DecodeResult d : window) {
      if (d != null && d.isOk() && !d.linkedLegs().isEmpty()) {
        String origin = d.records().get(0).origin();
        namingOrigins.add(origin);
        for (String leg : d.linkedLegs()) {
          named.add(key(origin, leg));
        }
      }
    }
    if (named.isEmpty() && remembered.isEmpty()) {
      return List.of();
    }
    List<Integer> replaced = new java.util.ArrayList<>();
    for (int i = 0; i < window.length; i++) {
      DecodeResult d = window[i];
      if (d == null || !d.isOk() || d.records().isEmpty() || !d.linkedLegs().isEmpty()) {
        continue;
      }
      if (allNamed(d.records(), named)) {
        window[i] = DecodeResult.skip(SkipKind.DUPLICATE_LEG, d.droppedContentFields(), DETAIL);
        replaced.add(i);
      }
    }
    for (String k : named) {
      remembered.put(k, Boolean.TRUE);
    }
    return replaced;
  }

  private boolean allNamed(List<Cdr> records, Set<String> named) {
    for (Cdr c : records) {
      if (!namingOrigins.contains(c.origin())) {
        return false;
      }
      String k = key(c.origin(), c.originId());
      if (!named.contains(k) && !remembered.containsKey(k)) {
        return false;
      }
    }
    return true;
  }

  private static String key(String origin, String originId) {
    return origin + '\u0000' + originId;
  }
}
