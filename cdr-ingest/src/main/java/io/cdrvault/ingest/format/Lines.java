package io.cdrvault.ingest.format;

/** Helpers for line-framed payloads (one Kafka record = one line). Stateless and thread-safe. */
public final class Lines {
  private Lines() {}

  /**
   * The payload's length without one trailing {@code \n}, {@code \r\n} or {@code \r}; 0 for null
   * or empty. Switches and file replays leave the terminator on; decoders ignore it.
   */
  public static int contentEnd(byte[] payload) {
    int end = payload == null ? 0 : payload.length;
    if (end > 0 && payload[end - 1] == '\n') {
      end--;
    }
    if (end > 0 && payload[end - 1] == '\r') {
      end--;
    }
    return end;
  }

  /** True when {@code payload[0, end)} is empty or only spaces and tabs: a blank line, not a record. */
  public static boolean isBlank(byte[] payload, int end) {
    for (int i = 0; i < end; i++) {
      if (payload[i] != ' ' && payload[i] != '\t') {
        return false;
      }
    }
    return true;
  }
}
