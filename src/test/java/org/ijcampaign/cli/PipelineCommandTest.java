package org.ijcampaign.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo landing zone is asked for (--demo), never the fallback of a missing setting. */
class PipelineCommandTest {
  @TempDir Path dir;

  /** Runs the CLI and returns what it wrote on stderr, after checking its exit code. */
  private static String stderrOf(int expectedCode, String... args) {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream before = System.err;
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      assertEquals(expectedCode, Main.run(args), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setErr(before);
    }
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void withoutALandingZoneOrDemoThePipelineStopsBeforeTakingTheWarehouse() {
    Path warehouse = dir.resolve("warehouse");
    // conf/local.conf configures no landing zone.
    String err = stderrOf(ExitCodes.BAD_CONFIGURATION, "pipeline", "--env", "conf/local.conf",
        "--warehouse", warehouse.toString());
    assertTrue(err.startsWith("configuration error: no landing zone: give --landing DIR"), err);
    assertTrue(err.contains("or --demo"), err);
    // Refused before the lock (and Spark): the warehouse was not even created.
    assertFalse(Files.exists(warehouse));
  }

  @Test
  void aLandingZoneAndTheDemoExcludeEachOther() {
    Path warehouse = dir.resolve("warehouse");
    String err = stderrOf(ExitCodes.BAD_CONFIGURATION, "pipeline", "--env", "conf/local.conf",
        "--warehouse", warehouse.toString(), "--demo", "--landing", dir.toString());
    assertTrue(err.contains("--landing DIR or --demo, not both"), err);
    assertFalse(Files.exists(warehouse));
  }
}
