package io.cdrvault.store.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cdrvault.store.model.CustomerId;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SealingTest {
  @TempDir Path dir;

  /** In-memory wrapped-key storage counting the writes. */
  static final class MapStorage implements WrappedKeyStorage {
    final Map<String, byte[]> map = new ConcurrentHashMap<>();
    final AtomicInteger puts = new AtomicInteger();

    @Override
    public Optional<byte[]> get(byte[] key) {
      return Optional.ofNullable(map.get(HexFormat.of().formatHex(key)));
    }

    @Override
    public void putAll(Map<byte[], byte[]> entries) {
      entries.forEach((k, v) -> {
        map.put(HexFormat.of().formatHex(k), v);
        puts.incrementAndGet();
      });
    }

    @Override
    public void delete(java.util.Collection<byte[]> keys) {
      keys.forEach(k -> map.remove(HexFormat.of().formatHex(k)));
    }

    @Override
    public java.util.List<Map.Entry<byte[], byte[]>> entriesAfter(byte[] afterKey, int limit) {
      String after = afterKey == null ? null : HexFormat.of().formatHex(afterKey);
      return new java.util.TreeMap<>(map).entrySet().stream()
          .filter(e -> after == null || e.getKey().compareTo(after) > 0)
          .limit(limit)
          .map(e -> Map.entry(HexFormat.of().parseHex(e.getKey()), e.getValue()))
          .toList();
    }
  }

  private Keyring keyring(String name) {
    return Keyring.create(dir.resolve(name), "PKCS12", "pw".toCharArray());
  }

  private static final byte[] PLAIN = "call from +12125550123 to +13105550199".getBytes(StandardCharsets.UTF_8);

  @Test
  void seal_thenOpen_returnsThePlaintext() {
    DataKeyManager m = DataKeyManager.create(keyring("a.p12"), new MapStorage(), 10);
    DekId id = DekId.of(new byte[16], 202501);
    DataKey k = m.forWrite(List.of(id)).get(id);
    byte[] aad = "storage-key-1".getBytes(StandardCharsets.UTF_8);

    byte[] sealed = RecordSealer.seal(k, aad, PLAIN, 0, PLAIN.length);

    assertThat(sealed).hasSize(PLAIN.length + RecordSealer.OVERHEAD);
    assertThat(new String(sealed, StandardCharsets.ISO_8859_1)).doesNotContain("+12125550123");
    assertThat(RecordSealer.open(k, aad, sealed, "cdr-202501", "record key")).isEqualTo(PLAIN);
  }

  @Test
  void seal_cyclingThroughMoreKeysThanTheCipherCacheHolds_sealsEachUnderItsOwnKey() {
    int n = RecordSealer.CIPHERS_PER_THREAD + 500;
    List<DekId> ids = new java.util.ArrayList<>();
    for (int i = 0; i < n; i++) {
      byte[] tag = new byte[16];
      tag[0] = (byte) (i >>> 8);
      tag[1] = (byte) i;
      ids.add(DekId.of(tag, 202501));
    }
    DataKeyManager m = DataKeyManager.create(keyring("many.p12"), new MapStorage(), n);
    Map<DekId, DataKey> keys = m.forWrite(ids);
    byte[] aad = "storage-key".getBytes(StandardCharsets.UTF_8);
    List<byte[]> sealed = new java.util.ArrayList<>();
    for (int round = 0; round < 2; round++) { // the second round re-uses recycled ciphers
      for (DekId id : ids) {
        sealed.add(RecordSealer.seal(keys.get(id), aad, PLAIN, 0, PLAIN.length));
      }
    }
    for (int i = 0; i < sealed.size(); i++) {
      DataKey own = keys.get(ids.get(i % n));
      DataKey other = keys.get(ids.get((i + 1) % n));
      assertThat(RecordSealer.open(own, aad, sealed.get(i), "cdr-202501", "record key")).isEqualTo(PLAIN);
      byte[] s = sealed.get(i);
      assertThatThrownBy(() -> RecordSealer.open(other, aad, s, "cdr-202501", "record key"))
          .isInstanceOf(RecordAuthenticationException.class);
    }
  }

  @Test
  void destroy_takesTheKeysCiphersOutOfEveryThreadsCaches() throws Exception {
    DataKeyManager m = DataKeyManager.create(keyring("shred.p12"), new MapStorage(), 10);
    byte[] tagA = new byte[16];
    byte[] tagB = new byte[16];
    new java.security.SecureRandom().nextBytes(tagA);
    new java.security.SecureRandom().nextBytes(tagB);
    DekId destroyed = DekId.of(tagA, 202501);
    DekId kept = DekId.of(tagB, 202501);
    Map<DekId, DataKey> keys = m.forWrite(List.of(destroyed, kept));
    byte[] aad = "storage-key".getBytes(StandardCharsets.UTF_8);
    // a writer thread seals under both keys and stays alive (its cache with it); this thread opens
    CountDownLatch sealed = new CountDownLatch(1);
    CountDownLatch done = new CountDownLatch(1);
    List<byte[]> out = new ArrayList<>();
    Thread writer = new Thread(() -> {
      out.add(RecordSealer.seal(keys.get(destroyed), aad, PLAIN, 0, PLAIN.length));
      out.add(RecordSealer.seal(keys.get(kept), aad, PLAIN, 0, PLAIN.length));
      sealed.countDown();
      try {
        done.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    writer.start();
    try {
      sealed.await();
      assertThat(RecordSealer.open(keys.get(destroyed), aad, out.get(0), "cdr-202501", "record key"))
          .isEqualTo(PLAIN);
      assertThat(RecordSealer.cachedKeyIds()).contains(destroyed, kept);

      m.destroy(List.of(destroyed));

      assertThat(RecordSealer.cachedKeyIds()).doesNotContain(destroyed).contains(kept);
      assertThat(m.forRead(destroyed)).isEmpty();
      assertThat(RecordSealer.open(keys.get(kept), aad, out.get(1), "cdr-202501", "record key"))
          .isEqualTo(PLAIN);
    } finally {
      done.countDown();
      writer.join();
    }
  }

  @Test
  void open_underAnotherStorageKey_failsWithoutData() {
    DataKeyManager m = DataKeyManager.create(keyring("a.p12"), new MapStorage(), 10);
    DekId id = DekId.of(new byte[16], 202501);
    DataKey k = m.forWrite(List.of(id)).get(id);
    byte[] sealed = RecordSealer.seal(k, "key-A".getBytes(StandardCharsets.UTF_8), PLAIN, 0, PLAIN.length);

    assertThatThrownBy(() -> RecordSealer.open(k, "key-B".getBytes(StandardCharsets.UTF_8), sealed,
        "cdr-202501", "record key"))
        .isInstanceOf(RecordAuthenticationException.class)
        .hasMessageContaining("cdr-202501")
        .hasMessageContaining("record key")
        .hasMessageNotContaining("+1212");
  }

  @Test
  void open_withAnotherCustomersDataKey_fails() {
    DataKeyManager m = DataKeyManager.create(keyring("a.p12"), new MapStorage(), 10);
    byte[] otherTag = new byte[16];
    otherTag[0] = 1;
    DekId mine = DekId.of(new byte[16], 202501);
    DekId theirs = DekId.of(otherTag, 202501);
    Map<DekId, DataKey> keys = m.forWrite(List.of(mine, theirs));
    byte[] aad = new byte[32];
    byte[] sealed = RecordSealer.seal(keys.get(mine), aad, PLAIN, 0, PLAIN.length);

    assertThatThrownBy(() -> RecordSealer.open(keys.get(theirs), aad, sealed, "cdr-202501", "record key"))
        .isInstanceOf(RecordAuthenticationException.class);
  }

  @Test
  void open_ofAFlippedBit_fails() {
    DataKeyManager m = DataKeyManager.create(keyring("a.p12"), new MapStorage(), 10);
    DekId id = DekId.of(new byte[16], 202501);
    DataKey k = m.forWrite(List.of(id)).get(id);
    byte[] sealed = RecordSealer.seal(k, new byte[1], PLAIN, 0, PLAIN.length);
    sealed[20] ^= 1;

    assertThatThrownBy(() -> RecordSealer.open(k, new byte[1], sealed, "cdr-202501", "record key"))
        .isInstanceOf(RecordAuthenticationException.class);
  }

  @Test
  void forRead_withAnotherKeyringsKek_fails() {
    MapStorage storage = new MapStorage();
    DekId id = DekId.of(new byte[16], 202501);
    DataKeyManager.create(keyring("a.p12"), storage, 10).forWrite(List.of(id));
    DataKeyManager wrongKek = DataKeyManager.create(keyring("b.p12"), storage, 10);

    assertThatThrownBy(() -> wrongKek.forRead(id))
        .isInstanceOf(DataKeyException.class)
        .hasMessageContaining("key-encryption key version 1");
  }

  @Test
  void forRead_afterRestart_unwrapsTheSameKey() {
    MapStorage storage = new MapStorage();
    Keyring kr = keyring("a.p12");
    DekId id = DekId.of(new byte[16], 202501);
    DataKey written = DataKeyManager.create(kr, storage, 10).forWrite(List.of(id)).get(id);
    byte[] sealed = RecordSealer.seal(written, new byte[3], PLAIN, 0, PLAIN.length);

    DataKey reread = DataKeyManager.create(kr, storage, 10).forRead(id).orElseThrow();

    assertThat(RecordSealer.open(reread, new byte[3], sealed, "cf", "record key")).isEqualTo(PLAIN);
    assertThat(storage.map.values().iterator().next()[0]).isEqualTo(DataKeyManager.WRAPPED_FORMAT);
  }

  @Test
  void forWrite_fromManyThreadsAtOnce_createsOneKeyPerCustomerMonth() throws Exception {
    MapStorage storage = new MapStorage();
    DataKeyManager m = DataKeyManager.create(keyring("a.p12"), storage, 100);
    DekId id = DekId.of(new byte[16], 202502);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<DataKey>> fs = new ArrayList<>();
    for (int i = 0; i < 16; i++) {
      fs.add(pool.submit(() -> {
        go.await();
        return m.forWrite(List.of(id)).get(id);
      }));
    }
    go.countDown();
    List<byte[]> keys = new ArrayList<>();
    for (Future<DataKey> f : fs) {
      keys.add(f.get().secretKey().getEncoded());
    }
    pool.shutdown();

    assertThat(storage.puts.get()).isEqualTo(1);
    assertThat(keys).allSatisfy(k -> assertThat(Arrays.equals(k, keys.get(0))).isTrue());
  }

  @Test
  void tag_isStablePerCustomerAndDiffersBetweenCustomersAndKeyrings() {
    Keyring a = keyring("a.p12");
    HmacCustomerTagger t = HmacCustomerTagger.create(a);
    CustomerId c1 = CustomerId.of("ACCT-000000001");

    assertThat(t.tag(c1)).hasSize(16).isEqualTo(HmacCustomerTagger.create(a).tag(c1));
    assertThat(t.tag(c1)).isNotEqualTo(t.tag(CustomerId.of("ACCT-000000002")));
    assertThat(t.tag(c1)).isNotEqualTo(HmacCustomerTagger.create(keyring("b.p12")).tag(c1));
  }
}
