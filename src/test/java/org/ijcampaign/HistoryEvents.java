package org.ijcampaign;

import org.ijcampaign.ingest.Ingestion;
import org.ijcampaign.schema.CampaignHistory;
import org.ijcampaign.schema.LandingContract;
import org.ijcampaign.schema.Quarantine;

/** Hand-made campaign_history events, by column name, as the ingestion cleans them. */
public final class HistoryEvents {
  private HistoryEvents() {}

  public static TableRows rows() {
    return TableRows.of(Ingestion.cleanSchema(LandingContract.CAMPAIGN_HISTORY));
  }

  /** One event without outcome, read from line 2 of campaign_history.csv. */
  public static Object[] event(Object gp, Object campaign, Object type, String date,
      Object objective) {
    return new Object[] {CampaignHistory.PHYSICIAN_ID, gp, CampaignHistory.CAMPAIGN, campaign,
        CampaignHistory.EVENT_TYPE, type, CampaignHistory.EVENT_DATE, date,
        CampaignHistory.OBJECTIVE_IJ_PER_PATIENT, objective, Quarantine.SOURCE_FILE,
        "campaign_history.csv", Quarantine.SOURCE_LINE, 2L};
  }
}
