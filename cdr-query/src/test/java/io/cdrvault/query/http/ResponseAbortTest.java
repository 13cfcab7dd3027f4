package io.cdrvault.query.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.javalin.Javalin;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A handler that fails after its 200 and first bytes went out: without the abort Javalin appends
 * its error text and ends the body cleanly; with it the client sees a broken transfer.
 */
class ResponseAbortTest {
  private Javalin app;

  @AfterEach
  void stop() {
    if (app != null) {
      app.stop();
    }
  }

  private HttpResponse<byte[]> get(boolean abort) throws Exception {
    app = Javalin.create().get("/x", ctx -> {
      ctx.status(200).contentType("application/zip");
      OutputStream out = ctx.outputStream();
      out.write(new byte[100_000]);
      out.flush();
      IOException failure = new IOException("spool failed");
      if (abort) {
        ResponseAbort.abort(ctx, failure);
      }
      throw failure;
    }).start("127.0.0.1", 0);
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + app.port() + "/x")).build(),
        HttpResponse.BodyHandlers.ofByteArray());
  }

  @Test
  void withoutTheAbort_theBodyEndsCleanly_control() throws Exception {
    HttpResponse<byte[]> r = get(false);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body().length).isGreaterThanOrEqualTo(100_000);
  }

  @Test
  void withTheAbort_theClientSeesABrokenTransfer() {
    assertThatThrownBy(() -> get(true)).isInstanceOf(IOException.class);
  }
}
