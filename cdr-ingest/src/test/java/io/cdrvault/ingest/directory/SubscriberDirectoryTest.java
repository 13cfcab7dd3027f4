package io.cdrvault.ingest.directory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cdrvault.store.errors.CdrVaultException;
import io.cdrvault.store.model.CustomerId;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SubscriberDirectoryTest {
  static final CustomerId A = CustomerId.of("cust-a");
  static final CustomerId B = CustomerId.of("cust-b");
  static final String NUMBER = "+12015550101";
  static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");

  @TempDir Path dir;

  private static Instant at(String iso) {
    return Instant.parse(iso);
  }

  @Test
  void csv_loadsNumbersSkippingHeaderAndComments() throws Exception {
    Path f = dir.resolve("subs.csv");
    Files.writeString(f, "number,customerId\n# comment\n+12015550101, cust-a\n\n+12015550201,cust-b\n");
    SubscriberDirectory d = SubscriberDirectory.load(f);
    assertThat(d.size()).isEqualTo(2);
    assertThat(d.customerAt("+12015550101", T0)).contains(A);
    assertThat(d.customerAt("+12015550201", T0)).contains(B);
    assertThat(d.customerAt("+12015550999", T0)).isEmpty();
    assertThat(d.customerAt(null, T0)).isEmpty();
  }

  @Test
  void csv_recycledNumber_oldCustomerBeforeTheSwitch_newAfter_noneInTheGap() throws Exception {
    Path f = dir.resolve("subs.csv");
    Files.writeString(f, "number,customerId,validFrom,validTo\n"
        + "+12015550101,cust-a,,2026-03-01\n"
        + "+12015550101,cust-b,2026-03-15T00:00:00Z,\n");
    SubscriberDirectory d = SubscriberDirectory.load(f);
    assertThat(d.size()).isEqualTo(1);
    assertThat(d.periodCount()).isEqualTo(2);
    assertThat(d.customerAt(NUMBER, at("2020-01-01T00:00:00Z"))).contains(A);
    assertThat(d.customerAt(NUMBER, at("2026-02-28T23:59:59.999Z"))).contains(A);
    assertThat(d.customerAt(NUMBER, at("2026-03-01T00:00:00Z"))).as("end is exclusive").isEmpty();
    assertThat(d.customerAt(NUMBER, at("2026-03-14T23:59:59Z"))).as("gap").isEmpty();
    assertThat(d.customerAt(NUMBER, at("2026-03-15T00:00:00Z"))).as("start is inclusive").contains(B);
    assertThat(d.customerAt(NUMBER, at("2099-01-01T00:00:00Z"))).contains(B);
  }

  @Test
  void csv_datesAreStartOfDayUtc_andOffsetsAreHonoured() throws Exception {
    Path f = dir.resolve("subs.csv");
    Files.writeString(f, "+12015550101,cust-a,2026-03-01,2026-03-02T01:00:00+01:00\n");
    SubscriberDirectory d = SubscriberDirectory.load(f);
    assertThat(d.customerAt(NUMBER, at("2026-02-28T23:59:59Z"))).isEmpty();
    assertThat(d.customerAt(NUMBER, at("2026-03-01T00:00:00Z"))).contains(A);
    assertThat(d.customerAt(NUMBER, at("2026-03-01T23:59:59Z"))).contains(A);
    assertThat(d.customerAt(NUMBER, at("2026-03-02T00:00:00Z"))).isEmpty();
  }

  @Test
  void csv_overlappingPeriods_areRejectedNamingBothLines_butNoValue() throws Exception {
    Path f = dir.resolve("subs.csv");
    Files.writeString(f, "number,customerId,validFrom,validTo\n"
        + "+12015550101,cust-a,2026-01-01,2026-03-10\n"
        + "+12015550202,cust-a,2026-01-01,\n"
        + "+12015550101,cust-b,2026-03-01,\n");
    assertThatThrownBy(() -> SubscriberDirectory.load(f)).isInstanceOf(CdrVaultException.class)
        .hasMessageContaining("line 4").hasMessageContaining("line 2").hasMessageContaining("overlaps")
        .hasMessageNotContaining("2015550101").hasMessageNotContaining("cust-");
  }

  @Test
  void csv_badTimestamp_namesLineAndColumn_butNotTheText() throws Exception {
    Path f = dir.resolve("subs.csv");
    Files.writeString(f, "+12015550101,cust-a\n+12015550102,cust-b,March 2026\n");
    assertThatThrownBy(() -> SubscriberDirectory.load(f)).isInstanceOf(CdrVaultException.class)
        .hasMessageContaining("line 2").hasMessageContaining("validFrom")
        .hasMessageNotContaining("March").hasMessageNotContaining("2015550102").hasNoCause();
  }

  @Test
  void csv_periodEndingBeforeItStarts_isRejected() throws Exception {
    Path f = dir.resolve("subs.csv");
    Files.writeString(f, "+12015550101,cust-a,2026-03-02,2026-03-01\n");
    assertThatThrownBy(() -> SubscriberDirectory.load(f)).isInstanceOf(CdrVaultException.class)
        .hasMessageContaining("line 1").hasMessageContaining("end after it starts");
  }

  @Test
  void badLine_namesTheLineButNotTheNumber() throws Exception {
    Path f = dir.resolve("bad.csv");
    Files.writeString(f, "+12015550101,cust-a\n2015550102,cust-b\n");
    assertThatThrownBy(() -> SubscriberDirectory.load(f)).isInstanceOf(CdrVaultException.class)
        .hasMessageContaining("line 2").hasMessageNotContaining("2015550102");
  }

  @Test
  void yaml_oldMappingUnderNumbers_isStillRead() throws Exception {
    Path f = dir.resolve("subs.yaml");
    Files.writeString(f, "numbers:\n  \"+12015550101\": cust-a\n  \"+447400123456\": cust-b\n");
    SubscriberDirectory d = SubscriberDirectory.load(f);
    assertThat(d.customerAt("+447400123456", T0)).contains(B);
    assertThat(d.customerAt("+12015550101", at("1990-01-01T00:00:00Z"))).contains(A);
    assertThat(d.size()).isEqualTo(2);
  }

  @Test
  void yaml_oldMappingAtTopLevel_isStillRead() throws Exception {
    Path f = dir.resolve("subs.yml");
    Files.writeString(f, "\"+12015550101\": cust-a\n\"+447400123456\": cust-b\n");
    SubscriberDirectory d = SubscriberDirectory.load(f);
    assertThat(d.customerAt("+12015550101", T0)).contains(A);
    assertThat(d.customerAt("+447400123456", T0)).contains(B);
  }

  @Test
  void yaml_listOfEntries_withRecycledNumber() throws Exception {
    Path f = dir.resolve("subs.yaml");
    Files.writeString(f, "numbers:\n"
        + "  - number: \"+12015550101\"\n    customer: cust-a\n    to: 2026-03-01\n"
        + "  - {number: \"+12015550101\", customer: cust-b, from: \"2026-03-15T00:00:00Z\", to: null}\n"
        + "  - number: \"+447400123456\"\n    customer: cust-b\n");
    SubscriberDirectory d = SubscriberDirectory.load(f);
    assertThat(d.periodCount()).isEqualTo(3);
    assertThat(d.customerAt(NUMBER, at("2026-02-01T00:00:00Z"))).contains(A);
    assertThat(d.customerAt(NUMBER, at("2026-03-05T00:00:00Z"))).isEmpty();
    assertThat(d.customerAt(NUMBER, at("2026-04-01T00:00:00Z"))).contains(B);
    assertThat(d.customerAt("+447400123456", T0)).contains(B);
  }

  @Test
  void yaml_overlap_namesTheEntriesLines_butNoValue() throws Exception {
    Path f = dir.resolve("subs.yaml");
    Files.writeString(f, "- number: \"+12015550101\"\n  customer: cust-a\n"
        + "- number: \"+12015550101\"\n  customer: cust-b\n  from: 2026-03-01\n");
    assertThatThrownBy(() -> SubscriberDirectory.load(f)).isInstanceOf(CdrVaultException.class)
        .hasMessageContaining("line 3").hasMessageContaining("line 1").hasMessageContaining("overlaps")
        .hasMessageNotContaining("2015550101").hasMessageNotContaining("cust-");
  }

  @Test
  void yaml_unknownField_isRejectedWithItsLine() throws Exception {
    Path f = dir.resolve("subs.yaml");
    Files.writeString(f, "- number: \"+12015550101\"\n  customer: cust-a\n- numbr: \"+12015550102\"\n  customer: cust-b\n");
    assertThatThrownBy(() -> SubscriberDirectory.load(f)).isInstanceOf(CdrVaultException.class)
        .hasMessageContaining("line 3").hasMessageContaining("unknown field");
  }

  @Test
  void builder_recycledNumber_andNumberForTwoCustomersAtOnce_isRejected() {
    Instant switchAt = Instant.parse("2026-03-15T00:00:00Z");
    SubscriberDirectory d = SubscriberDirectory.builder()
        .add(NUMBER, A, NumberAssignment.SINCE_ALWAYS, switchAt)
        .add(NUMBER, B, switchAt, null)
        .build();
    assertThat(d.customerAt(NUMBER, switchAt.minusMillis(1))).contains(A);
    assertThat(d.customerAt(NUMBER, switchAt)).contains(B);
    assertThatThrownBy(() -> SubscriberDirectory.builder().add(NUMBER, A).add(NUMBER, B))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("overlaps");
  }

  @Test
  void builder_sameEntryTwice_isANoOp() {
    SubscriberDirectory d = SubscriberDirectory.builder().add(NUMBER, A).add(NUMBER, A).build();
    assertThat(d.periodCount()).isEqualTo(1);
    assertThat(d.customerAt(NUMBER, T0)).contains(A);
  }
}
