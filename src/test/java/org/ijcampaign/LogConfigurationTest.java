package org.ijcampaign;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.Filter;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.ConsoleAppender;
import org.apache.logging.log4j.core.config.AppenderRef;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.ConfigurationSource;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.properties.PropertiesConfigurationFactory;
import org.apache.logging.log4j.core.impl.Log4jLogEvent;
import org.apache.logging.log4j.core.layout.PatternLayout;
import org.apache.logging.log4j.message.SimpleMessage;
import org.junit.jupiter.api.Test;

/** The jobs' log configuration: src/main/resources/log4j2.properties. */
class LogConfigurationTest {
  private static LogEvent event(String logger, Level level, String text) {
    return Log4jLogEvent.newBuilder().setLoggerName(logger).setLevel(level)
        .setMessage(new SimpleMessage(text)).build();
  }

  /**
   * Read, not run: the shipped file's appenders would share the console streams of the tests'
   * own configuration, so the routing is checked on the parsed configuration.
   */
  @Test
  void theJobsLinesGoToStdoutAsTheyWereAndProblemsToStderr() throws Exception {
    Path file = Path.of("src/main/resources/log4j2.properties");
    LoggerContext ctx = new LoggerContext("shipped-configuration");
    Configuration conf;
    try (var in = Files.newInputStream(file)) {
      conf = new PropertiesConfigurationFactory().getConfiguration(ctx,
          new ConfigurationSource(in, file.toFile()));
    }
    conf.initialize();
    try {
      LoggerConfig jobs = conf.getLoggerConfig("org.ijcampaign.io.RunLog");
      assertEquals("org.ijcampaign", jobs.getName());
      assertEquals(Level.INFO, jobs.getLevel());
      assertEquals(false, jobs.isAdditive());
      assertEquals(Level.WARN, conf.getRootLogger().getLevel());

      ConsoleAppender stdout = conf.getAppender("stdout");
      assertEquals(ConsoleAppender.Target.SYSTEM_OUT, stdout.getTarget());
      LogEvent stage = event("org.ijcampaign.io.RunLog", Level.INFO, "[ingest] stage claims");
      assertEquals("[ingest] stage claims" + System.lineSeparator(),
          ((PatternLayout) stdout.getLayout()).toSerializable(stage));
      assertEquals(Filter.Result.NEUTRAL, stdout.getFilter().filter(stage));
      LogEvent warning = event("org.ijcampaign.io.WarehouseLock", Level.WARN, "stale lock");
      assertEquals(Filter.Result.DENY, stdout.getFilter().filter(warning));

      // Warnings and errors of the jobs go to stderr, with the libraries' problems.
      AppenderRef toStderr = jobs.getAppenderRefs().stream()
          .filter(r -> !r.getRef().equals("stdout")).findFirst().orElseThrow();
      assertEquals(Level.WARN, toStderr.getLevel());
      ConsoleAppender stderr = conf.getAppender(toStderr.getRef());
      assertEquals(ConsoleAppender.Target.SYSTEM_ERR, stderr.getTarget());
      assertEquals(toStderr.getRef(), conf.getRootLogger().getAppenderRefs().get(0).getRef());
    } finally {
      conf.stop();
    }
  }
}
