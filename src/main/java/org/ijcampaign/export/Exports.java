package org.ijcampaign.export;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.substring;
import static org.apache.spark.sql.functions.when;

import java.util.Locale;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.ijcampaign.schema.Expected;
import org.ijcampaign.schema.Persistent;
import org.ijcampaign.schema.Profile;
import org.ijcampaign.schema.Targeting;
import org.ijcampaign.schema.Territory;
import org.ijcampaign.targeting.CampaignTargeting;

/**
 * What leaves the warehouse for the regional funds: the targeting list cut by département, and
 * one file of letter figures per targeted GP, in the order and words the GP will read them.
 * Pure functions; {@link ExportJob} writes the files.
 */
public final class Exports {
  public static final String DEPARTEMENT = "departement";

  /** The list's columns for a fund, in the order of the letter. */
  static final String[] FUND_COLUMNS = {Profile.PHYSICIAN_ID, Profile.REGION_CODE, DEPARTEMENT,
      Profile.PRACTICE_IRIS, Targeting.WAVE, Targeting.QUALIFYING_EVENT, Profile.ACTIVE_PATIENTS,
      Expected.OBSERVED_RATE, Expected.EXPECTED_RATE, Expected.RATIO, Expected.SHRUNK_RATIO,
      Expected.Z, Expected.REGION_PERCENT_RANK, Territory.TERRITORY, Territory.TERRITORY_SIZE,
      Territory.TERRITORY_MEAN_RATE, Territory.TERRITORY_SD_RATE, Targeting.OBJECTIVE_REDUCTION,
      Targeting.TARGET_RATE, Targeting.SELECTION_RULE, Persistent.PERSISTENT_RATIO,
      Persistent.PERSISTENT_RATIO_LOW95, Persistent.PERSISTENT_RATIO_HIGH95,
      Persistent.PROBABILITY_AT_THRESHOLD, Persistent.SEMESTERS, Targeting.EXPLANATION};

  private Exports() {}

  /**
   * The département of a practice IRIS: its first two characters (Corsica's {@code 2A} and
   * {@code 2B} included), three for the overseas départements ({@code 971} … {@code 976}).
   */
  public static Column departement(Column iris) {
    return when(substring(iris, 1, 2).equalTo("97"), substring(iris, 1, 3))
        .otherwise(substring(iris, 1, 2));
  }

  /** The targeted GPs of a campaign's targeting slice, with their département. */
  public static Dataset<Row> fundList(Dataset<Row> targeting) {
    // A targeting slice written before the persistent estimate lacks its columns: empty there.
    java.util.List<String> present = java.util.Arrays.asList(targeting.columns());
    return targeting.where(col(Targeting.STATUS).equalTo(Targeting.TARGETED))
        .withColumn(DEPARTEMENT, departement(col(Profile.PRACTICE_IRIS)))
        .select(java.util.Arrays.stream(FUND_COLUMNS).map(c -> present.contains(c) || c.equals(DEPARTEMENT) ? col(c)
            : org.apache.spark.sql.functions.lit(null).cast("string").as(c))
            .toArray(Column[]::new));
  }

  /**
   * The letter figures of one targeted GP, in French: his rate, the rate expected for his
   * patientèle, the ratio, his comparison group (size, mean, standard deviation), his objective
   * and target rate, and how the figures were made. Rates are IJ days per active patient and
   * per year.
   */
  public static String letter(Row r, String campaign, String period) {
    Locale fr = Locale.FRANCE;
    double reduction = -100 * r.<Double>getAs(Targeting.OBJECTIVE_REDUCTION);
    return String.join("\n",
        "Campagne " + campaign + " - relevé individuel des indemnités journalières prescrites",
        "Médecin (RPPS) : " + r.getAs(Profile.PHYSICIAN_ID),
        "Période observée : " + period,
        "Patients actifs (médecin traitant, 16-64 ans, salariés) : "
            + ((Number) r.getAs(Profile.ACTIVE_PATIENTS)).longValue(),
        String.format(fr, "Votre taux : %.1f jours d'IJ par patient actif et par an",
            r.<Double>getAs(Expected.OBSERVED_RATE)),
        String.format(fr, "Taux attendu pour votre patientèle et votre territoire : %.1f",
            r.<Double>getAs(Expected.EXPECTED_RATE)),
        String.format(fr, "Ratio (votre taux / taux attendu) : %.2f (estimation prudente %.2f)",
            r.<Double>getAs(Expected.RATIO), r.<Double>getAs(Expected.SHRUNK_RATIO)),
        String.format(fr, "Groupe de comparaison (%s) : %d médecins, taux moyen %.1f, "
                + "écart-type %.1f", r.<String>getAs(Territory.TERRITORY),
            ((Number) r.getAs(Territory.TERRITORY_SIZE)).longValue(),
            r.<Double>getAs(Territory.TERRITORY_MEAN_RATE),
            r.<Double>getAs(Territory.TERRITORY_SD_RATE)),
        String.format(fr, "Rang dans votre région : %.0f %% des médecins ont un taux inférieur",
            100 * r.<Double>getAs(Expected.REGION_PERCENT_RANK)),
        String.format(fr, "Objectif : réduction de %.0f %%, soit un taux cible de %.1f jours "
                + "par patient actif et par an (vague %s)", reduction,
            r.<Double>getAs(Targeting.TARGET_RATE), r.<String>getAs(Targeting.WAVE)),
        persistentLines(r),
        "Méthode : le taux attendu vient d'une régression de Poisson sur les médecins "
            + "généralistes de France (âge, sexe, ALD et C2S de la patientèle, territoire) ; "
            + "les arrêts prescrits par un remplaçant pendant un contrat de remplacement sont "
            + "attribués au remplaçant.",
        "");
  }

  /**
   * The persistent figures in plain French, when the GP has them: what the persistent ratio
   * is, over which semesters, its interval, the probability that it reaches the threshold, and
   * which figure chose him. Empty without them (a campaign run before the persistent estimate).
   */
  static String persistentLines(Row r) {
    int i = r.schema().getFieldIndex(Persistent.PERSISTENT_RATIO).isDefined()
        ? r.fieldIndex(Persistent.PERSISTENT_RATIO) : -1;
    if (i < 0 || r.isNullAt(i)) {
      return "Ratio persistant : non calculé pour cette campagne.";
    }
    Locale fr = Locale.FRANCE;
    boolean chosenOnIt = org.ijcampaign.config.CampaignConfig.SelectionRule.PERSISTENT.name()
        .equals(r.getAs(Targeting.SELECTION_RULE));
    return String.join("\n",
        String.format(fr, "Ratio persistant : %.2f (intervalle à 95 %% selon le modèle : %.2f à "
                + "%.2f), estimé sur %d semestres (%s)",
            r.<Double>getAs(Persistent.PERSISTENT_RATIO),
            r.<Double>getAs(Persistent.PERSISTENT_RATIO_LOW95),
            r.<Double>getAs(Persistent.PERSISTENT_RATIO_HIGH95),
            ((Number) r.getAs(Persistent.SEMESTERS)).longValue(),
            r.<String>getAs(Persistent.PERIODS)),
        String.format(fr, "Probabilité, selon le modèle, que votre ratio persistant soit d'au "
                + "moins %.1f : %.0f %%",
            r.<Double>getAs(Persistent.RATIO_THRESHOLD),
            100 * r.<Double>getAs(Persistent.PROBABILITY_AT_THRESHOLD)),
        "Le ratio persistant est votre niveau habituel : il rapproche vos jours prescrits de "
            + "ceux attendus pour votre patientèle sur tous les semestres disponibles, en "
            + "retirant ce qui relève du hasard (quelques arrêts longs, un semestre "
            + "exceptionnel) ; moins un médecin a d'arrêts, plus son estimation est ramenée "
            + "vers la moyenne de ses confrères. L'intervalle et la probabilité sont ceux du "
            + "modèle : ils ne tiennent pas compte des particularités de votre patientèle que "
            + "son âge, son sexe, les ALD et la C2S ne décrivent pas."
            + substituteDaysLeftOut(r)
            + credibleLength(r)
            + (chosenOnIt ? " C'est ce ratio, et non celui d'une seule période, qui a servi "
                + "à vous sélectionner." : ""));
  }

  /**
   * The sentence telling a GP that his persistent ratio counts his stops and takes their length
   * as far as their number establishes it, with his own and the retained length ratios, when
   * the estimate read a credible length; empty otherwise (and for a slice written before it).
   */
  static String credibleLength(Row r) {
    boolean known = r.schema().getFieldIndex(Persistent.CREDIBLE_STOP_LENGTH_RATIO).isDefined()
        && !r.isNullAt(r.fieldIndex(Persistent.CREDIBLE_STOP_LENGTH_RATIO))
        && !r.isNullAt(r.fieldIndex(Persistent.STOP_LENGTH_RATIO));
    if (!known) {
      return "";
    }
    return CampaignTargeting.CREDIBLE_LENGTH
        + String.format(Locale.FRANCE, "%.2f", r.<Double>getAs(Persistent.STOP_LENGTH_RATIO))
        + CampaignTargeting.CREDIBLE_LENGTH_RETAINED
        + String.format(Locale.FRANCE, "%.2f",
            r.<Double>getAs(Persistent.CREDIBLE_STOP_LENGTH_RATIO)) + ".";
  }

  /**
   * The sentence telling a GP that his days as a substitute are not in his persistent ratio,
   * when the campaign leaves them out and he has some; empty otherwise (and for a targeting
   * slice written before those columns).
   */
  static String substituteDaysLeftOut(Row r) {
    boolean known = r.schema().getFieldIndex(Persistent.EXCLUDE_SUBSTITUTE_DAYS).isDefined()
        && !r.isNullAt(r.fieldIndex(Persistent.EXCLUDE_SUBSTITUTE_DAYS))
        && !r.isNullAt(r.fieldIndex(Persistent.DAYS_AS_SUBSTITUTE));
    if (!known || !r.<Boolean>getAs(Persistent.EXCLUDE_SUBSTITUTE_DAYS)
        || r.<Double>getAs(Persistent.DAYS_AS_SUBSTITUTE) <= 0) {
      return "";
    }
    return String.format(Locale.FRANCE, " Les %,.0f",
        r.<Double>getAs(Persistent.DAYS_AS_SUBSTITUTE)) + CampaignTargeting.SUBSTITUTE_DAYS_LEFT_OUT;
  }
}
