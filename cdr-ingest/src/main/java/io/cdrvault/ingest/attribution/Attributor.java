package io.cdrvault.ingest.attribution;

import io.cdrvault.ingest.directory.NumberDirectory;
import io.cdrvault.store.model.Cdr;
import io.cdrvault.store.model.CustomerCdr;
import io.cdrvault.store.model.CustomerId;
import io.cdrvault.store.model.Direction;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Decides which served customer(s) a record belongs to.
 *
 * <ol>
 *   <li>A valid {@code account} (a well-formed {@link CustomerId}) wins: one record for that
 *       customer, direction {@code accountDirection}.
 *   <li>Otherwise the numbers are looked up at the record's start time (numbers are recycled:
 *       who held a number then, not now, owns the record). The calling number found in the
 *       directory gives an ORIGINATING record for its customer, the called number a TERMINATING
 *       record for its customer; both found (on-net) gives both. When both numbers belong to the same customer only the ORIGINATING record is
 *       kept (one customer holds a record once).
 *   <li>Neither: an empty list, which the pipeline dead-letters as {@code unattributed}.
 * </ol>
 *
 * <p>Immutable and thread-safe (every {@link NumberDirectory} is thread-safe).
 */
public final class Attributor {
  private final NumberDirectory directory;

  public Attributor(NumberDirectory directory) {
    this.directory = Objects.requireNonNull(directory, "directory");
  }

  /** The attributed records; empty when no customer could be found. */
  public List<CustomerCdr> attribute(Cdr cdr) {
    if (cdr.account() != null) {
      CustomerId account = accountId(cdr.account());
      if (account != null) {
        return List.of(new CustomerCdr(account, cdr.accountDirection(), cdr));
      }
    }
    Instant at = cdr.start();
    Optional<CustomerId> caller = directory.customerAt(cdr.calling().e164(), at);
    Optional<CustomerId> callee = directory.customerAt(cdr.called().e164(), at);
    if (caller.isPresent() && callee.isPresent()) {
      if (caller.get().equals(callee.get())) {
        return List.of(new CustomerCdr(caller.get(), Direction.ORIGINATING, cdr));
      }
      return List.of(new CustomerCdr(caller.get(), Direction.ORIGINATING, cdr),
          new CustomerCdr(callee.get(), Direction.TERMINATING, cdr));
    }
    if (caller.isPresent()) {
      return List.of(new CustomerCdr(caller.get(), Direction.ORIGINATING, cdr));
    }
    if (callee.isPresent()) {
      return List.of(new CustomerCdr(callee.get(), Direction.TERMINATING, cdr));
    }
    return List.of();
  }

  private static CustomerId accountId(String account) {
    try {
      return CustomerId.of(account);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
