package org.ijcampaign.cli;

import org.ijcampaign.lab.cli.AccuracyCommand;
import org.ijcampaign.lab.cli.BenchmarkCommand;
import org.ijcampaign.lab.cli.GenerateCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point: {@code java -jar ij-campaign.jar <job> [options]}, or through spark-submit. */
@Command(name = "ij-campaign", mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "Spark batch jobs of the MSO-MSAP campaign on GP sick-leave (IJ) prescriptions.",
    subcommands = {
        ReferenceCommand.class,
        IngestCommand.class,
        ProfileCommand.class,
        TerritoryCommand.class,
        ModelCommand.class,
        PersistentCommand.class,
        TargetCommand.class,
        ExportCommand.class,
        EvaluateCommand.class,
        DashboardCommand.class,
        MaintenanceCommand.class,
        SqlCommand.class,
        TablesDocCommand.class,
        GenerateCommand.class,
        PipelineCommand.class,
        BenchmarkCommand.class,
        AccuracyCommand.class
    })
public final class Main implements Runnable {

  public static void main(String[] args) {
    int code = run(args);
    // In YARN cluster mode the ApplicationMaster calls main() in a thread and judges its return:
    // System.exit(0) there reads as a failure (exit 16) and may start a second attempt.
    if (code == 0 && "cluster".equals(System.getProperty("spark.submit.deployMode"))) {
      return;
    }
    System.exit(code);
  }

  /** Runs a command line and returns its exit code (tests call this, not main). */
  public static int run(String... args) {
    CommandLine cl = new CommandLine(new Main());
    cl.setExecutionExceptionHandler(new JobErrors());
    cl.setExecutionStrategy(Verbosity::execute);
    return cl.execute(args);
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(new CommandLine(this), "a job is required");
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"ij-campaign " + org.ijcampaign.io.ProjectVersion.get()};
    }
  }
}
