package org.ijcampaign.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.config.Configurator;
import org.junit.jupiter.api.Test;

/** --verbose changes the log levels of the run. */
class VerbosityTest {
  private static Level level(String logger) {
    return LogManager.getLogger(logger).getLevel();
  }

  @Test
  void verboseLowersTheProjectToDebugAndTheRootToInfo() {
    Level project = level(Verbosity.PROJECT_LOGGER);
    Level root = LogManager.getRootLogger().getLevel();
    try {
      // sql without a query stops at its configuration check (exit 2), before Spark starts.
      assertEquals(ExitCodes.BAD_CONFIGURATION, Main.run("sql"));
      assertEquals(Level.INFO, level(Verbosity.PROJECT_LOGGER));
      assertEquals(Level.WARN, LogManager.getRootLogger().getLevel());

      assertEquals(ExitCodes.BAD_CONFIGURATION, Main.run("sql", "--verbose"));
      assertEquals(Level.DEBUG, level(Verbosity.PROJECT_LOGGER));
      assertEquals(Level.DEBUG, level("org.ijcampaign.io.RunLog"));
      assertEquals(Level.INFO, LogManager.getRootLogger().getLevel());
    } finally {
      Configurator.setLevel(Verbosity.PROJECT_LOGGER, project);
      Configurator.setRootLevel(root);
    }
  }
}
