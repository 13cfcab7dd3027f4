package io.cdrvault.ingest.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cdrvault.store.config.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SourceCatalogTest {
  private final SourceContext defaults = new SourceContext("default", "US", ZoneOffset.UTC);

  @TempDir Path dir;

  @Test
  void load_readsEachSource_andUnknownSourcesGetTheDefaultsUnderTheirName() throws Exception {
    Path f = Files.writeString(dir.resolve("sources.yaml"), """
        sources:
          pbx1: {region: US, zone: America/New_York}
          pbx9:
            zone: America/Chicago
            options: {columns: "src,dst,start,end,duration,billsec,disposition", usegmtime: no}
          kannel-1: {region: gb}
        """);
    SourceCatalog c = SourceCatalog.load(f, defaults);
    assertThat(c.names()).containsExactlyInAnyOrder("pbx1", "pbx9", "kannel-1");
    assertThat(c.forSource("pbx1").zone()).isEqualTo(ZoneId.of("America/New_York"));
    assertThat(c.forSource("pbx9").option("columns")).hasValue("src,dst,start,end,duration,billsec,disposition");
    assertThat(c.forSource("pbx9").option("usegmtime")).as("YAML reads no as false").hasValue("false");
    assertThat(c.forSource("kannel-1").defaultRegion()).isEqualTo("GB");
    assertThat(c.forSource("kannel-1").zone()).isEqualTo(ZoneOffset.UTC);
    SourceContext unknown = c.forSource("pbx-new");
    assertThat(unknown.sourceName()).isEqualTo("pbx-new");
    assertThat(unknown.defaultRegion()).isEqualTo("US");
    assertThat(c.forSource(null)).isEqualTo(defaults);
  }

  @Test
  void load_reportsEveryProblemAtOnce_byKey() throws Exception {
    Path f = Files.writeString(dir.resolve("bad.yaml"), """
        sources:
          a: {region: XX, zone: Mars/Olympus}
          b: {colour: blue, options: [1, 2]}
        """);
    assertThatThrownBy(() -> SourceCatalog.load(f, defaults))
        .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).containsExactlyInAnyOrder(
            "sources.a.region must be an ISO 3166 alpha-2 region libphonenumber knows",
            "sources.a.zone must be a time-zone id (e.g. America/New_York, UTC)",
            "sources.b.colour is not a known key (region, zone, options)",
            "sources.b.options must be a mapping"));
  }

  @Test
  void singleSourceFile_becomesTheDefaultSource() throws Exception {
    Path f = Files.writeString(dir.resolve("one.yaml"), "region: NL\nzone: Europe/Amsterdam\n");
    SourceCatalog c = SourceCatalog.load(f, defaults);
    assertThat(c.defaults().defaultRegion()).isEqualTo("NL");
    assertThat(c.forSource("anything").zone()).isEqualTo(ZoneId.of("Europe/Amsterdam"));
  }

  @Test
  void write_thenLoad_givesTheSameSources() {
    SourceCatalog c = SourceCatalog.of(defaults, Map.of(
        "pbx1", new SourceContext("pbx1", "US", ZoneId.of("America/New_York"), Map.of("usegmtime", "false")),
        "kannel-1", new SourceContext("kannel-1", "GB", ZoneId.of("Europe/London"))));
    Path f = dir.resolve("out.yaml");
    c.write(f);
    SourceCatalog back = SourceCatalog.load(f, defaults);
    assertThat(back.names()).containsExactlyInAnyOrder("pbx1", "kannel-1");
    assertThat(back.forSource("pbx1")).isEqualTo(c.forSource("pbx1"));
    assertThat(back.forSource("kannel-1")).isEqualTo(c.forSource("kannel-1"));
  }
}
