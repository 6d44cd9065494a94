package org.ijcampaign.schema;

/** Columns of the {@code runs} table: one row per job run. */
public final class Runs {
  private Runs() {}

  public static final String RUN_ID = "run_id";
  public static final String JOB = "job";
  public static final String STATUS = "status";
  public static final String STARTED_AT = "started_at";
  public static final String ENDED_AT = "ended_at";
  public static final String DURATION_S = "duration_s";
  public static final String PARAMETERS = "parameters";
  public static final String ENVIRONMENT = "environment";
  public static final String CONFIG_HASH = "config_hash";
  public static final String PROJECT_VERSION = "project_version";
  public static final String INPUTS = "inputs";
  public static final String ROW_COUNTS = "row_counts";
  public static final String STAGES = "stages";
  public static final String TABLES_READ = "tables_read";
  public static final String TABLES_WRITTEN = "tables_written";
  public static final String ERROR = "error";
}
