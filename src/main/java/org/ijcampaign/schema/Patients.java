package org.ijcampaign.schema;

/** Columns of {@code patients.csv} and of the {@code patients} table. */
public final class Patients {
  private Patients() {}

  public static final String FILE = "patients.csv";
  public static final String PATIENT_ID = "patient_id";
  public static final String BIRTH_YEAR = "birth_year";
  public static final String SEX = "sex";
  public static final String ALD_START = "ald_start";
  public static final String ALD_END = "ald_end";
  public static final String C2S_START = "c2s_start";
  public static final String C2S_END = "c2s_end";
  public static final String ACTIVE_START = "active_start";
  public static final String ACTIVE_END = "active_end";
}
