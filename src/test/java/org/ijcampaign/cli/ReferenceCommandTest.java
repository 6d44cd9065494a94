package org.ijcampaign.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.ijcampaign.SparkTestBase;
import org.ijcampaign.reference.ReferenceFixture;
import org.ijcampaign.schema.LandingContract;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The {@code reference} job. Its body runs on the shared test session: {@code call()} would
 * stop it at the end, as a job must.
 */
class ReferenceCommandTest extends SparkTestBase {

  @Test
  void parsesTheReferenceAndOutputFolders() {
    // Given the documented command line
    CommandLine.ParseResult parsed = new CommandLine(new Main())
        .parseArgs("reference", "--reference", "../shared/reference", "--out", "work/reference");

    // When / Then the reference job gets both folders
    ReferenceCommand job = (ReferenceCommand) parsed.subcommand().commandSpec().userObject();
    Assertions.assertEquals("../shared/reference", job.reference);
    Assertions.assertEquals("work/reference", job.out);
  }

  @Test
  void refusesACallWithoutOutputFolderAsABadConfiguration() {
    // Given a command line without --out, When it runs, Then it stops before Spark starts
    Assertions.assertEquals(ExitCodes.BAD_CONFIGURATION,
        Main.run("reference", "--reference", "../shared/reference"));
  }

  @Test
  void writesTheTwoLandingFilesAloneAndPrintsTheCoverage() throws IOException {
    // Given the hand-made reference folder and an empty output folder
    Path reference = ReferenceFixture.write(tempDir("reference-cli-in"));
    Path out = tempDir("reference-cli-out");
    ByteArrayOutputStream printed = new ByteArrayOutputStream();

    // When the job runs
    ReferenceCommand.run(spark(), reference.toString(), out.toString(),
        new PrintStream(printed, true, StandardCharsets.UTF_8));

    // Then the folder holds exactly the two landing files, in the landing format
    try (Stream<Path> files = Files.list(out)) {
      Assertions.assertEquals(List.of("apl.csv", "iris_indicators.csv"),
          files.map(p -> p.getFileName().toString()).sorted().toList());
    }
    List<String> iris = Files.readAllLines(out.resolve("iris_indicators.csv"));
    Assertions.assertEquals(String.join(";", LandingContract.IRIS_INDICATORS.columnNames()),
        iris.get(0));
    Assertions.assertEquals("010040103;01004;84;1001;19915;0.205;0.12;0.26;", iris.get(4));
    Assertions.assertEquals("976010100;97601;06;0;;;;;", iris.get(11));
    // (the rows themselves are ReferenceTablesTest's; here, their landing form: 4.0 is "4")
    List<String> apl = Files.readAllLines(out.resolve("apl.csv"));
    Assertions.assertEquals(15, apl.size());
    Assertions.assertEquals(List.of("commune_code;year;apl;zoning", "01001;2022;1.89;ZIP"),
        apl.subList(0, 2));
    Assertions.assertEquals("2A004;2022;4;NONE", apl.get(10));
    // and the coverage is printed with counts and shares of the 11 IRIS
    String report = printed.toString(StandardCharsets.UTF_8).replaceAll(" +", " ");
    Assertions.assertTrue(report.contains("apl_2023 drees_parent_commune 1 9.09%"), report);
    Assertions.assertTrue(report.contains("single_parent_share none 11 100.00%"), report);
  }
}
