package org.ijcampaign.io;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;
import org.junit.jupiter.api.Test;

/** A job's progress lines go through the logger (SLF4J over log4j2), not System.out. */
class RunLogTest {
  /** Keeps the events it is given. */
  static final class Captured extends AbstractAppender {
    final List<LogEvent> events = new CopyOnWriteArrayList<>();

    Captured() {
      super("captured", null, null, true, Property.EMPTY_ARRAY);
    }

    @Override
    public void append(LogEvent event) {
      events.add(event.toImmutable());
    }
  }

  @Test
  void aStageLineIsLoggedAtInfoWithTheTextOfBefore() {
    Captured captured = new Captured();
    captured.start();
    // Beside the configuration's appenders (of org.ijcampaign), removed after: other tests'
    // lines keep going where the configuration sends them.
    LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
    LoggerConfig config = ctx.getConfiguration().getLoggerConfig(RunLog.class.getName());
    config.addAppender(captured, null, null);
    ctx.updateLoggers();
    try {
      // No warehouse: recording and logging a stage touches no table.
      RunLog log = new RunLog(null, "ingest", Map.of(), "test", "hash");
      log.stage("claims_clean", 1_234_567, 1_234_000, Duration.ofMillis(2_500));
    } finally {
      config.removeAppender(captured.getName());
      ctx.updateLoggers();
      captured.stop();
    }
    assertEquals(1, captured.events.size(), captured.events.toString());
    LogEvent e = captured.events.get(0);
    assertEquals(Level.INFO, e.getLevel());
    assertEquals(RunLog.class.getName(), e.getLoggerName());
    // The text schedulers and the integration test read (surefire runs in en_US).
    assertEquals("[ingest] stage claims_clean                 rows in    1,234,567  "
        + "rows out    1,234,000       2.5 s", e.getMessage().getFormattedMessage());
  }
}
