package io.cdrvault.store.access;

import io.cdrvault.store.legal.LegalRequest;
import io.cdrvault.store.legal.LegalTarget;
import io.cdrvault.store.model.CustomerCdr;
import io.cdrvault.store.model.CustomerId;
import io.cdrvault.store.model.PhoneNumber;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a read covers: the records of one {@link Target} whose start time lies in {@code [from, to)}.
 *
 * <p>Immutable and thread-safe; prints no customer id or number.
 */
public record AccessScope(Target target, Instant from, Instant to) {

  /** Whose records a read covers. Personal data: implementations print only their kind. */
  public sealed interface Target permits Customer, Party, Prefix, AllCustomers, LegalTargets {
    /** Short stable name of the kind, as written to the audit ledger. */
    String kind();

    /** Whether the record belongs to this target (time is checked by the scope). */
    boolean matches(CustomerCdr r);
  }

  /** One customer's records. */
  public record Customer(CustomerId id) implements Target {
    public Customer {
      Objects.requireNonNull(id, "id");
    }

    @Override
    public String kind() {
      return "customer";
    }

    @Override
    public boolean matches(CustomerCdr r) {
      return r.customer().equals(id);
    }

    @Override
    public String toString() {
      return "Customer[***]";
    }
  }

  /** Every record in which the E.164 number is either party (calling or called). */
  public record Party(String e164) implements Target {
    public Party {
      Objects.requireNonNull(e164, "e164");
      if (!PhoneNumber.isE164(e164)) {
        throw new IllegalArgumentException("a number target must be an E.164 number (+ and 2..15 digits)");
      }
    }

    @Override
    public String kind() {
      return "number";
    }

    @Override
    public boolean matches(CustomerCdr r) {
      return e164.equals(r.cdr().calling().e164()) || e164.equals(r.cdr().called().e164());
    }

    @Override
    public String toString() {
      return "Party[***]";
    }
  }

  /**
   * Every record whose called (destination) number, in E.164 form, starts with {@code prefix}
   * ({@code +} and 1..15 digits, first digit not 0).
   */
  public record Prefix(String prefix) implements Target {
    public Prefix {
      Objects.requireNonNull(prefix, "prefix");
      if (!validPrefix(prefix)) {
        throw new IllegalArgumentException("a destination prefix must be + and 1..15 digits, not starting with 0");
      }
    }

    /** True for {@code +} followed by 1..15 digits, the first not 0. */
    public static boolean validPrefix(String p) {
      if (p.length() < 2 || p.length() > 16 || p.charAt(0) != '+' || p.charAt(1) == '0') {
        return false;
      }
      for (int i = 1; i < p.length(); i++) {
        if (p.charAt(i) < '0' || p.charAt(i) > '9') {
          return false;
        }
      }
      return true;
    }

    @Override
    public String kind() {
      return "prefix";
    }

    @Override
    public boolean matches(CustomerCdr r) {
      String called = r.cdr().called().e164();
      return called != null && called.startsWith(prefix);
    }
  }

  /** All customers' records (billing runs, marketing, aggregates). */
  public record AllCustomers() implements Target {
    @Override
    public String kind() {
      return "all";
    }

    @Override
    public boolean matches(CustomerCdr r) {
      return true;
    }
  }

  /**
   * Every target of one legal request: records of its customer targets and records in which one
   * of its number targets is a party.
   */
  public record LegalTargets(String requestId, List<LegalTarget> targets) implements Target {
    public LegalTargets {
      Objects.requireNonNull(requestId, "requestId");
      targets = List.copyOf(targets);
      if (targets.isEmpty()) {
        throw new IllegalArgumentException("a legal request scope needs at least one target");
      }
    }

    @Override
    public String kind() {
      return "legal-request";
    }

    @Override
    public boolean matches(CustomerCdr r) {
      for (LegalTarget t : targets) {
        boolean m = t.kind() == LegalTarget.Kind.CUSTOMER
            ? r.customer().value().equals(t.value())
            : t.value().equals(r.cdr().calling().e164()) || t.value().equals(r.cdr().called().e164());
        if (m) {
          return true;
        }
      }
      return false;
    }

    @Override
    public String toString() {
      return "LegalTargets[" + requestId + ", " + targets.size() + " target(s)]";
    }
  }

  public AccessScope {
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    if (!from.isBefore(to)) {
      throw new IllegalArgumentException("'from' must be before 'to'");
    }
  }

  /** One customer's records in {@code [from, to)}. */
  public AccessScope(CustomerId customer, Instant from, Instant to) {
    this(new Customer(customer), from, to);
  }

  /** A scope over one customer. */
  public static AccessScope customer(CustomerId customer, Instant from, Instant to) {
    return new AccessScope(new Customer(customer), from, to);
  }

  /** A scope over every record in which the number is a party. */
  public static AccessScope number(String e164, Instant from, Instant to) {
    return new AccessScope(new Party(e164), from, to);
  }

  /** A scope over every record to a destination prefix. */
  public static AccessScope prefix(String prefix, Instant from, Instant to) {
    return new AccessScope(new Prefix(prefix), from, to);
  }

  /** A scope over exactly the targets and window of a legal request. */
  public static AccessScope legalRequest(LegalRequest request) {
    return new AccessScope(new LegalTargets(request.id(), request.targets()), request.from(),
        request.to());
  }

  /** A scope over all customers. */
  public static AccessScope allCustomers(Instant from, Instant to) {
    return new AccessScope(new AllCustomers(), from, to);
  }

  /** The customer of a {@link Customer} scope, empty for other targets. */
  public Optional<CustomerId> customerId() {
    return target instanceof Customer c ? Optional.of(c.id()) : Optional.empty();
  }

  /**
   * The customer of a {@link Customer} scope.
   *
   * @throws IllegalStateException for other targets
   */
  public CustomerId customer() {
    return customerId().orElseThrow(
        () -> new IllegalStateException("scope is over a " + target.kind() + ", not one customer"));
  }

  public boolean covers(Instant t) {
    return !t.isBefore(from) && t.isBefore(to);
  }

  /** Whether the record lies in this scope: its target matches and it starts in the window. */
  public boolean covers(CustomerCdr r) {
    return covers(r.cdr().start()) && target.matches(r);
  }

  /** Whether {@code inner} asks for no more than this scope: same target, window inside. */
  public boolean contains(AccessScope inner) {
    return target.equals(inner.target) && !inner.from.isBefore(from) && !inner.to.isAfter(to);
  }

  @Override
  public String toString() {
    return "AccessScope[" + target + " " + from + ".." + to + "]";
  }
}
