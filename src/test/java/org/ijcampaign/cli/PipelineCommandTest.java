package org.ijcampaign.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo landing zone is asked for (--demo), never the fallback of a missing setting; and
 * {@code pipeline --demo} is the lab's {@code demo} job, the product pipeline taking only
 * landing zones.
 */
class PipelineCommandTest {
  @TempDir Path dir;

  /** Runs the CLI, checks its exit code and returns what it wrote on {stdout, stderr}. */
  private static String[] outputsOf(int expectedCode, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream stdout = System.out;
    PrintStream stderr = System.err;
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      assertEquals(expectedCode, Main.run(args), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(stdout);
      System.setErr(stderr);
    }
    return new String[] {out.toString(StandardCharsets.UTF_8),
        err.toString(StandardCharsets.UTF_8)};
  }

  private static String stdoutOf(int expectedCode, String... args) {
    return outputsOf(expectedCode, args)[0];
  }

  private static String stderrOf(int expectedCode, String... args) {
    return outputsOf(expectedCode, args)[1];
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

  @Test
  void pipelineDemoIsTheLabsDemoJobWithTheSameOptions() {
    assertEquals(List.of("demo", "--env", "E", "--campaign", "C"),
        List.of(Main.demoAlias("pipeline", "--env", "E", "--demo", "--campaign", "C")));
    assertEquals(List.of("pipeline", "--landing", "L"),
        List.of(Main.demoAlias("pipeline", "--landing", "L")));
    String help = stdoutOf(ExitCodes.OK, "pipeline", "--demo", "--help");
    assertTrue(help.startsWith("Usage: ij-campaign demo"), help);
    assertTrue(help.contains("--campaign=FILE"), help);
    // The product pipeline names no demo option of its own.
    assertTrue(stdoutOf(ExitCodes.OK, "pipeline", "--help").lines()
        .noneMatch(l -> l.strip().startsWith("--demo")));
  }

  @Test
  void theDemoChecksTheLabSettingsBeforeTakingTheWarehouse() throws Exception {
    Path warehouse = dir.resolve("warehouse");
    Path env = dir.resolve("env.conf");
    Files.writeString(env, "include required(file(\"conf/local.conf\"))\n"
        + "ijcampaign.generate { first-year = 2024, last-year = 2022 }\n");
    String err = stderrOf(ExitCodes.BAD_CONFIGURATION, "pipeline", "--demo", "--env",
        env.toString(), "--warehouse", warehouse.toString());
    assertTrue(err.contains("ijcampaign.generate.last-year is before first-year"), err);
    assertFalse(Files.exists(warehouse));
  }
}
