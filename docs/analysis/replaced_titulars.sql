-- Who the targeted GPs outside the planted over-prescribers are (README, "Benchmarks and
-- accuracy"): their ratio, the days the replacement rule moved to substitutes, and their true
-- practice multiplier from the planted truth. `accuracy` scores the targeting in memory, so
-- write the targeting table first, from the repository root:
--   jobs/target.sh --warehouse bench-out/6000gps-seed1/warehouse-rule-on
--   jobs/sql.sh --warehouse bench-out/6000gps-seed1/warehouse-rule-on --rows 200 --file docs/analysis/replaced_titulars.sql
CREATE OR REPLACE TEMPORARY VIEW truth USING csv OPTIONS (path 'bench-out/6000gps-seed1/truth/physicians_truth.csv', header 'true', sep '\u003B');
SELECT t.physician_id, round(t.ratio, 2) AS ratio, round(t.shrunk_ratio, 2) AS shrunk_ratio,
  t.active_patients, round(p.days_moved_to_substitutes) AS days_moved, round(p.presence_fraction, 3) AS presence,
  tr.replaced, tr.practice_multiplier, tr.true_multiplier
FROM current_targeting t JOIN truth tr USING (physician_id) JOIN current_profile p USING (physician_id)
WHERE t.status = 'TARGETED' AND tr.over_prescriber = 'false'
ORDER BY tr.replaced DESC, t.ratio DESC
