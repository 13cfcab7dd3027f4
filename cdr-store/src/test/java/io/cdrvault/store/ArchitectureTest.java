package io.cdrvault.store;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaConstructorCall;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.cdrvault.store.access.AccessGrant;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Who may mint grants and who may touch the storage engine and the crypto provider. */
class ArchitectureTest {
  private static JavaClasses main;

  @BeforeAll
  static void importMainClasses() {
    main = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("io.cdrvault.store");
  }

  private static final DescribedPredicate<JavaConstructorCall> NEW_ACCESS_GRANT =
      DescribedPredicate.describe("new AccessGrant(..)",
          call -> call.getTarget().getOwner().isEquivalentTo(AccessGrant.class));

  @Test
  void accessGrants_areMintedOnlyByTheAccessPackage() {
    noClasses().that().resideOutsideOfPackage("io.cdrvault.store.access..")
        .should().callConstructorWhere(NEW_ACCESS_GRANT)
        .because("only the policy engine may create the capability to read plaintext")
        .check(main);
    // the rule above would hold vacuously if the predicate matched nothing
    classes().that().haveSimpleName("PolicyEngine").should().callConstructorWhere(NEW_ACCESS_GRANT)
        .check(main);
  }

  @Test
  void packages_haveNoCycles() {
    // (**) makes every package its own slice, the API package io.cdrvault.store included:
    // the API depends on the parts it names, the engine (store.rocks) on the API, never back
    slices().matching("io.cdrvault.(**)").should().beFreeOfCycles()
        .because("a part of the store depends on the parts below it, never back (issue 15)")
        .check(main);
  }

  @Test
  void theSlicesAreThePackages_soTheCycleRuleCanFail() {
    // control: store.rocks implements the API package, a real edge between two slices
    assertThatThrownBy(() -> slices().matching("io.cdrvault.(**)").should().notDependOnEachOther().check(main))
        .isInstanceOf(AssertionError.class).hasMessageContaining("io.cdrvault.store.rocks");
  }

  @Test
  void rocksDb_isUsedOnlyByTheStorageAndAuditPackages() {
    noClasses().that().resideOutsideOfPackages("io.cdrvault.store.rocks..", "io.cdrvault.store.audit..")
        .should().dependOnClassesThat().resideInAPackage("org.rocksdb..")
        .check(main);
  }

  @Test
  void cryptoApis_areUsedOnlyByTheCryptoPackage() {
    noClasses().that().resideOutsideOfPackage("io.cdrvault.store.crypto..")
        .should().dependOnClassesThat().resideInAnyPackage("javax.crypto..", "org.bouncycastle..")
        .because("keys and ciphers stay inside store.crypto")
        .check(main);
  }
}
