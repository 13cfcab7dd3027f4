package io.cdrvault.store.rocks;

import io.cdrvault.store.access.AccessGrant;
import io.cdrvault.store.access.AccessScope;
import io.cdrvault.store.crypto.CustomerTagger;
import io.cdrvault.store.crypto.HmacCustomerTagger;
import io.cdrvault.store.legal.LegalTarget;
import io.cdrvault.store.lifecycle.CustomerErasedException;
import io.cdrvault.store.model.CustomerCdr;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Supplier;

/**
 * The cursor a grant's scope reads through: one customer's month scans, a merge over the blind
 * index (a number, a destination prefix), a merge over every customer, or a legal request's
 * targets one after the other (an erased customer target contributes nothing).
 *
 * <p>Thread-safe (stateless beside its parts); cursors are opened through the store's gate.
 */
final class GrantCursors {
  private final RecordReader reader;
  private final RocksLifecycle erasures;
  private final HmacCustomerTagger tagger;

  GrantCursors(RecordReader reader, RocksLifecycle erasures) {
    this.reader = reader;
    this.erasures = erasures;
    this.tagger = reader.vault().tagger();
  }

  /**
   * The customer-tag resume point of an all-customers read, or null.
   *
   * @throws IllegalArgumentException if the scope is not all customers or the point is malformed
   */
  static byte[] resumePoint(AccessGrant grant, String afterCustomerTagHex) {
    if (!(grant.scope().target() instanceof AccessScope.AllCustomers)) {
      throw new IllegalArgumentException("a resume point applies to all-customers scopes only");
    }
    if (afterCustomerTagHex == null) {
      return null;
    }
    if (!afterCustomerTagHex.matches("[0-9a-f]{32}")) {
      throw new IllegalArgumentException("a resume point is a customer tag: 32 lowercase hex digits");
    }
    return HexFormat.of().parseHex(afterCustomerTagHex);
  }

  /** The cursor over everything {@code grant} admits. */
  StoreCursor forGrant(AccessGrant grant) {
    AccessScope.Target t = grant.scope().target();
    if (t instanceof AccessScope.Party n) {
      return MergeCursor.overIndex(reader, grant, List.of(tagger.numberTag(n.e164())));
    }
    if (t instanceof AccessScope.Prefix x) {
      return MergeCursor.overIndex(reader, grant, prefixTags(x.prefix()));
    }
    if (t instanceof AccessScope.AllCustomers) {
      return MergeCursor.overAll(reader, grant, null);
    }
    if (t instanceof AccessScope.LegalTargets lt) {
      List<Supplier<StoreCursor>> parts = new ArrayList<>();
      for (LegalTarget target : lt.targets()) {
        if (target.kind() == LegalTarget.Kind.CUSTOMER) {
          parts.add(() -> customerOrNothing(grant, target));
        } else {
          parts.add(() -> MergeCursor.overIndex(reader, grant,
              List.of(tagger.numberTag(target.value()))));
        }
      }
      return new ConcatCursor(reader, grant, parts);
    }
    return new CustomerCursor(reader, erasures, grant, grant.scope().customer());
  }

  /** A customer target's records; an erased target has nothing left to disclose. */
  private StoreCursor customerOrNothing(AccessGrant grant, LegalTarget target) {
    try {
      return new CustomerCursor(reader, erasures, grant, target.customerId());
    } catch (CustomerErasedException erased) {
      return new StoreCursor(reader, grant) {
        @Override
        CustomerCdr advance() {
          return null;
        }

        @Override
        void release() {
          // nothing opened
        }
      };
    }
  }

  /**
   * The index tags a destination prefix is found under: the prefix's own when it is at least the
   * indexed length, else every indexed prefix it begins (10 or 100 of them), which the cursor
   * merges in time order.
   */
  private List<byte[]> prefixTags(String prefix) {
    int len = CustomerTagger.PREFIX_INDEX_LENGTH;
    if (prefix.length() >= len) {
      return List.of(tagger.prefixTag(prefix.substring(0, len)));
    }
    List<String> all = List.of(prefix);
    while (all.get(0).length() < len) {
      List<String> next = new ArrayList<>(all.size() * 10);
      for (String p : all) {
        for (char d = '0'; d <= '9'; d++) {
          next.add(p + d);
        }
      }
      all = next;
    }
    List<byte[]> tags = new ArrayList<>(all.size());
    for (String p : all) {
      tags.add(tagger.prefixTag(p));
    }
    return tags;
  }
}
