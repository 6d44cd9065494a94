package org.ijcampaign.operations;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.ijcampaign.SparkTestBase;
import org.ijcampaign.TableRows;
import org.ijcampaign.io.DeltaStore;
import org.ijcampaign.schema.Patients;
import org.ijcampaign.schema.Profile;
import org.ijcampaign.schema.Tables;
import org.junit.jupiter.api.Test;

/** The privacy scan on a warehouse of two hand-made tables, each breaking one rule once. */
class PrivacyScanTest extends SparkTestBase {

  @Test
  void findsAPatientIdInAStringColumnAndAShareOverTooFewPatients() {
    DeltaStore store = new DeltaStore(spark(), tempDir("privacy").toString());
    store.overwrite(TableRows.of(Tables.PATIENTS)
        .row(Patients.PATIENT_ID, "PAT-1")
        .row(Patients.PATIENT_ID, "PAT-2")
        .toDataset(spark()), Tables.PATIENTS);
    // GP A's row is published for 5 patients, under the threshold of 11; GP B's for 40. The
    // physician id of the second row is, by mistake, a patient's.
    store.overwrite(TableRows.of(Tables.GP_PERIOD_PROFILE)
        .row(Profile.PHYSICIAN_ID, "A", Profile.PERIOD, "2024S1", Profile.ACTIVE_PATIENTS, 5,
            Profile.SHARE_AGE_16_29, 0.2)
        .row(Profile.PHYSICIAN_ID, "PAT-2", Profile.PERIOD, "2024S1",
            Profile.ACTIVE_PATIENTS, 40, Profile.SHARE_AGE_16_29, 0.3)
        .toDataset(spark()), Tables.GP_PERIOD_PROFILE, Profile.PERIOD);

    assertEquals(List.of(
        "gp_period_profile.share_age_16_29: 1 rows describe fewer than 11 patients",
        "gp_period_profile.physician_id: 1 values are patient ids"),
        PrivacyScan.scan(store, 11));
  }

  @Test
  void aCleanWarehouseHasNoProblem() {
    DeltaStore store = new DeltaStore(spark(), tempDir("privacy-clean").toString());
    store.overwrite(TableRows.of(Tables.PATIENTS).row(Patients.PATIENT_ID, "PAT-1")
        .toDataset(spark()), Tables.PATIENTS);
    store.overwrite(TableRows.of(Tables.GP_PERIOD_PROFILE)
        .row(Profile.PHYSICIAN_ID, "A", Profile.PERIOD, "2024S1", Profile.ACTIVE_PATIENTS, 40,
            Profile.SHARE_AGE_16_29, 0.2)
        .toDataset(spark()), Tables.GP_PERIOD_PROFILE, Profile.PERIOD);
    assertEquals(List.of(), PrivacyScan.scan(store, 11));
  }
}
