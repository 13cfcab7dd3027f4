package io.cdrvault.query.console;

import jakarta.servlet.MultipartConfigElement;
import jakarta.servlet.http.Part;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.jetty.server.MultiPartFormInputStream;

/**
 * A submitted console form, parsed from a body already read under a cap (the console never uses
 * Javalin's uncapped form readers): {@code application/x-www-form-urlencoded} or
 * {@code multipart/form-data} (parsed by Jetty in memory; an uploaded file is never written to
 * disk). A repeated field keeps its first value.
 *
 * @param fields text fields by name
 * @param files uploaded files' content by field name
 */
record Forms(Map<String, String> fields, Map<String, byte[]> files) {
  /** A problem with the form itself (not its values): answered 400. */
  static final class Malformed extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Malformed(String message) {
      super(message, null, false, false);
    }
  }

  String field(String name) {
    String v = fields.get(name);
    return v == null ? "" : v;
  }

  /** Parses {@code body} sent with {@code contentType}. */
  static Forms parse(String contentType, byte[] body) {
    String type = contentType == null ? "" : contentType.toLowerCase(java.util.Locale.ROOT);
    if (type.startsWith("application/x-www-form-urlencoded")) {
      return new Forms(urlEncoded(new String(body, StandardCharsets.US_ASCII)), Map.of());
    }
    if (type.startsWith("multipart/form-data")) {
      return multipart(contentType, body);
    }
    throw new Malformed("a console form is sent as application/x-www-form-urlencoded or multipart/form-data");
  }

  private static Map<String, String> urlEncoded(String body) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String pair : body.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      try {
        String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
        String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
        out.putIfAbsent(k, v);
      } catch (IllegalArgumentException e) {
        throw new Malformed("the form is not well-formed");
      }
    }
    return out;
  }

  private static Forms multipart(String contentType, byte[] body) {
    // threshold above the (already capped) body: every part stays in memory
    MultipartConfigElement config = new MultipartConfigElement(null, body.length + 1L,
        body.length + 1L, body.length + 1);
    MultiPartFormInputStream parts = new MultiPartFormInputStream(new ByteArrayInputStream(body),
        contentType, config, null);
    Map<String, String> fields = new LinkedHashMap<>();
    Map<String, byte[]> files = new LinkedHashMap<>();
    try {
      for (Part p : parts.getParts()) {
        byte[] content;
        try (InputStream in = p.getInputStream()) {
          content = in.readAllBytes();
        }
        if (p.getSubmittedFileName() != null) {
          files.putIfAbsent(p.getName(), content);
        } else {
          fields.putIfAbsent(p.getName(), new String(content, StandardCharsets.UTF_8));
        }
      }
    } catch (IOException | RuntimeException e) {
      throw new Malformed("the multipart form is not well-formed");
    } finally {
      parts.deleteParts();
    }
    return new Forms(fields, files);
  }
}
