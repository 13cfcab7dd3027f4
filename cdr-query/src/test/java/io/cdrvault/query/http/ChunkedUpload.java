package io.cdrvault.query.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * An attacker's chunked upload over a raw socket: sends the request head, then a body of up to
 * {@code total} bytes generated on the fly in 64 KiB chunks (no Content-Length), while another
 * thread reads the answer. Sending stops when the server answers or closes the connection; the
 * result says how many body bytes went out.
 */
final class ChunkedUpload {
  private static final int CHUNK = 64 * 1024;

  record Result(int status, String head, String body, long bytesSent) {}

  private ChunkedUpload() {}

  static Result post(String host, int port, String path, Map<String, String> headers, long total)
      throws Exception {
    try (Socket s = new Socket(host, port)) {
      s.setSoTimeout(120_000);
      StringBuilder head = new StringBuilder("POST " + path + " HTTP/1.1\r\nHost: " + host + ":"
          + port + "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n");
      headers.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
      head.append("\r\n");
      InputStream in = s.getInputStream();
      CompletableFuture<String[]> answer = CompletableFuture.supplyAsync(() -> read(in));
      OutputStream out = s.getOutputStream();
      long sent = 0;
      try {
        out.write(head.toString().getBytes(StandardCharsets.US_ASCII));
        byte[] chunk = new byte[CHUNK];
        Arrays.fill(chunk, (byte) 'A');
        byte[] open = "{\"kind\":\"OPT_IN\",\"note\":\"".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(open, 0, chunk, 0, open.length);
        byte[] size = (Integer.toHexString(CHUNK) + "\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] crlf = "\r\n".getBytes(StandardCharsets.US_ASCII);
        while (sent < total && !answer.isDone()) {
          out.write(size);
          out.write(chunk);
          out.write(crlf);
          sent += CHUNK;
          if (sent == CHUNK) {
            Arrays.fill(chunk, 0, open.length, (byte) 'A');
          }
        }
        if (!answer.isDone()) {
          out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
          out.flush();
        }
      } catch (IOException e) {
        // the server answered and closed the connection while the body was being sent
      }
      String[] r = answer.get(120, TimeUnit.SECONDS);
      String[] statusLine = r[0].split(" ");
      if (statusLine.length < 2) {
        throw new AssertionError("no HTTP answer after " + sent + " body bytes (connection closed)");
      }
      int status = Integer.parseInt(statusLine[1]);
      return new Result(status, r[0], r[1], sent);
    }
  }

  /** Status line and headers, and the body (by Content-Length, else up to the end). */
  private static String[] read(InputStream in) {
    try {
      ByteArrayOutputStream headBytes = new ByteArrayOutputStream();
      int last4 = 0;
      int b;
      while (last4 != 0x0d0a0d0a && (b = in.read()) != -1) {
        headBytes.write(b);
        last4 = (last4 << 8) | b;
      }
      String head = headBytes.toString(StandardCharsets.US_ASCII);
      int length = -1;
      for (String line : head.split("\r\n")) {
        if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
          length = Integer.parseInt(line.substring(15).strip());
        }
      }
      byte[] body = length >= 0 ? in.readNBytes(length) : new byte[0];
      return new String[] {head, new String(body, StandardCharsets.UTF_8)};
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
