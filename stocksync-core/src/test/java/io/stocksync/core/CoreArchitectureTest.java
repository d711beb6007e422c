package io.stocksync.core;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The core is the JDK and our own code only, and pure (STYLE.md: "JDK only — no JDBC, no HTTP, no
 * JSON, no threads. Data in, decisions out").
 */
class CoreArchitectureTest {

  private static JavaClasses core;

  @BeforeAll
  static void importCore() {
    core =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.stocksync.core");
  }

  @Test
  void dependsOnNothingButTheJdkAndItself() {
    classes()
        .that()
        .resideInAPackage("io.stocksync.core..")
        .should()
        .onlyDependOnClassesThat()
        .resideInAnyPackage("io.stocksync.core..", "java..")
        .check(core);
  }

  @Test
  void doesNoIoOfItsOwn() {
    noClasses()
        .that()
        .resideInAPackage("io.stocksync.core..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "java.sql..",
            "java.net..",
            "java.nio..",
            "java.io..",
            "java.lang.reflect..",
            "java.util.logging..",
            "java.rmi..",
            "java.awt..")
        .because("persistence and delivery live behind the ports, outside the core")
        .check(core);
  }

  @Test
  void startsNoThreadsAndTakesNoLocks() {
    noClasses()
        .that()
        .resideInAPackage("io.stocksync.core..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("java.util.concurrent..")
        .orShould()
        .dependOnClassesThat()
        .belongToAnyOf(Thread.class, ThreadGroup.class, ThreadLocal.class, Runtime.class)
        .because("one writer owns an account state; the engine, not the core, schedules work")
        .check(core);
  }

  @Test
  void readsNoClockOfItsOwn() {
    noClasses()
        .that()
        .resideInAPackage("io.stocksync.core..")
        .should()
        .callMethod(System.class, "currentTimeMillis")
        .orShould()
        .callMethod(System.class, "nanoTime")
        .orShould()
        .callMethod(java.time.Instant.class, "now")
        .orShould()
        .dependOnClassesThat()
        .belongToAnyOf(java.time.Clock.class, java.util.Random.class)
        .because("callers pass `now`; tests drive a fake clock")
        .check(core);
  }
}
