package org.ijcampaign.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafeNamesTest {
  @TempDir Path dir;

  @Test
  void keepsAnOrdinaryNameInsideTheParent() {
    assertEquals("/w/exports/2025-2026", SafeNames.child(new org.apache.hadoop.fs.Path(
        "/w/exports"), "campaign.name", "2025-2026").toString());
    assertEquals("v1.2_b", SafeNames.check("x", "v1.2_b"));
  }

  @Test
  void refusesEveryNameThatClimbsOutOrIsNoPlainSegment() {
    org.apache.hadoop.fs.Path out = new org.apache.hadoop.fs.Path("/w/exports");
    for (String bad : new String[] {"..", ".", "../../../victim", "a/../../b", "a/b", "/etc",
        "", " 2025", ".hidden", "a\\b", "a:b", "x\u0000y", "c\u00e9"}) {
      assertThrows(ConfigError.class, () -> SafeNames.child(out, "campaign.name", bad), bad);
    }
    assertThrows(ConfigError.class, () -> SafeNames.check("campaign.name", null));
  }

  @Test
  void aCampaignFileWithAPathAsItsNameStopsAtLoading() throws Exception {
    for (String name : new String[] {"../../../victim", ".."}) {
      File f = dir.resolve("bad.conf").toFile();
      Files.writeString(f.toPath(), "campaign { name = \"" + name + "\" }\n");
      ConfigError e = assertThrows(ConfigError.class, () -> ConfigLoader.loadCampaign(f));
      assertTrue(e.getMessage().contains("campaign.name"), e.getMessage());
    }
    File eval = dir.resolve("eval.conf").toFile();
    Files.writeString(eval.toPath(), "campaign { evaluation { campaign = \"a/b\" } }\n");
    ConfigError e = assertThrows(ConfigError.class, () -> ConfigLoader.loadCampaign(eval));
    assertTrue(e.getMessage().contains("campaign.evaluation.campaign"), e.getMessage());
  }
}
