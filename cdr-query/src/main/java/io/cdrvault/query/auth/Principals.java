package io.cdrvault.query.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.cdrvault.store.access.Principal;
import io.cdrvault.store.config.ConfigException;
import io.cdrvault.store.model.CustomerId;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The principals that may call the API, each with its roles, the SHA-256 of its bearer token
 * and/or the client certificate that identifies it, and, for a customer's own principal, the
 * customer it stands for. Tokens themselves are never stored.
 *
 * <p>File format ({@code config/principals.yaml}); each principal has a token hash, a certificate
 * or both:
 * <pre>
 * principals:
 *   - name: billing-job
 *     roles: [billing-job]
 *     tokenSha256: 64 lowercase hex digits   # printf %s "$TOKEN" | sha256sum
 *     certificate:                           # optional: one of subject, dns, uri, email
 *       subject: "CN=billing-job,O=Example Carrier"
 *     customer: C-1001                       # optional
 * </pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class Principals {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final HexFormat HEX = HexFormat.of();

  /**
   * One principal, the SHA-256 of its token ({@code null}: it has no token) and the certificate
   * that identifies it (empty: none); at least one of the two. {@link #toString()} prints neither
   * the hash, the certificate nor the customer.
   */
  public record Entry(Principal principal, byte[] tokenSha256,
      Optional<CertificateIdentity> certificate) {
    public Entry {
      Objects.requireNonNull(principal, "principal");
      Objects.requireNonNull(certificate, "certificate");
      if (tokenSha256 == null && certificate.isEmpty()) {
        throw new IllegalArgumentException("a principal needs a token hash or a certificate");
      }
      if (tokenSha256 != null && tokenSha256.length != 32) {
        throw new IllegalArgumentException("tokenSha256 must be 32 bytes");
      }
      tokenSha256 = tokenSha256 == null ? null : tokenSha256.clone();
    }

    /** A principal authenticated by its token only. */
    public Entry(Principal principal, byte[] tokenSha256) {
      this(principal, Objects.requireNonNull(tokenSha256, "tokenSha256"), Optional.empty());
    }

    /** A copy of the token hash, or {@code null} if the principal has no token. */
    @Override
    public byte[] tokenSha256() {
      return tokenSha256 == null ? null : tokenSha256.clone();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Entry e && e.principal.equals(principal)
          && (e.tokenSha256 == null ? tokenSha256 == null
              : tokenSha256 != null && MessageDigest.isEqual(e.tokenSha256, tokenSha256))
          && e.certificate.equals(certificate);
    }

    @Override
    public int hashCode() {
      return principal.hashCode();
    }

    @Override
    public String toString() {
      return "Principals.Entry[" + principal + "]";
    }
  }

  private final List<Entry> entries;

  private Principals(List<Entry> entries) {
    this.entries = List.copyOf(entries);
  }

  /**
   * The given entries; names and token hashes must be unique.
   *
   * @throws IllegalArgumentException on a duplicate name or token hash
   */
  public static Principals of(List<Entry> entries) {
    Set<String> names = new HashSet<>();
    Set<String> hashes = new HashSet<>();
    Set<CertificateIdentity> certificates = new HashSet<>();
    for (int i = 0; i < entries.size(); i++) {
      Entry e = entries.get(i);
      if (!names.add(e.principal().name())) {
        throw new IllegalArgumentException("principal at index " + i + " repeats a name");
      }
      if (e.tokenSha256 != null && !hashes.add(HEX.formatHex(e.tokenSha256))) {
        throw new IllegalArgumentException("principal at index " + i + " repeats a token hash");
      }
      if (e.certificate.isPresent() && !certificates.add(e.certificate.get())) {
        throw new IllegalArgumentException("principal at index " + i + " repeats a certificate");
      }
    }
    return new Principals(entries);
  }

  /**
   * Loads a principals file, reporting every problem at once.
   *
   * @throws ConfigException naming each bad entry by position and field, never by value
   */
  public static Principals load(Path file) {
    JsonNode root;
    try {
      root = YAML.readTree(file.toFile());
    } catch (IOException e) {
      throw new ConfigException(List.of("cannot read principals file " + file + ": "
          + e.getClass().getSimpleName()));
    }
    return fromTree(root, file.toString());
  }

  /** Parses principals YAML from a string (same format and errors as {@link #load(Path)}). */
  public static Principals parse(String yaml) {
    JsonNode root;
    try {
      root = YAML.readTree(yaml);
    } catch (IOException e) {
      throw new ConfigException(List.of("principals YAML is not well-formed: "
          + e.getClass().getSimpleName()));
    }
    return fromTree(root, "principals YAML");
  }

  private static Principals fromTree(JsonNode root, String source) {
    List<String> problems = new ArrayList<>();
    JsonNode list = root == null ? null : root.get("principals");
    if (list == null || !list.isArray()) {
      throw new ConfigException(List.of(source + ": top-level key 'principals' must be a list"));
    }
    List<Entry> entries = new ArrayList<>();
    Set<String> names = new HashSet<>();
    Set<String> hashes = new HashSet<>();
    Set<CertificateIdentity> certificates = new HashSet<>();
    for (int i = 0; i < list.size(); i++) {
      String at = "principals[" + i + "]";
      JsonNode n = list.get(i);
      if (!n.isObject()) {
        problems.add(at + " must be a mapping");
        continue;
      }
      n.fieldNames().forEachRemaining(f -> {
        if (!Set.of("name", "roles", "tokenSha256", "certificate", "customer").contains(f)) {
          problems.add(at + " has unknown key '" + f + "'");
        }
      });
      String name = text(n, "name");
      if (name == null || name.isBlank()) {
        problems.add(at + ".name is required");
      } else if (!names.add(name)) {
        problems.add(at + ".name repeats an earlier principal's name");
      }
      Set<String> roles = new LinkedHashSet<>();
      JsonNode r = n.get("roles");
      if (r == null || !r.isArray() || r.isEmpty()) {
        problems.add(at + ".roles must be a non-empty list");
      } else {
        r.forEach(x -> roles.add(x.asText()));
      }
      Optional<CertificateIdentity> certificate = certificate(n.get("certificate"), at, problems);
      if (certificate.isPresent() && !certificates.add(certificate.get())) {
        problems.add(at + ".certificate repeats an earlier principal's certificate");
      }
      String hash = text(n, "tokenSha256");
      byte[] digest = null;
      if (hash == null && n.has("certificate")) {
        // a principal identified by its client certificate only
      } else if (hash == null || !hash.matches("[0-9a-fA-F]{64}")) {
        problems.add(at + ".tokenSha256 must be 64 hex digits (printf %s \"$TOKEN\" | sha256sum)");
      } else if (!hashes.add(hash.toLowerCase())) {
        problems.add(at + ".tokenSha256 repeats an earlier principal's token hash");
      } else {
        digest = HEX.parseHex(hash.toLowerCase());
      }
      Optional<CustomerId> customer = Optional.empty();
      String c = text(n, "customer");
      if (c != null) {
        try {
          customer = Optional.of(CustomerId.of(c));
        } catch (IllegalArgumentException e) {
          problems.add(at + ".customer is not a valid customer id");
        }
      }
      if (problems.isEmpty()) {
        entries.add(new Entry(new Principal(name, roles, customer), digest, certificate));
      }
    }
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
    return new Principals(entries);
  }

  /** The {@code certificate} mapping: exactly one of subject, dns, uri, email. */
  private static Optional<CertificateIdentity> certificate(JsonNode c, String at,
      List<String> problems) {
    if (c == null) {
      return Optional.empty();
    }
    if (!c.isObject() || c.size() != 1) {
      problems.add(at + ".certificate must be a mapping with one of " + CertificateIdentity.KEYS);
      return Optional.empty();
    }
    String key = c.fieldNames().next();
    try {
      return Optional.of(CertificateIdentity.of(key, c.get(key).asText()));
    } catch (IllegalArgumentException e) {
      problems.add(at + ".certificate." + key + " is not a valid certificate name (one of "
          + CertificateIdentity.KEYS + ", a subject in RFC 2253 form)");
      return Optional.empty();
    }
  }

  /**
   * The principal a valid client certificate identifies: the one entry whose certificate identity
   * it matches; empty when none does, or more than one (then it identifies no one).
   */
  public Optional<Principal> byCertificate(java.security.cert.X509Certificate certificate) {
    List<Principal> matches = entries.stream()
        .filter(e -> e.certificate().isPresent() && e.certificate().get().matches(certificate))
        .map(Entry::principal).toList();
    return matches.size() == 1 ? Optional.of(matches.get(0)) : Optional.empty();
  }

  /** True if any principal is identified by a client certificate. */
  public boolean hasCertificates() {
    return entries.stream().anyMatch(e -> e.certificate().isPresent());
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }

  /** All entries, in file order. */
  public List<Entry> entries() {
    return entries;
  }

  /** The principal with this name. */
  public Optional<Principal> byName(String name) {
    return entries.stream().map(Entry::principal).filter(p -> p.name().equals(name)).findFirst();
  }

  /** Every role any principal holds (to check against the policy's roles at startup). */
  public Set<String> roles() {
    Set<String> all = new LinkedHashSet<>();
    entries.forEach(e -> all.addAll(e.principal().roles()));
    return all;
  }

  /** SHA-256 of the token's UTF-8 bytes: what {@code printf %s "$TOKEN" | sha256sum} prints. */
  public static byte[] sha256(String token) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 unavailable", e);
    }
  }

  /** {@link #sha256(String)} as 64 lowercase hex digits. */
  public static String sha256Hex(String token) {
    return HEX.formatHex(sha256(token));
  }

  @Override
  public String toString() {
    return "Principals[" + entries.size() + "]";
  }
}
