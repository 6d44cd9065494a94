package org.ijcampaign.schema;

/** Columns of {@code campaign_history.csv}: past campaign events per GP. */
public final class CampaignHistory {
  private CampaignHistory() {}

  public static final String FILE = "campaign_history.csv";
  public static final String PHYSICIAN_ID = "physician_id";
  public static final String CAMPAIGN = "campaign";
  public static final String EVENT_TYPE = "event_type";
  public static final String EVENT_DATE = "event_date";
  public static final String OBJECTIVE_IJ_PER_PATIENT = "objective_ij_per_patient";
  public static final String OUTCOME = "outcome";

  public static final String EXCHANGE = "EXCHANGE";
  public static final String MSO = "MSO";
  public static final String MSO_REFUSED = "MSO_REFUSED";
  public static final String MSAP = "MSAP";
  public static final String REACHED = "REACHED";
  public static final String NOT_REACHED = "NOT_REACHED";
}
