package org.ijcampaign.cli;

import org.ijcampaign.lab.cli.AccuracyCommand;
import org.ijcampaign.lab.cli.BenchmarkCommand;
import org.ijcampaign.lab.cli.CompareCommand;
import org.ijcampaign.lab.cli.DemoCommand;
import org.ijcampaign.lab.cli.GenerateCommand;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Entry point: {@code java -jar ij-campaign.jar <job> [options]}, or through spark-submit. The
 * dispatcher registers the product's jobs and the lab's (org.ijcampaign.lab: generate, demo,
 * benchmark, accuracy, compare); it is the one product class that may name the lab, which no other
 * product class imports.
 */
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
        PipelineCommand.class,
        // The lab: synthetic landing zones and what is measured on them.
        GenerateCommand.class,
        DemoCommand.class,
        BenchmarkCommand.class,
        AccuracyCommand.class,
        CompareCommand.class
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
    return cl.execute(demoAlias(args));
  }

  /**
   * {@code pipeline --demo [options]} is the lab's {@code demo} job with the same options: the
   * product pipeline takes only landing zones, and the README's first command keeps working.
   */
  static String[] demoAlias(String... args) {
    if (args.length == 0 || !args[0].equals("pipeline") || !List.of(args).contains("--demo")) {
      return args;
    }
    List<String> demo = new ArrayList<>(List.of(args));
    demo.set(0, DemoCommand.NAME);
    demo.remove("--demo");
    return demo.toArray(new String[0]);
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
