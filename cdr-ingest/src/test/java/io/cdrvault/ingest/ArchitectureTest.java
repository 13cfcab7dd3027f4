package io.cdrvault.ingest;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import io.cdrvault.ingest.pipeline.IngestPipeline;
import io.cdrvault.store.rocks.RocksCdrStore;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * DESIGN §3: only the store imports {@code org.rocksdb} and the crypto APIs; only ingest imports
 * the Kafka consumer API. Checks the main classes of ingest (this module) and of the store (from
 * the classpath). The query side of the consumer rule lives in cdr-query's ArchitectureTest,
 * because cdr-query is not on this module's classpath.
 */
class ArchitectureTest {
  private static JavaClasses main;

  @BeforeAll
  static void importMainClasses() {
    main = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("io.cdrvault.ingest", "io.cdrvault.store");
  }

  @Test
  void bothModules_areImported() {
    assertThat(main.contain(IngestPipeline.class)).isTrue();
    assertThat(main.contain(RocksCdrStore.class)).isTrue();
  }

  @Test
  void ingest_usesNeitherRocksDbNorCryptoApis() {
    noClasses().that().resideInAPackage("io.cdrvault.ingest..")
        .should().dependOnClassesThat()
        .resideInAnyPackage("org.rocksdb..", "javax.crypto..", "org.bouncycastle..")
        .because("storage and keys belong to cdr-store; ingest hands batches to CdrStore")
        .check(main);
  }

  @Test
  void store_doesNotUseTheKafkaConsumerApi() {
    noClasses().that().resideInAPackage("io.cdrvault.store..")
        .should().dependOnClassesThat().resideInAPackage("org.apache.kafka.clients.consumer..")
        .because("only ingest consumes from Kafka")
        .check(main);
  }

  @Test
  void ingestPackages_haveNoCycles() {
    slices().matching("io.cdrvault.ingest.(**)").should().beFreeOfCycles()
        .because("a format's decoder depends on the format package, the registry on the decoders, never back (issue 15)")
        .check(main);
  }

  @Test
  void theImportSeesDependencies_soTheRulesCanFail() {
    // controls: the same kind of rule, where the dependency is real, must fail
    ArchRule storeWithoutRocks = noClasses().that().resideInAPackage("io.cdrvault.store..")
        .should().dependOnClassesThat().resideInAPackage("org.rocksdb..");
    ArchRule ingestWithoutConsumer = noClasses().that().resideInAPackage("io.cdrvault.ingest..")
        .should().dependOnClassesThat().resideInAPackage("org.apache.kafka.clients.consumer..");

    assertThatThrownBy(() -> storeWithoutRocks.check(main)).isInstanceOf(AssertionError.class);
    assertThatThrownBy(() -> ingestWithoutConsumer.check(main)).isInstanceOf(AssertionError.class);
    // the slices are packages: ingest.format (the decoder contract) and its formats depend on each
    // other in one direction, so they are distinct slices with a real edge
    ArchRule formatsNeverUseTheirContract = slices().matching("io.cdrvault.ingest.(**)")
        .should().notDependOnEachOther();
    assertThatThrownBy(() -> formatsNeverUseTheirContract.check(main)).isInstanceOf(AssertionError.class)
        .hasMessageContaining("ingest.format.asterisk");
  }
}
