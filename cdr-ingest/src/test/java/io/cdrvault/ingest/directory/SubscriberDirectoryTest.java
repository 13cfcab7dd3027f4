package io.cdrvault.ingest.directory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cdrvault.store.CdrVaultException;
import io.cdrvault.store.model.CustomerId;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SubscriberDirectoryTest {
  @TempDir Path dir;

  @Test
  void csv_loadsNumbersSkippingHeaderAndComments() throws Exception {
    Path f = dir.resolve("subs.csv");
    Files.writeString(f, "number,customerId\n# comment\n+12015550101, cust-a\n\n+12015550201,cust-b\n");
    SubscriberDirectory d = SubscriberDirectory.load(f);
    assertThat(d.size()).isEqualTo(2);
    assertThat(d.lookup("+12015550101")).contains(CustomerId.of("cust-a"));
    assertThat(d.lookup("+12015550201")).contains(CustomerId.of("cust-b"));
    assertThat(d.lookup("+12015550999")).isEmpty();
    assertThat(d.lookup(null)).isEmpty();
  }

  @Test
  void yaml_loadsMappingUnderNumbers() throws Exception {
    Path f = dir.resolve("subs.yaml");
    Files.writeString(f, "numbers:\n  \"+12015550101\": cust-a\n  \"+447400123456\": cust-b\n");
    SubscriberDirectory d = SubscriberDirectory.load(f);
    assertThat(d.lookup("+447400123456")).contains(CustomerId.of("cust-b"));
    assertThat(d.size()).isEqualTo(2);
  }

  @Test
  void badLine_namesTheLineButNotTheNumber() throws Exception {
    Path f = dir.resolve("bad.csv");
    Files.writeString(f, "+12015550101,cust-a\n2015550102,cust-b\n");
    assertThatThrownBy(() -> SubscriberDirectory.load(f)).isInstanceOf(CdrVaultException.class)
        .hasMessageContaining("line 2").hasMessageNotContaining("2015550102");
  }

  @Test
  void numberForTwoCustomers_isRejected() {
    assertThatThrownBy(() -> SubscriberDirectory.builder().add("+12015550101", CustomerId.of("a"))
        .add("+12015550101", CustomerId.of("b"))).isInstanceOf(IllegalArgumentException.class);
  }
}
