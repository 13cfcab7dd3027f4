package io.cdrvault.store.rocks;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdrvault.store.IngestBatch;
import io.cdrvault.store.SourcePartition;
import io.cdrvault.store.crypto.Keyring;
import io.cdrvault.store.model.Cdr;
import io.cdrvault.store.model.CustomerCdr;
import io.cdrvault.store.model.CustomerId;
import io.cdrvault.store.model.PhoneNumber;
import io.cdrvault.store.testing.DataDirScanner;
import io.cdrvault.store.testing.Grants;
import io.cdrvault.store.testing.SampleCdrs;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** DESIGN invariant 1: no plaintext CPNI in any file of the data directory. */
class PlaintextAtRestIT {
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-04-01T00:00:00Z"), ZoneOffset.UTC);

  @TempDir Path dataDir;
  @TempDir Path keyDir;

  @Test
  void dataDirectory_afterManyWritesFlushAndCompaction_holdsNoNumberOrCustomerId() {
    SampleCdrs samples = SampleCdrs.seeded(2025);
    List<CustomerId> customers = samples.customers(250);
    List<CustomerCdr> records = samples.records(customers, Instant.parse("2025-01-01T00:00:00Z"),
        Instant.parse("2025-03-01T00:00:00Z"), 12_000);
    Keyring keyring = Keyring.create(keyDir.resolve("ks.p12"), "PKCS12", "pw".toCharArray());
    try (RocksCdrStore store = RocksCdrStore.open(StoreSettings.defaults(dataDir), keyring,
        new SimpleMeterRegistry(), CLOCK)) {
      for (int i = 0; i < records.size(); i += 500) {
        store.write(new IngestBatch(records.subList(i, Math.min(records.size(), i + 500)),
            Map.of(new SourcePartition("cdr.asterisk", 0), (long) i + 500)));
      }
      // a read is audited too: the ledger must not leak the customer id either
      Grants.billing(store, customers.get(0), Instant.parse("2025-01-01T00:00:00Z"),
          Instant.parse("2025-02-01T00:00:00Z"), CLOCK);
      store.flushAndCompact();
    }

    Set<String> needles = new LinkedHashSet<>();
    for (CustomerCdr r : records) {
      Cdr c = r.cdr();
      addNumber(needles, c.calling());
      addNumber(needles, c.called());
      addNumber(needles, c.redirecting());
      needles.add(r.customer().value());
      if (c.imsi() != null) {
        needles.add(c.imsi());
      }
    }
    needles.add(records.get(0).cdr().sourceIp());

    assertThat(DataDirScanner.countFiles(dataDir)).isGreaterThan(3);
    // the key database (wrapped data keys only) lies inside the data directory and is scanned too
    assertThat(DataDirScanner.countFiles(dataDir.resolve("keydb"))).isGreaterThan(0);
    // the scanner must be able to see plaintext, or the result below would prove nothing
    assertThat(DataDirScanner.findOccurrences(dataDir.resolve("rocksdb"), List.of("OPTIONS", "cdr-202501")))
        .isNotEmpty();
    assertThat(DataDirScanner.findOccurrences(dataDir, needles)).isEmpty();
  }

  private static void addNumber(Set<String> needles, PhoneNumber n) {
    if (n == null) {
      return;
    }
    if (n.raw().length() >= 4) {
      needles.add(n.raw());
    }
    n.e164Value().ifPresent(needles::add);
  }
}
