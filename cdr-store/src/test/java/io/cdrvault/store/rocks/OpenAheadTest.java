package io.cdrvault.store.rocks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.function.BiFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link OpenAhead} driven as the store's cursor drives it, on the store's real pool: records come
 * back in the order they were read, short reads are opened on the reader's thread, long ones on the
 * pool, and a record that fails fails the read exactly where it is, after every record before it.
 */
class OpenAheadTest {
  private final ExecutorService pool = OpenAhead.newPool();
  private final Set<String> threads = ConcurrentHashMap.newKeySet();

  @AfterEach
  void stop() {
    pool.shutdownNow();
  }

  private final BiFunction<byte[], byte[], String> open = (k, v) -> {
    threads.add(Thread.currentThread().getName());
    String s = new String(v, StandardCharsets.US_ASCII);
    if (s.equals("bad")) {
      throw new IllegalStateException("record failed authentication");
    }
    return new String(k, StandardCharsets.US_ASCII) + "=" + s;
  };

  /** Reads {@code values} as the cursor does: chunks while wanted, then the oldest result. */
  private List<String> readAll(List<String> values) {
    List<String> out = new ArrayList<>();
    readInto(values, out);
    return out;
  }

  /** As {@link #readAll}, adding each record to {@code out} as the reader receives it. */
  private void readInto(List<String> values, List<String> out) {
    OpenAhead<String> ahead = new OpenAhead<>(pool);
    int next = 0;
    try {
      while (true) {
        String r = ahead.poll();
        if (r != null) {
          out.add(r);
          continue;
        }
        while (ahead.wantsMore() && next < values.size()) {
          int n = Math.min(ahead.chunkSize(), values.size() - next);
          byte[][] keys = new byte[n][];
          byte[][] vals = new byte[n][];
          for (int i = 0; i < n; i++, next++) {
            keys[i] = Integer.toString(next).getBytes(StandardCharsets.US_ASCII);
            vals[i] = values.get(next).getBytes(StandardCharsets.US_ASCII);
          }
          ahead.submit(n, i -> open.apply(keys[i], vals[i]));
        }
        if (!ahead.takeOldest()) {
          return;
        }
      }
    } finally {
      ahead.clear();
      assertThat(ahead.takeOldest()).isFalse();
    }
  }

  private static List<String> values(int n) {
    List<String> v = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      v.add("v" + i);
    }
    return v;
  }

  @Test
  void aShortRead_isOpenedOnTheReadersThread_inOrder() {
    List<String> out = readAll(values(40));
    assertThat(out).hasSize(40).startsWith("0=v0", "1=v1").endsWith("39=v39");
    assertThat(threads).containsExactly(Thread.currentThread().getName());
  }

  @Test
  void aLongRead_isOpenedOnThePool_andComesBackInReadOrder() {
    int n = OpenAhead.INLINE_RECORDS + 10 * OpenAhead.CHUNK + 17;
    List<String> out = readAll(values(n));
    assertThat(out).hasSize(n);
    for (int i = 0; i < n; i++) {
      assertThat(out.get(i)).isEqualTo(i + "=v" + i);
    }
    assertThat(threads).anyMatch(t -> t.startsWith("cdrvault-open-"))
        .contains(Thread.currentThread().getName());
  }

  @Test
  void aRecordThatFails_failsTheReadWhereItIs_afterTheRecordsBeforeIt() {
    int bad = OpenAhead.INLINE_RECORDS + 3 * OpenAhead.CHUNK + 5;
    List<String> v = values(bad + 600);
    v.set(bad, "bad");
    List<String> seen = new ArrayList<>();
    assertThatThrownBy(() -> readInto(v, seen)).isInstanceOf(IllegalStateException.class)
        .hasMessage("record failed authentication");
    assertThat(seen).hasSize(bad);
    assertThat(seen.get(bad - 1)).isEqualTo((bad - 1) + "=v" + (bad - 1));
  }

  @Test
  void aFailureInAShortRead_isThrownWhenReached() {
    List<String> v = values(10);
    v.set(4, "bad");
    assertThatThrownBy(() -> readAll(v)).hasMessage("record failed authentication");
  }
}
