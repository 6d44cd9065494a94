-- Why the evaluation matches on the shrunken ratio (README, "Evaluation"): per bin of baseline
-- log ratio (2022S2), the change of log rate to 2024S2 of untreated GPs against the treated
-- GPs' change without the planted campaign effect. Run from the repository root on the
-- warehouse `accuracy` left (paths relative to it):
--   jobs/sql.sh --warehouse bench-out/6000gps-seed1/warehouse-rule-on --rows 100 --file docs/analysis/regression_to_the_mean.sql
CREATE OR REPLACE TEMPORARY VIEW truth USING csv OPTIONS (path 'bench-out/6000gps-seed1/truth/physicians_truth.csv', header 'true', sep '\u003B');
CREATE OR REPLACE TEMPORARY VIEW panel AS
SELECT b.physician_id, e.ratio AS br, e.expected_days AS bexp,
  coalesce(t.campaign_2023_event, 'NONE') IN ('MSO', 'MSAP') AS treated,
  cast(t.treatment_log_effect AS double) AS eff, t.over_prescriber = 'true' AS op,
  ln((f.ij_days + 0.5) / f.exposure) - ln((b.ij_days + 0.5) / b.exposure) AS dlog
FROM gp_period_profile b
JOIN gp_period_profile f ON b.physician_id = f.physician_id AND b.period = '2022S2' AND f.period = '2024S2' AND b.profiled AND f.profiled
JOIN expected_ij e ON e.physician_id = b.physician_id AND e.period = '2022S2'
JOIN truth t ON t.physician_id = b.physician_id;
SELECT floor(ln(br) / 0.25) * 0.25 AS log_ratio_bin, treated, count(*) AS gps,
  round(avg(dlog - eff), 3) AS change_without_campaign, round(avg(cast(op AS int)), 2) AS planted_share,
  round(avg(ln(bexp)), 2) AS mean_log_expected_days
FROM panel WHERE br > 1 GROUP BY 1, 2 ORDER BY 1, 2
