package io.cdrvault.query;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
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

  /** Javalin's body readers are uncapped for chunked requests (maxRequestSize checks only Content-Length). */
  private static final java.util.Set<String> UNCAPPED_BODY_READERS = java.util.Set.of("body",
      "bodyAsBytes", "bodyAsClass", "bodyStreamAsClass", "bodyInputStream", "bodyValidator",
      "formParam", "formParams", "formParamMap", "uploadedFile", "uploadedFiles", "uploadedFileMap");

  private static com.tngtech.archunit.lang.ArchRule noUncappedBodyReads() {
    return noClasses().that().resideInAPackage("io.cdrvault.query..")
        .should().callMethodWhere(com.tngtech.archunit.base.DescribedPredicate.describe(
            "a Javalin Context body reader",
            call -> call.getTargetOwner().isAssignableTo(io.javalin.http.Context.class)
                && UNCAPPED_BODY_READERS.contains(call.getName())))
        .because("bodies are read only through AccessFlow.body: after authentication, capped on "
            + "the stream (issue 10)");
  }

  @Test
  void requestBodies_areReadOnlyThroughTheCappedReader() {
    noUncappedBodyReads().check(main);
  }

  @Test
  void theBodyRule_catchesAnUncappedRead() {
    JavaClasses offender = new ClassFileImporter().importClasses(UncappedReader.class);
    assertThatThrownBy(() -> noClasses().should().callMethodWhere(
        com.tngtech.archunit.base.DescribedPredicate.describe("a Javalin Context body reader",
            (com.tngtech.archunit.core.domain.JavaMethodCall call) ->
                call.getTargetOwner().isAssignableTo(io.javalin.http.Context.class)
                && UNCAPPED_BODY_READERS.contains(call.getName()))).check(offender))
        .isInstanceOf(AssertionError.class);
  }

  /** Control for {@link #theBodyRule_catchesAnUncappedRead}. */
  static final class UncappedReader {
    String read(io.javalin.http.Context ctx) {
      return ctx.body();
    }
  }

  /** The feature packages: each contributes its routes to the server ({@code RouteContributor}). */
  private static final String[] FEATURES = {"io.cdrvault.query.aggregate..",
      "io.cdrvault.query.billing..", "io.cdrvault.query.customer..", "io.cdrvault.query.legal..",
      "io.cdrvault.query.marketing..", "io.cdrvault.query.records.."};

  @Test
  void queryPackages_areFreeOfCycles() {
    slices().matching("io.cdrvault.(**)").should().beFreeOfCycles()
        .because("dependencies between a module's packages point one way (issue 15)")
        .check(main);
  }

  @Test
  void http_dependsOnNoFeaturePackage() {
    noClasses().that().resideInAPackage("io.cdrvault.query.http..")
        .should().dependOnClassesThat().resideInAnyPackage(FEATURES)
        .because("features contribute their routes to the server; the server names none of them")
        .check(main);
  }

  @Test
  void theFeatureRule_seesTheFeatures() {
    // control: the one place that assembles the API does name every feature package
    assertThatThrownBy(() -> noClasses().that().resideInAPackage("io.cdrvault.query.api..")
        .should().dependOnClassesThat().resideInAnyPackage(FEATURES)
        .check(main)).isInstanceOf(AssertionError.class);
  }

  @Test
  void theImportSeesDependencies_soTheRuleCanFail() {
    // control: ingest, imported the same way, does use the consumer API
    assertThatThrownBy(() -> noClasses().that().resideInAPackage("io.cdrvault.ingest..")
        .should().dependOnClassesThat().resideInAPackage("org.apache.kafka.clients.consumer..")
        .check(main)).isInstanceOf(AssertionError.class);
  }
}
