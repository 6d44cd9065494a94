package org.ijcampaign.cli;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;
import picocli.CommandLine;

/**
 * {@code --verbose}: the project's loggers ({@code org.ijcampaign}) to DEBUG and the root logger
 * to INFO, at run time, over what log4j2.properties says (INFO and WARN). Log4j2 is Spark's
 * logging backend, which the jobs' SLF4J loggers write through.
 */
final class Verbosity {
  static final String OPTION = "--verbose";
  static final String PROJECT_LOGGER = "org.ijcampaign";

  private Verbosity() {}

  /**
   * Picocli's execution strategy of {@link Main}: applies {@code --verbose} when the command line
   * holds it (the option is the subcommand's, from {@link CommonOptions}), then runs the command
   * as picocli's default strategy does.
   */
  static int execute(CommandLine.ParseResult parsed) {
    for (CommandLine.ParseResult p = parsed; p != null; p = p.subcommand()) {
      if (p.hasMatchedOption(OPTION)) {
        verbose();
        break;
      }
    }
    return new CommandLine.RunLast().execute(parsed);
  }

  static void verbose() {
    Configurator.setLevel(PROJECT_LOGGER, Level.DEBUG);
    Configurator.setRootLevel(Level.INFO);
  }
}
