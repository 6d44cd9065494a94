package org.ijcampaign.schema;

/** Columns of {@code mt_links.csv}: médecin-traitant declarations. */
public final class MtLinks {
  private MtLinks() {}

  public static final String FILE = "mt_links.csv";
  public static final String PATIENT_ID = "patient_id";
  public static final String PHYSICIAN_ID = "physician_id";
  public static final String START_DATE = "start_date";
  /** Null means the link is ongoing. */
  public static final String END_DATE = "end_date";
}
