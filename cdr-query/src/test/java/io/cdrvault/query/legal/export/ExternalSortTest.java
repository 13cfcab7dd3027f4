package io.cdrvault.query.legal.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonGenerator;
import io.cdrvault.store.access.GrantedRecords;
import io.cdrvault.store.crypto.EncryptedSpool;
import io.cdrvault.store.model.Cdr;
import io.cdrvault.store.model.CdrField;
import io.cdrvault.store.model.CustomerCdr;
import io.cdrvault.store.model.CustomerId;
import io.cdrvault.store.model.Direction;
import io.cdrvault.store.model.Disposition;
import io.cdrvault.store.model.PhoneNumber;
import io.cdrvault.store.model.ServiceType;
import io.cdrvault.store.model.json.CanonicalJson;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The external sort against the order and bytes {@link ExportWriter} always produced: records of
 * many customers, each customer's in start order (as the store's cursor returns them), some read
 * twice (a record matching two targets), in runs small enough to spool and to need a cascade.
 */
class ExternalSortTest {
  static final String NUMBER = "+15551230001";
  static final PhoneNumber TARGET = PhoneNumber.e164("5551230001", NUMBER);
  static final Set<CdrField> ALL = EnumSet.allOf(CdrField.class);
  /** 50 lines per run, 4 runs per merge: 1,200 lines make 24+ runs and a cascade. */
  static final ExternalSort.Limits SMALL = new ExternalSort.Limits(50, 1L << 20, 4);

  @TempDir Path tmp;

  /** Records as the store's cursor returns them: per customer, in start order, with repeats. */
  static List<CustomerCdr> cursorOrder(int customers, int perCustomer, long seed) {
    Random rnd = new Random(seed);
    List<CustomerCdr> out = new ArrayList<>();
    List<CustomerCdr> repeats = new ArrayList<>();
    for (int c = 0; c < customers; c++) {
      CustomerId customer = CustomerId.of("C-" + c);
      List<CustomerCdr> mine = new ArrayList<>();
      for (int i = 0; i < perCustomer; i++) {
        // coarse start times: many records share a second, so the id and direction decide
        java.time.Instant start = LegalExports.FROM.plusSeconds(60L * rnd.nextInt(500));
        Direction dir = rnd.nextBoolean() ? Direction.ORIGINATING : Direction.TERMINATING;
        Cdr cdr = Cdr.builder().origin("msc1").originId("c" + c + "-r" + i).type(ServiceType.VOICE)
            .calling(TARGET).called(PhoneNumber.e164("555" + (1000000 + rnd.nextInt(8999999)),
                "+1555" + (1000000 + rnd.nextInt(8999999))))
            .start(start).answer(start.plusSeconds(3)).end(start.plusSeconds(63))
            .durationSeconds(63).billableSeconds(60).disposition(Disposition.ANSWERED)
            .cellId("310-150-4411-" + rnd.nextInt(99999)).build();
        mine.add(new CustomerCdr(customer, dir, cdr));
      }
      mine.sort(java.util.Comparator.comparing(r -> r.cdr().start()));
      out.addAll(mine);
      if (c % 3 == 0) {
        repeats.addAll(mine.subList(0, perCustomer / 2));
      }
    }
    out.addAll(repeats); // the second target's pass returns them again, later
    return out;
  }

  /** The bytes the in-memory writer always produced: repeats dropped, stable sort by ORDER. */
  static byte[] expectedNdjson(List<CustomerCdr> records, Set<CdrField> fields) throws IOException {
    Map<String, CustomerCdr> once = new LinkedHashMap<>();
    for (CustomerCdr r : records) {
      once.putIfAbsent(r.customer().value() + '\u0000' + r.cdr().id().hex(), r);
    }
    List<CustomerCdr> sorted = new ArrayList<>(once.values());
    sorted.sort(java.util.Comparator.comparing(GrantedRecords::whole, ExportWriter.ORDER));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (CustomerCdr r : sorted) {
      try (JsonGenerator gen = CanonicalJson.jsonFactory().createGenerator(out)) {
        CanonicalJson.writeProjected(gen, r, fields);
      }
      out.write('\n');
    }
    return out.toByteArray();
  }

  static ExportLine line(CustomerCdr r) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    try (JsonGenerator gen = CanonicalJson.jsonFactory().createGenerator(b)) {
      CanonicalJson.writeProjected(gen, r, ALL);
    }
    return ExportLine.of(GrantedRecords.whole(r), b.toByteArray());
  }

  @Test
  void spooledRunsMerged_giveTheInMemoryOrder_withEachStoredRecordOnce() throws Exception {
    List<CustomerCdr> records = cursorOrder(40, 30, 1);
    ByteArrayOutputStream merged = new ByteArrayOutputStream();
    long lines = 0;
    try (ExternalSort sort = new ExternalSort(Optional.of(tmp), SMALL)) {
      for (CustomerCdr r : records) {
        sort.add(line(r));
      }
      assertThat(sort.spilledRuns()).isGreaterThan(SMALL.fanIn());
      try (ExternalSort.LineCursor c = sort.sorted()) {
        for (ExportLine l = c.next(); l != null; l = c.next()) {
          merged.write(l.json);
          merged.write('\n');
          lines++;
        }
      }
    }
    assertThat(lines).isEqualTo(40 * 30);
    assertThat(merged.toByteArray()).isEqualTo(expectedNdjson(records, ALL));
    try (Stream<Path> s = Files.list(tmp)) {
      assertThat(s).as("spool deleted").isEmpty();
    }
  }

  @Test
  void spooledRuns_holdNoPlaintext() throws Exception {
    try (ExternalSort sort = new ExternalSort(Optional.of(tmp), SMALL)) {
      for (CustomerCdr r : cursorOrder(5, 30, 2)) {
        sort.add(line(r));
      }
      EncryptedSpool spool = sort.spool().orElseThrow();
      try (Stream<Path> files = Files.list(spool.directory())) {
        for (Path f : files.toList()) {
          String disk = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
          assertThat(disk).doesNotContain(NUMBER).doesNotContain("5551230001")
              .doesNotContain("\"C-1\"").doesNotContain("310-150-4411").doesNotContain("recordId");
        }
      }
    }
  }

  @Test
  void aTamperedRun_failsTheMerge_andCloseStillDeletesTheSpool() throws Exception {
    ExternalSort sort = new ExternalSort(Optional.of(tmp), new ExternalSort.Limits(50, 1L << 20, 64));
    for (CustomerCdr r : cursorOrder(4, 30, 3)) {
      sort.add(line(r));
    }
    Path dir = sort.spool().orElseThrow().directory();
    Path run;
    try (Stream<Path> files = Files.list(dir)) {
      run = files.sorted().findFirst().orElseThrow();
    }
    byte[] bytes = Files.readAllBytes(run);
    bytes[bytes.length / 2] ^= 0x20;
    Files.write(run, bytes);

    assertThatThrownBy(() -> {
      try (ExternalSort.LineCursor c = sort.sorted()) {
        while (c.next() != null) {
          // reading until the tampered chunk
        }
      }
    }).isInstanceOf(IOException.class).hasMessageContaining("failed authentication")
        .hasMessageNotContaining("555");
    sort.close();
    assertThat(dir).doesNotExist();
  }

  @Test
  void aSmallExport_staysInMemory_noSpoolIsCreated() throws Exception {
    List<CustomerCdr> records = cursorOrder(3, 10, 4);
    ByteArrayOutputStream merged = new ByteArrayOutputStream();
    try (ExternalSort sort = new ExternalSort(Optional.of(tmp), ExternalSort.Limits.DEFAULT)) {
      for (CustomerCdr r : records) {
        sort.add(line(r));
      }
      try (ExternalSort.LineCursor c = sort.sorted()) {
        for (ExportLine l = c.next(); l != null; l = c.next()) {
          merged.write(l.json);
          merged.write('\n');
        }
      }
      assertThat(sort.spool()).isEmpty();
      assertThat(sort.spilledRuns()).isZero();
      try (Stream<Path> s = Files.list(tmp)) {
        assertThat(s).isEmpty();
      }
    }
    assertThat(merged.toByteArray()).isEqualTo(expectedNdjson(records, ALL));
  }

  @Test
  void inputOrder_doesNotChangeTheResult() throws Exception {
    List<CustomerCdr> records = cursorOrder(10, 20, 5);
    List<CustomerCdr> shuffled = new ArrayList<>(records);
    Collections.shuffle(shuffled, new Random(5));
    assertThat(sortedBytes(shuffled)).isEqualTo(sortedBytes(records))
        .isEqualTo(expectedNdjson(records, ALL));
  }

  private byte[] sortedBytes(List<CustomerCdr> records) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ExternalSort sort = new ExternalSort(Optional.of(tmp), SMALL)) {
      for (CustomerCdr r : records) {
        sort.add(line(r));
      }
      try (ExternalSort.LineCursor c = sort.sorted()) {
        for (ExportLine l = c.next(); l != null; l = c.next()) {
          out.write(l.json);
          out.write('\n');
        }
      }
    }
    return out.toByteArray();
  }
}
