package org.ijcampaign.schema;

/** Columns of {@code physicians.csv} and of the {@code physicians} table. */
public final class Physicians {
  private Physicians() {}

  public static final String FILE = "physicians.csv";
  public static final String PHYSICIAN_ID = "physician_id";
  public static final String SPECIALTY_CODE = "specialty_code";
  public static final String EXERCISE_MODE = "exercise_mode";
  public static final String PRACTICE_IRIS = "practice_iris";
  public static final String REGION_CODE = "region_code";
  public static final String INSTALLATION_DATE = "installation_date";
  public static final String BIRTH_YEAR = "birth_year";
  public static final String SEX = "sex";

  /** Specialty code of general practice: the only one profiled. */
  public static final String GENERAL_PRACTICE = "01";
  public static final String LIBERAL = "LIBERAL";
  public static final String SALARIED_CENTER = "SALARIED_CENTER";
}
