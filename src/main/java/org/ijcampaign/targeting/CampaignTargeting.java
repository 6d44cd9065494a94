package org.ijcampaign.targeting;

import static org.apache.spark.sql.functions.array_join;
import static org.apache.spark.sql.functions.array_remove;
import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.date_format;
import static org.apache.spark.sql.functions.exists;
import static org.apache.spark.sql.functions.format_number;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.max_by;
import static org.apache.spark.sql.functions.round;
import static org.apache.spark.sql.functions.when;

import java.sql.Date;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.ijcampaign.config.CampaignConfig;
import org.ijcampaign.schema.CampaignHistory;
import org.ijcampaign.schema.Expected;
import org.ijcampaign.schema.Persistent;
import org.ijcampaign.schema.Profile;
import org.ijcampaign.schema.Targeting;
import org.ijcampaign.schema.Territory;

/**
 * The campaign's rules (docs/method.md, "Targeting"), all from the campaign file: the raw
 * over-prescription rule (ratio and regional top decile), the statistical safeguard, the
 * exclusions, the eligibility from past campaign events and the wave, then the objective. Every
 * profiled GP gets one row and one status, by the precedence below threshold, fails the
 * safeguard, excluded, not eligible, targeted, so nobody is silently dropped.
 */
public final class CampaignTargeting {
  private CampaignTargeting() {}

  /**
   * @param expected {@code expected_ij} rows of the campaign's observation period
   * @param profile {@code gp_period_profile} rows of the same period
   * @param history the ingested {@code campaign_history}
   */
  public static Dataset<Row> target(Dataset<Row> expected, Dataset<Row> profile,
      Dataset<Row> history, CampaignConfig c) {
    Dataset<Row> gp = SelectionRules.attach(expected, null, c).join(profile.select(col(Profile.PHYSICIAN_ID),
            col(Profile.EXERCISE_MODE), col(Profile.INSTALLATION_DATE), col(Profile.SEX),
            col(Profile.BIRTH_YEAR), col(Profile.PRACTICE_IRIS)),
        Profile.PHYSICIAN_ID);
    Dataset<Row> withHistory = gp.join(eligibility(history, c), Profile.PHYSICIAN_ID, "left");

    Column raw = SelectionRules.raw(c);
    Column safeguard = SelectionRules.safeguard(c);
    Column smallList = col(Profile.ACTIVE_PATIENTS).lt(c.minActivePatients());
    Date installedAfter = Date.valueOf(c.observation().start().minusYears(c.minYearsInstalled()));
    // A GP with no installation date (a substitute not installed) is never recent: coalesce,
    // not the null of the comparison, so that the rule reads the same in every context.
    Column recent = coalesce(col(Profile.INSTALLATION_DATE).gt(lit(installedAfter)),
        lit(false));
    Column eligible = coalesce(col(Targeting.ELIGIBLE), lit(false));
    Column wave = col(Targeting.WAVE);

    Column status = when(raw.isNull().or(raw.equalTo(false)), Targeting.BELOW_THRESHOLD)
        .when(lit(c.safeguard().enabled()).and(coalesce(safeguard, lit(false)).equalTo(false)),
            Targeting.FAILS_SAFEGUARD)
        .when(smallList, Targeting.EXCLUDED_SMALL_LIST)
        .when(recent, Targeting.EXCLUDED_RECENT_INSTALLATION)
        .when(eligible.equalTo(false).or(wave.isNull()), Targeting.NOT_ELIGIBLE)
        .otherwise(Targeting.TARGETED);

    Column objective = null;
    for (CampaignConfig.ObjectiveBand b : c.objectives()) {
      Column in = SelectionRules.chosenRatio(c).geq(b.from())
          .and(SelectionRules.chosenRatio(c).lt(b.to()));
      objective = objective == null ? when(in, b.reduction()) : objective.when(in, b.reduction());
    }

    Dataset<Row> out = withHistory
        .withColumn(Targeting.CAMPAIGN, lit(c.name()))
        .withColumn(Targeting.PASSES_RAW_RULE, coalesce(raw, lit(false)))
        .withColumn(Targeting.PASSES_SAFEGUARD, coalesce(safeguard, lit(false)))
        .withColumn(Targeting.SAFEGUARD_ENABLED, lit(c.safeguard().enabled()))
        .withColumn(Targeting.SAFEGUARD_MODE, lit(c.safeguard().mode().name()))
        .withColumn(Targeting.EXCLUSIONS, array_join(array_remove(array(
            when(smallList, lit(Targeting.SMALL_LIST)).otherwise(lit("")),
            when(recent, lit(Targeting.RECENT_INSTALLATION)).otherwise(lit(""))), ""), ","))
        .withColumn(Targeting.ELIGIBLE, eligible)
        .withColumn(Targeting.STATUS, status)
        .withColumn(Targeting.OBJECTIVE_REDUCTION, when(col(Targeting.PASSES_RAW_RULE), objective))
        .withColumn(Targeting.TARGET_RATE, col(Expected.OBSERVED_RATE)
            .multiply(lit(1).plus(col(Targeting.OBJECTIVE_REDUCTION))));
    return out.withColumn(Targeting.EXPLANATION, explanation(c)).select(columns());
  }

  /**
   * Per GP with events: eligible (an exchange in the look-back window before the campaign, or
   * an earlier procedure), the qualifying event, and the first wave whose rule he meets.
   */
  static Dataset<Row> eligibility(Dataset<Row> history, CampaignConfig c) {
    Date start = Date.valueOf(c.start());
    Date lookback = Date.valueOf(c.start().minusMonths(c.exchangeLookbackMonths()));
    Column date = col(CampaignHistory.EVENT_DATE);
    Column type = col(CampaignHistory.EVENT_TYPE);
    Column isExchange = type.equalTo(CampaignHistory.EXCHANGE).and(date.geq(lit(lookback)))
        .and(date.lt(lit(start)));
    Column isPrior = type.isin(c.priorProcedures().toArray()).and(date.lt(lit(start)));
    Dataset<Row> perGp = history.where(isExchange.or(isPrior))
        .groupBy(CampaignHistory.PHYSICIAN_ID)
        .agg(collect_list(when(isExchange, date)).as("_exchanges"),
            max(when(isExchange, date)).as("_last_exchange"),
            max_by(concat(type, lit(" "), col(CampaignHistory.CAMPAIGN), lit(" ("),
                date_format(date, "yyyy-MM-dd"), lit(")")), when(isPrior, date))
                .as("_prior"));
    Column hasPrior = col("_prior").isNotNull();
    Column waveName = null;
    for (CampaignConfig.Wave w : c.waves()) {
      Date from = Date.valueOf(w.exchangeFrom());
      Date to = Date.valueOf(w.exchangeTo());
      Column matches = exists(col("_exchanges"),
          d -> d.geq(lit(from)).and(d.leq(lit(to))));
      if (w.priorProcedure()) {
        matches = matches.or(hasPrior);
      }
      waveName = waveName == null ? when(matches, w.name()) : waveName.when(matches, w.name());
    }
    return perGp.select(col(CampaignHistory.PHYSICIAN_ID).as(Profile.PHYSICIAN_ID),
        lit(true).as(Targeting.ELIGIBLE),
        coalesce(col("_prior"), concat(lit("EXCHANGE "),
            date_format(col("_last_exchange"), "yyyy-MM-dd"))).as(Targeting.QUALIFYING_EVENT),
        waveName.as(Targeting.WAVE));
  }

  /**
   * The figures of the letter in plain French, the language of the GPs who receive it: his
   * rate, the comparison group (size, mean, standard deviation), the rate expected for his
   * patientèle, the ratio and what the campaign asks.
   */
  static Column explanation(CampaignConfig c) {
    return concat(
        lit("Période " + c.observation().start() + " au " + c.observation().end() + " : "),
        format_number(col(Expected.OBSERVED_RATE), 1),
        lit(" jours d'IJ par patient actif et par an ("),
        col(Profile.ACTIVE_PATIENTS).cast("string"), lit(" patients actifs, "),
        format_number(col(Expected.OBSERVED_DAYS), 0), lit(" jours). Groupe de comparaison "),
        col(Territory.TERRITORY), lit(" : "), col(Territory.TERRITORY_SIZE).cast("string"),
        lit(" médecins, moyenne "), format_number(col(Territory.TERRITORY_MEAN_RATE), 1),
        lit(", écart-type "), coalesce(format_number(col(Territory.TERRITORY_SD_RATE), 1),
            lit("n.d.")),
        lit(". Attendu pour votre patientèle : "), format_number(col(Expected.EXPECTED_RATE), 1),
        lit(" ; ratio "), format_number(col(Expected.RATIO), 2),
        lit(" (estimation prudente "), format_number(col(Expected.SHRUNK_RATIO), 2),
        lit(", z = "), signedFigure(col(Expected.Z), 1), lit(", rang régional "),
        format_number(col(Expected.REGION_PERCENT_RANK).multiply(100), 0), lit(" %)."),
        persistentExplanation(c),
        when(col(Targeting.STATUS).equalTo(Targeting.TARGETED), concat(
            lit(" Objectif : "), format_number(col(Targeting.OBJECTIVE_REDUCTION).multiply(-100),
                0), lit(" %, soit "), format_number(col(Targeting.TARGET_RATE), 1),
            lit(" jours par patient et par an (vague "), col(Targeting.WAVE), lit(")."))
        ).otherwise(concat(lit(" Statut : "), col(Targeting.STATUS), lit("."))));
  }

  /**
   * A figure that can be negative, with {@code decimals} decimals; one that rounds to zero reads
   * "0.0", never "-0.0" (a z of -2e-15, floating-point noise around a ratio of exactly 1).
   */
  static Column signedFigure(Column x, int decimals) {
    return format_number(when(round(x, decimals).equalTo(0), lit(0.0)).otherwise(x), decimals);
  }

  /**
   * The campaign's rules with each GP's persistent figures beside his period's: the rule the
   * campaign selects with ({@code selection-rule}) decides; {@code persistent} is the campaign's
   * slice of {@code persistent_ratio}, null when it has none (then only the published rule can
   * pass).
   */
  public static Dataset<Row> target(Dataset<Row> expected, Dataset<Row> profile,
      Dataset<Row> history, Dataset<Row> persistent, CampaignConfig c) {
    return target(SelectionRules.attach(expected, persistent, c), profile, history, c);
  }

  /**
   * What follows the number of a GP's days as a substitute, in the explanation and the letter
   * alike, when the persistent estimate leaves them out.
   */
  public static final String SUBSTITUTE_DAYS_LEFT_OUT = " jours que vous avez prescrits en "
      + "remplaçant un confrère, à ses patients, n'y sont pas comptés : il compare vos jours à "
      + "ceux attendus pour votre propre patientèle.";

  /**
   * Under a credible stop length (persistent.stop-length = CREDIBLE), the sentence that tells
   * the GP his persistent ratio counts his stops and takes their length as far as their number
   * establishes it; the two ratios follow it.
   */
  public static final String CREDIBLE_LENGTH = " Il repose sur le nombre de vos arrêts ; leur "
      + "durée n'y entre que pour ce que ce nombre permet d'établir, quelques arrêts longs "
      + "pouvant relever du hasard : vos arrêts ont duré en moyenne ";
  public static final String CREDIBLE_LENGTH_RETAINED = " fois ceux de vos confrères, "
      + "l'estimation en retient ";

  /**
   * The persistent figures in plain French when the GP has them: the semesters behind his
   * persistent ratio, its 95 % interval and the probability that it reaches the threshold.
   */
  static Column persistentExplanation(CampaignConfig c) {
    String rule = c.persistent().rule() == CampaignConfig.SelectionRule.PERSISTENT
        ? " C'est ce ratio persistant, et non celui d'une seule période, qui a servi à la "
            + "sélection."
        : "";
    return when(col(Persistent.PERSISTENT_RATIO).isNotNull(), concat(
        lit(" Sur "), col(Persistent.SEMESTERS).cast("string"),
        lit(" semestres ("), col(Persistent.PERIODS),
        lit("), une fois retirés les aléas d'un semestre et le poids de quelques arrêts longs, "
            + "votre ratio persistant est estimé à "),
        format_number(col(Persistent.PERSISTENT_RATIO), 2),
        lit(" (intervalle à 95 % selon le modèle : "),
        format_number(col(Persistent.PERSISTENT_RATIO_LOW95), 2), lit(" à "),
        format_number(col(Persistent.PERSISTENT_RATIO_HIGH95), 2),
        lit(") ; probabilité, selon le modèle, qu'il atteigne " + c.ratioThreshold() + " : "),
        format_number(col(Persistent.PROBABILITY_AT_THRESHOLD).multiply(100), 0),
        lit(" %."),
        when(coalesce(col(Persistent.EXCLUDE_SUBSTITUTE_DAYS), lit(false))
                .and(col(Persistent.DAYS_AS_SUBSTITUTE).gt(0)),
            concat(lit(" Les "), format_number(col(Persistent.DAYS_AS_SUBSTITUTE), 0),
                lit(SUBSTITUTE_DAYS_LEFT_OUT)))
            .otherwise(lit("")),
        when(col(Persistent.CREDIBLE_STOP_LENGTH_RATIO).isNotNull()
                .and(col(Persistent.STOP_LENGTH_RATIO).isNotNull()),
            concat(lit(CREDIBLE_LENGTH), format_number(col(Persistent.STOP_LENGTH_RATIO), 2),
                lit(CREDIBLE_LENGTH_RETAINED),
                format_number(col(Persistent.CREDIBLE_STOP_LENGTH_RATIO), 2), lit(".")))
            .otherwise(lit("")),
        lit(rule))).otherwise(lit(""));
  }

  static Column[] columns() {
    List<String> names = new ArrayList<>(List.of(Targeting.CAMPAIGN, Expected.PERIOD,
        Expected.MODEL_VERSION, Profile.PHYSICIAN_ID, Profile.REGION_CODE, Profile.PRACTICE_IRIS,
        Profile.EXERCISE_MODE, Profile.INSTALLATION_DATE, Profile.SEX, Profile.BIRTH_YEAR,
        Territory.TERRITORY, Territory.TERRITORY_LEVEL, Territory.TERRITORY_SIZE,
        Territory.TERRITORY_MEAN_RATE, Territory.TERRITORY_SD_RATE, Profile.ACTIVE_PATIENTS,
        Expected.OBSERVED_DAYS, Expected.EXPECTED_DAYS, Expected.OBSERVED_RATE,
        Expected.EXPECTED_RATE, Expected.RATIO, Expected.Z, Expected.FUNNEL_998_HIGH,
        Expected.SHRUNK_RATIO, Expected.REGION_PERCENT_RANK, Expected.REGION_GPS,
        Targeting.PASSES_RAW_RULE, Targeting.PASSES_SAFEGUARD, Targeting.SAFEGUARD_ENABLED,
        Targeting.SAFEGUARD_MODE, Targeting.EXCLUSIONS, Targeting.ELIGIBLE,
        Targeting.QUALIFYING_EVENT, Targeting.WAVE, Targeting.STATUS,
        Targeting.OBJECTIVE_REDUCTION, Targeting.TARGET_RATE, Targeting.SELECTION_RULE,
        Targeting.PASSES_PUBLISHED_RULE, Targeting.PASSES_PERSISTENT_RULE));
    names.addAll(SelectionRules.PERSISTENT_COLUMNS);
    for (String s : org.ijcampaign.schema.Profile.SHARES) {
      names.add(s);
      names.add(Expected.TERRITORY_PREFIX + s);
    }
    names.add(Targeting.EXPLANATION);
    return names.stream().map(org.apache.spark.sql.functions::col).toArray(Column[]::new);
  }
}
