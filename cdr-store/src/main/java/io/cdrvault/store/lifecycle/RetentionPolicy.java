package io.cdrvault.store.lifecycle;

import io.cdrvault.store.config.Config;
import io.cdrvault.store.config.ConfigException;
import io.cdrvault.store.model.ServiceType;
import java.time.Instant;
import java.time.Period;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How long records are kept, per service type, in the node's jurisdiction, and the statutory
 * minimum that erasure must respect. Built from the store config:
 * <ul>
 *   <li>{@code retention.jurisdiction} (ISO region code, default {@code US}): records carry no
 *       jurisdiction, so the node's applies to all of them;</li>
 *   <li>{@code retention.default} (ISO period, default {@code P18M}) and
 *       {@code retention.overrides}: rules {@code JUR.TYPE=PERIOD} or {@code JUR.default=PERIOD}
 *       (e.g. {@code US.SMS=P6M}); only the node's jurisdiction's rules apply;</li>
 *   <li>{@code erasure.statutoryMinimum}: rules {@code JUR.TYPE=PERIOD} (default
 *       {@code US.VOICE=P18M}, 47 CFR 42.6: toll records kept 18 months). An empty list means no
 *       minimum.</li>
 * </ul>
 * A retention shorter than the statutory minimum for the same type is a configuration error.
 *
 * <p>A record of type T is expired when its start is before {@code now − retention(T)} (periods
 * are applied in UTC calendar arithmetic). A month is wholly expired when its last instant is
 * before the cutoff of the type with the longest retention.
 *
 * <p>Immutable and thread-safe.
 */
public record RetentionPolicy(String jurisdiction, Map<ServiceType, Period> retention,
    Map<ServiceType, Period> statutoryMinimum) {

  /** Config key: the node's jurisdiction. */
  public static final String JURISDICTION = "retention.jurisdiction";
  /** Config key: the default retention. */
  public static final String DEFAULT = "retention.default";
  /** Config key: per-jurisdiction, per-type retention rules. */
  public static final String OVERRIDES = "retention.overrides";
  /** Config key: statutory minimum rules for erasure. */
  public static final String STATUTORY_MINIMUM = "erasure.statutoryMinimum";
  /** Default retention: 18 months. */
  public static final Period DEFAULT_RETENTION = Period.ofMonths(18);
  /** Default statutory minimum rules. */
  public static final List<String> DEFAULT_MINIMUM_RULES = List.of("US.VOICE=P18M");

  private static final Pattern RULE = Pattern.compile("([A-Z]{2})\\.([A-Za-z]+)=(\\S+)");
  private static final Pattern REGION = Pattern.compile("[A-Z]{2}");

  public RetentionPolicy {
    Objects.requireNonNull(jurisdiction, "jurisdiction");
    if (!REGION.matcher(jurisdiction).matches()) {
      throw new IllegalArgumentException("jurisdiction must be a two-letter region code");
    }
    EnumMap<ServiceType, Period> r = new EnumMap<>(ServiceType.class);
    r.putAll(retention);
    for (ServiceType t : ServiceType.values()) {
      Period p = r.get(t);
      if (p == null) {
        throw new IllegalArgumentException("no retention for service type " + t);
      }
      if (p.isNegative() || p.isZero()) {
        throw new IllegalArgumentException("retention of " + t + " must be positive");
      }
    }
    EnumMap<ServiceType, Period> m = new EnumMap<>(ServiceType.class);
    m.putAll(statutoryMinimum);
    for (Map.Entry<ServiceType, Period> e : m.entrySet()) {
      if (e.getValue().isNegative()) {
        throw new IllegalArgumentException("statutory minimum of " + e.getKey() + " must not be negative");
      }
      if (longer(e.getValue(), r.get(e.getKey()))) {
        throw new IllegalArgumentException("retention of " + e.getKey()
            + " is shorter than its statutory minimum");
      }
    }
    retention = Map.copyOf(r);
    statutoryMinimum = Map.copyOf(m);
  }

  /** 18 months for every type in the US, statutory minimum US VOICE 18 months. */
  public static RetentionPolicy defaults() {
    return parse("US", DEFAULT_RETENTION.toString(), List.of(), DEFAULT_MINIMUM_RULES);
  }

  /**
   * The policy of a parsed store config.
   *
   * @throws ConfigException naming the key of every problem
   */
  public static RetentionPolicy from(Config store) {
    return parse(store.getString(JURISDICTION), store.getString(DEFAULT), store.getList(OVERRIDES),
        store.getList(STATUTORY_MINIMUM));
  }

  /**
   * A policy from raw values (as in the config).
   *
   * @throws ConfigException naming the key of every problem
   */
  public static RetentionPolicy parse(String jurisdiction, String defaultRetention,
      List<String> overrides, List<String> minimumRules) {
    List<String> problems = new ArrayList<>();
    Period def = period(defaultRetention).orElse(null);
    if (def == null || def.isNegative() || def.isZero()) {
      problems.add("key '" + DEFAULT + "' must be a positive ISO-8601 period such as P18M");
      def = DEFAULT_RETENTION;
    }
    Map<ServiceType, Period> retention = new EnumMap<>(ServiceType.class);
    Map<ServiceType, String> setBy = new EnumMap<>(ServiceType.class); // the key (and entry) that set it
    for (ServiceType t : ServiceType.values()) {
      retention.put(t, def);
      setBy.put(t, "key '" + DEFAULT + "'");
    }
    // a jurisdiction's "default" rule first, then its per-type rules
    for (boolean perType : new boolean[] {false, true}) {
      for (int i = 0; i < overrides.size(); i++) {
        Matcher m = RULE.matcher(overrides.get(i).trim());
        if (!m.matches()) {
          if (!perType) {
            problems.add("key '" + OVERRIDES + "' entry " + i + " must look like US.SMS=P6M or US.default=P12M");
          }
          continue;
        }
        if (!m.group(1).equals(jurisdiction)) {
          continue;
        }
        Optional<Period> p = period(m.group(3));
        if (p.isEmpty() || p.get().isNegative() || p.get().isZero()) {
          if (!perType) {
            problems.add("key '" + OVERRIDES + "' entry " + i + " must have a positive ISO-8601 period");
          }
          continue;
        }
        if (m.group(2).equals("default")) {
          if (!perType) {
            for (ServiceType t : ServiceType.values()) {
              retention.put(t, p.get());
              setBy.put(t, "key '" + OVERRIDES + "' entry " + i);
            }
          }
        } else if (perType) {
          ServiceType t = type(m.group(2));
          if (t == null) {
            problems.add("key '" + OVERRIDES + "' entry " + i + " names an unknown service type");
          } else {
            retention.put(t, p.get());
            setBy.put(t, "key '" + OVERRIDES + "' entry " + i);
          }
        }
      }
    }
    Map<ServiceType, Period> minimum = new EnumMap<>(ServiceType.class);
    for (int i = 0; i < minimumRules.size(); i++) {
      Matcher m = RULE.matcher(minimumRules.get(i).trim());
      Optional<Period> p = m.matches() ? period(m.group(3)) : Optional.empty();
      ServiceType t = m.matches() ? type(m.group(2)) : null;
      if (p.isEmpty() || t == null || p.get().isNegative()) {
        problems.add("key '" + STATUTORY_MINIMUM + "' entry " + i
            + " must look like US.VOICE=P18M (a service type and a non-negative period)");
        continue;
      }
      if (m.group(1).equals(jurisdiction) && !p.get().isZero()) {
        minimum.put(t, p.get());
      }
    }
    for (Map.Entry<ServiceType, Period> e : minimum.entrySet()) {
      if (longer(e.getValue(), retention.get(e.getKey()))) {
        problems.add(setBy.get(e.getKey()) + " sets the retention of " + e.getKey()
            + " below its statutory minimum " + e.getValue() + " (key '" + STATUTORY_MINIMUM + "')");
      }
    }
    if (!REGION.matcher(jurisdiction).matches()) {
      problems.add("key '" + JURISDICTION + "' must be a two-letter region code such as US");
    }
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
    return new RetentionPolicy(jurisdiction, retention, minimum);
  }

  /** Validator for the rule lists (syntax only; {@link #parse} checks the rest). */
  public static boolean validRules(Object v) {
    if (!(v instanceof List<?> l)) {
      return false;
    }
    for (Object o : l) {
      Matcher m = RULE.matcher(String.valueOf(o).trim());
      if (!m.matches() || period(m.group(3)).isEmpty()) {
        return false;
      }
    }
    return true;
  }

  /** Validator for a positive period string. */
  public static boolean validPeriod(Object v) {
    Optional<Period> p = period(String.valueOf(v));
    return p.isPresent() && !p.get().isNegative() && !p.get().isZero();
  }

  /** The retention of a type. */
  public Period retentionOf(ServiceType type) {
    return retention.get(type);
  }

  /** Records of {@code type} that started before this instant are expired at {@code now}. */
  public Instant cutoff(ServiceType type, Instant now) {
    return minus(now, retention.get(type));
  }

  /** The earliest cutoff over all types: what started before it is expired whatever its type. */
  public Instant wholeCutoff(Instant now) {
    Instant c = null;
    for (ServiceType t : ServiceType.values()) {
      Instant x = cutoff(t, now);
      c = c == null || x.isBefore(c) ? x : c;
    }
    return c;
  }

  /** The statutory minimum of a type, if one applies. */
  public Optional<Period> minimumOf(ServiceType type) {
    return Optional.ofNullable(statutoryMinimum.get(type));
  }

  /** {@code t − p} in UTC calendar arithmetic. */
  public static Instant minus(Instant t, Period p) {
    return t.atZone(ZoneOffset.UTC).minus(p).toInstant();
  }

  /** {@code t + p} in UTC calendar arithmetic. */
  public static Instant plus(Instant t, Period p) {
    return t.atZone(ZoneOffset.UTC).plus(p).toInstant();
  }

  private static boolean longer(Period a, Period b) {
    Instant ref = Instant.parse("2000-01-01T00:00:00Z");
    return minus(ref, a).isBefore(minus(ref, b));
  }

  private static Optional<Period> period(String s) {
    try {
      return Optional.of(Period.parse(s.trim()));
    } catch (DateTimeParseException | NullPointerException e) {
      return Optional.empty();
    }
  }

  private static ServiceType type(String s) {
    for (ServiceType t : ServiceType.values()) {
      if (t.name().equalsIgnoreCase(s)) {
        return t;
      }
    }
    return null;
  }
}
