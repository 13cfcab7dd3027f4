package io.cdrvault.store.rocks;

import io.cdrvault.store.access.AccessGrant;
import io.cdrvault.store.model.CustomerCdr;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The records of several cursors, one after the other (a legal request's targets). Each part is
 * opened when the previous one is exhausted. A record matching two targets is returned twice;
 * callers that need each record once deduplicate by record id.
 *
 * <p>Not thread-safe.
 */
final class ConcatCursor extends StoreCursor {
  private final List<Supplier<StoreCursor>> parts;
  private int index;
  private StoreCursor current;

  ConcatCursor(RecordReader reader, AccessGrant grant, List<Supplier<StoreCursor>> parts) {
    super(reader, grant);
    this.parts = new ArrayList<>(parts);
  }

  @Override
  CustomerCdr advance() {
    while (true) {
      if (current != null) {
        CustomerCdr r = current.advance();
        if (r != null) {
          return r;
        }
        current.release();
        current = null;
      }
      if (index >= parts.size()) {
        return null;
      }
      current = parts.get(index++).get();
    }
  }

  @Override
  void release() {
    if (current != null) {
      current.release();
      current = null;
    }
  }
}
