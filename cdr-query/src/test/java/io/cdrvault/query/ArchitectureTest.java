package io.cdrvault.query;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.cdrvault.query.http.ApiServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * DESIGN §3 for this module's main classes: only ingest imports the Kafka consumer API; only the
 * store imports {@code org.rocksdb} and the crypto APIs.
 */
class ArchitectureTest {
  private static JavaClasses main;

  @BeforeAll
  static void importMainClasses() {
    main = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("io.cdrvault.query", "io.cdrvault.ingest");
  }

  @Test
  void query_doesNotUseTheKafkaConsumerApi() {
    assertThat(main.contain(ApiServer.class)).isTrue();
    noClasses().that().resideInAPackage("io.cdrvault.query..")
        .should().dependOnClassesThat().resideInAPackage("org.apache.kafka.clients.consumer..")
        .because("only ingest consumes from Kafka; a node wires it through IngestPipeline")
        .check(main);
  }

  @Test
  void query_usesNeitherRocksDbNorCryptoApis() {
    noClasses().that().resideInAPackage("io.cdrvault.query..")
        .should().dependOnClassesThat()
        .resideInAnyPackage("org.rocksdb..", "javax.crypto..", "org.bouncycastle..")
        .because("storage and keys belong to cdr-store")
        .check(main);
  }

  @Test
  void theImportSeesDependencies_soTheRuleCanFail() {
    // control: ingest, imported the same way, does use the consumer API
    assertThatThrownBy(() -> noClasses().that().resideInAPackage("io.cdrvault.ingest..")
        .should().dependOnClassesThat().resideInAPackage("org.apache.kafka.clients.consumer..")
        .check(main)).isInstanceOf(AssertionError.class);
  }
}
