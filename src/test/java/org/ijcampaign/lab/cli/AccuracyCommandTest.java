package org.ijcampaign.lab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.ijcampaign.SparkTestBase;
import org.ijcampaign.config.Period;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The truth-side measures of {@code accuracy}, on a hand-written truth file. */
class AccuracyCommandTest extends SparkTestBase {
  @TempDir Path dir;

  /**
   * A's latent intensity is 1 then 1.4 in 2024 (mean 1.2), B's 3 and 3.4 (3.2): the GPs' mean
   * is 2.2, so A is at 1.2 / 2.2 and B at 3.2 / 2.2. Semesters outside the year are ignored.
   */
  @Test
  void relativeIntensityIsTheObservationYearsLatentOverTheGpsMean() throws IOException {
    Files.createDirectories(dir.resolve("truth"));
    Files.writeString(dir.resolve("truth/gp_semester_intensity.csv"), String.join("\n",
        "physician_id;semester;shock;latent_intensity",
        "A;2023S2;1;9", "A;2024S1;1;1", "A;2024S2;1.4;1.4",
        "B;2024S1;1;3", "B;2024S2;1;3.4", "B;2025S1;1;0") + "\n");
    Map<String, Double> got = new TreeMap<>();
    AccuracyCommand.relativeIntensity(spark(), dir.toString(),
            Period.of(java.time.LocalDate.of(2024, 1, 1), java.time.LocalDate.of(2024, 12, 31)))
        .collectAsList().forEach(r -> got.put(r.getString(0), r.getDouble(1)));
    assertEquals(2, got.size());
    assertEquals(1.2 / 2.2, got.get("A"), 1e-12);
    assertEquals(3.2 / 2.2, got.get("B"), 1e-12);
  }

  @Test
  void ratesOfGroupsOfDifferentSizesReadPerThousand() {
    assertEquals("37 of 3,000 (12.3 per 1,000)", AccuracyCommand.perThousand(37, 3000));
    assertEquals("0 of 0", AccuracyCommand.perThousand(0, 0));
  }
}
