package io.cdrvault.query.console;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import io.javalin.http.Context;
import java.util.Map;

/**
 * Renders the console's templates ({@code src/main/jte/console/*.jte}), compiled to Java classes
 * in the build: nothing is compiled or read from disk at run time. Output is HTML-escaped by
 * context (text, attribute) by jte.
 *
 * <p>Thread-safe.
 */
final class Views {
  private final TemplateEngine engine = TemplateEngine.createPrecompiled(ContentType.Html);

  /** Answers {@code status} with the page {@code template} rendered with {@code params}. */
  void render(Context ctx, int status, String template, Map<String, Object> params) {
    StringOutput out = new StringOutput();
    engine.render("console/" + template + ".jte", params, out);
    ctx.status(status).contentType("text/html; charset=utf-8").result(out.toString());
  }

  /** A page with a title, the notice and one paragraph of text. */
  void message(Context ctx, int status, Page page, String text) {
    render(ctx, status, "message", Map.of("page", page, "text", text));
  }
}
