package io.cdrvault.ingest.deadletter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdrvault.ingest.format.CdrDecoder;
import io.cdrvault.ingest.format.DecodeResult;
import io.cdrvault.ingest.format.SourceContext;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Re-encodes a payload that <em>decoded</em> into a content-free form of itself, for the
 * dead-letter topic (DESIGN §4.6: message text is never kept): {@code kannel-log} gets the text
 * of its {@code [msg:L:text]} field overwritten with {@code L} bytes of {@code *} (the declared
 * byte length is part of the record's origin id, so it stays); {@code kamailio-acc} loses its content
 * pairs ({@code msg}, {@code content}, {@code short_message}, {@code body}); the JSON formats
 * ({@code canonical-json}, {@code freeswitch-json} — a {@code cdr=} form body is unwrapped first —
 * and {@code opensips-json}) lose every object field named {@code body}, {@code content},
 * {@code message}, {@code msg}, {@code short_message} or {@code text}, at any depth. The CSV
 * formats carry no content and are kept as they are.
 *
 * <p>{@link #strip} checks its work: the stripped form must decode, with the same decoder and
 * source, to exactly the records the original decoded to (hence to the same record ids, so a
 * replay is stored once). When it does not, the result is empty and the caller must not keep the
 * original either.
 *
 * <p>Stateless and thread-safe. Arguments are non-null.
 */
public final class ContentStripper {
  /** Field names that carry message content in the JSON formats (union over their decoders). */
  static final Set<String> JSON_CONTENT =
      Set.of("body", "content", "message", "msg", "short_message", "text");
  private static final Set<String> KAMAILIO_CONTENT = Set.of("msg", "content", "short_message", "body");
  private static final ObjectMapper JSON = new ObjectMapper();

  private ContentStripper() {}

  /**
   * The content-free form of {@code payload} read as {@code format}, verified to decode to
   * {@code decoded}'s records; empty when no verified content-free form exists.
   */
  public static Optional<byte[]> strip(String format, byte[] payload, CdrDecoder decoder,
      SourceContext source, DecodeResult decoded) {
    byte[] stripped;
    try {
      stripped = rewrite(format, payload);
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
    if (stripped == null) {
      return Optional.empty();
    }
    DecodeResult again;
    try {
      again = decoder.decode(stripped, source).storable(format);
    } catch (RuntimeException e) {
      return Optional.empty();
    }
    return again.isOk() && again.records().equals(decoded.records()) ? Optional.of(stripped) : Optional.empty();
  }

  /** The syntactic rewrite, unverified; null when the payload does not have the expected shape. */
  static byte[] rewrite(String format, byte[] payload) throws IOException {
    return switch (format) {
      case "kannel-log" -> kannel(payload);
      case "kamailio-acc" -> kamailio(payload);
      case "canonical-json", "opensips-json", "freeswitch-json" -> json(payload);
      default -> payload.clone();
    };
  }

  private static byte[] kannel(byte[] payload) {
    String s = new String(payload, StandardCharsets.ISO_8859_1); // byte-for-char, lengths are bytes
    int msg = s.indexOf(" [msg:");
    if (msg < 0) {
      return null;
    }
    int lengthStart = msg + " [msg:".length();
    int colon = lengthStart;
    while (colon < s.length() && Character.isDigit(s.charAt(colon))) {
      colon++;
    }
    if (colon == lengthStart || colon >= s.length() || s.charAt(colon) != ':' || colon - lengthStart > 9) {
      return null;
    }
    int length = Integer.parseInt(s.substring(lengthStart, colon));
    int textEnd = colon + 1 + length;
    if (textEnd > s.length()) {
      return null;
    }
    // the declared length is kept (it is part of the record's origin id): the text becomes '*'s
    String out = s.substring(0, colon + 1) + "*".repeat(length) + s.substring(textEnd);
    return out.getBytes(StandardCharsets.ISO_8859_1);
  }

  private static byte[] kamailio(byte[] payload) {
    String s = new String(payload, StandardCharsets.UTF_8);
    int marker = s.indexOf("ACC: ");
    if (marker < 0) {
      return null;
    }
    StringBuilder out = new StringBuilder(s.length());
    int from = marker + "ACC: ".length();
    int colon = s.indexOf(": ", from);
    int eq = s.indexOf('=', from);
    if (colon >= 0 && (eq < 0 || eq > colon)) {
      from = colon + 2; // "ACC: transaction answered: " prefix
    }
    out.append(s, 0, from);
    String rest = s.substring(from);
    String trailer = "";
    int end = rest.length();
    while (end > 0 && (rest.charAt(end - 1) == '\n' || rest.charAt(end - 1) == '\r')) {
      end--;
    }
    trailer = rest.substring(end);
    boolean first = true;
    for (String pair : rest.substring(0, end).split(";", -1)) {
      int e = pair.indexOf('=');
      if (e > 0 && KAMAILIO_CONTENT.contains(pair.substring(0, e))) {
        continue;
      }
      if (!first) {
        out.append(';');
      }
      out.append(pair);
      first = false;
    }
    return out.append(trailer).toString().getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] json(byte[] payload) throws IOException {
    String s = new String(payload, StandardCharsets.UTF_8).strip();
    if (s.startsWith("cdr=") || s.contains("&cdr=")) {
      for (String pair : s.split("&")) {
        if (pair.startsWith("cdr=")) {
          s = URLDecoder.decode(pair.substring(4), StandardCharsets.UTF_8);
        }
      }
    }
    JsonNode root = JSON.readTree(s);
    if (root == null || !root.isObject()) {
      return null;
    }
    removeContent(root);
    return JSON.writeValueAsBytes(root);
  }

  private static void removeContent(JsonNode node) {
    if (node instanceof ObjectNode o) {
      Iterator<Map.Entry<String, JsonNode>> it = o.fields();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> e = it.next();
        if (JSON_CONTENT.contains(e.getKey())) {
          it.remove();
        } else {
          removeContent(e.getValue());
        }
      }
    } else if (node.isArray()) {
      node.forEach(ContentStripper::removeContent);
    }
  }
}
