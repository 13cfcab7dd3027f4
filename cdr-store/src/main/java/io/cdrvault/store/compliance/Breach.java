package io.cdrvault.store.compliance;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A breach of customers' CPNI as kept in the breach register (47 CFR 64.2011(d): a record of each
 * breach and its notifications, kept at least two years): when it was discovered and reasonably
 * determined, what happened, how many customers it affected, and every notification made.
 *
 * <p>Immutable and thread-safe. Its free text (description, circumstances, the CPNI involved) may
 * name customers or numbers: it is kept sealed, never logged or audited, and {@link #toString()}
 * prints only the id, dates and counts.
 *
 * @param id {@code BR-} and 16 lowercase hex digits
 * @param customersAffected how many customers it affected (0 while unknown)
 * @param notifications in recording order
 */
public record Breach(String id, String recordedBy, Instant recordedAt, Instant discoveredAt,
    Instant determinedAt, BreachText text, long customersAffected,
    List<BreachNotification> notifications) {

  /** Breach ids: {@code BR-} and 16 lowercase hex digits. */
  public static final Pattern ID = Pattern.compile("BR-[0-9a-f]{16}");

  public Breach {
    Objects.requireNonNull(id, "id");
    if (!ID.matcher(id).matches()) {
      throw new IllegalArgumentException("breach id must match " + ID.pattern());
    }
    Objects.requireNonNull(recordedBy, "recordedBy");
    Objects.requireNonNull(recordedAt, "recordedAt");
    Objects.requireNonNull(discoveredAt, "discoveredAt");
    Objects.requireNonNull(determinedAt, "determinedAt");
    if (determinedAt.isBefore(discoveredAt)) {
      throw new IllegalArgumentException("a breach is determined no earlier than it is discovered");
    }
    Objects.requireNonNull(text, "text");
    if (customersAffected < 0) {
      throw new IllegalArgumentException("customersAffected must not be negative");
    }
    notifications = List.copyOf(notifications);
  }

  /** The first notification of this kind, if one was recorded. */
  public Optional<BreachNotification> first(BreachNotification.Kind kind) {
    return notifications.stream().filter(n -> n.kind() == kind).findFirst();
  }

  /** The last day of the latest delay direction, if law enforcement asked for one. */
  public Optional<LocalDate> delayUntil() {
    return notifications.stream().filter(n -> n.kind() == BreachNotification.Kind.DELAY_REQUEST)
        .reduce((a, b) -> b).map(BreachNotification::delayUntil);
  }

  /** This breach with one more notification. */
  public Breach with(BreachNotification n) {
    List<BreachNotification> all = new java.util.ArrayList<>(notifications);
    all.add(Objects.requireNonNull(n, "n"));
    return new Breach(id, recordedBy, recordedAt, discoveredAt, determinedAt, text,
        customersAffected, all);
  }

  @Override
  public String toString() {
    return "Breach[" + id + ", discovered " + discoveredAt + ", determined " + determinedAt + ", "
        + customersAffected + " customers, " + notifications.size() + " notifications]";
  }
}
