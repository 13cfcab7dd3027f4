package io.cdrvault.app;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.cdrvault.app.cli.CdrVaultCli;
import io.cdrvault.app.node.Node;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * DESIGN §3 for the application's main classes (the node, the CLI, the demo): only ingest imports
 * the Kafka consumer API; only the store imports {@code org.rocksdb} and the crypto APIs; the
 * embedded broker is loaded by name, never linked (ADR 0027).
 */
class ArchitectureTest {
  private static JavaClasses main;

  @BeforeAll
  static void importMainClasses() {
    main = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("io.cdrvault.app");
  }

  @Test
  void app_doesNotUseTheKafkaConsumerApi() {
    assertThat(main.contain(CdrVaultCli.class)).isTrue();
    assertThat(main.contain(Node.class)).isTrue();
    noClasses().that().resideInAPackage("io.cdrvault.app..")
        .should().dependOnClassesThat().resideInAPackage("org.apache.kafka.clients.consumer..")
        .because("only ingest consumes from Kafka; a node wires it through IngestPipeline")
        .check(main);
  }

  @Test
  void app_usesNeitherRocksDbNorCryptoApis() {
    noClasses().that().resideInAPackage("io.cdrvault.app..")
        .should().dependOnClassesThat()
        .resideInAnyPackage("org.rocksdb..", "javax.crypto..", "org.bouncycastle..")
        .because("storage and keys belong to cdr-store")
        .check(main);
  }

  @Test
  void app_linksNoBrokerClass() {
    noClasses().that().resideInAPackage("io.cdrvault.app..")
        .should().dependOnClassesThat().resideInAnyPackage("io.cdrvault.kafka.embedded..",
            "kafka..", "scala..")
        .because("the broker is not on serve's class path; the demo loads it by name from "
            + "lib-demo/ (DemoBroker, ADR 0027)")
        .check(main);
  }

  @Test
  void appPackages_areFreeOfCycles() {
    slices().matching("io.cdrvault.(**)").should().beFreeOfCycles()
        .because("the CLI registers the node's commands; the node names no CLI class")
        .check(main);
  }

  @Test
  void theImportSeesDependencies_soTheRulesCanFail() {
    // control: the CLI does depend on the node (it registers demo, serve and init)
    assertThatThrownBy(() -> noClasses().that().resideInAPackage("io.cdrvault.app.cli..")
        .should().dependOnClassesThat().resideInAPackage("io.cdrvault.app.node..")
        .check(main)).isInstanceOf(AssertionError.class);
  }
}
