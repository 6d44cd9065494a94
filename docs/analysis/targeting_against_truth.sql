-- The targeting the pipeline wrote (replacement rule on, safeguard on, exclusions on) scored
-- against the planted truth, the same measures as `accuracy`'s first column, for a warehouse
-- `accuracy` did not produce, such as a national benchmark's (README, "Benchmarks and
-- accuracy"). From the repository root, with the zone linked as bench-out/60000gps-seed1
-- (or change the truth's path below):
--   jobs/sql.sh --warehouse bench-out/60000gps-seed1/warehouse --file docs/analysis/targeting_against_truth.sql
CREATE OR REPLACE TEMPORARY VIEW truth USING csv OPTIONS (path 'bench-out/60000gps-seed1/truth/physicians_truth.csv', header 'true', sep '\u003B');
SELECT count(*) AS profiled,
  sum(CASE WHEN tr.over_prescriber = 'true' THEN 1 ELSE 0 END) AS planted,
  sum(CASE WHEN tr.over_prescriber = 'true' AND tr.eligible_2025_2026 = 'true' AND tr.wave_2025_2026 IS NOT NULL THEN 1 ELSE 0 END) AS planted_eligible,
  sum(CASE WHEN tr.over_prescriber = 'true' AND tr.eligible_2025_2026 = 'true' AND tr.wave_2025_2026 IS NOT NULL AND t.status = 'TARGETED' THEN 1 ELSE 0 END) AS found,
  sum(CASE WHEN t.status = 'TARGETED' THEN 1 ELSE 0 END) AS targeted,
  sum(CASE WHEN t.status = 'TARGETED' AND tr.over_prescriber = 'true' THEN 1 ELSE 0 END) AS targeted_planted,
  sum(CASE WHEN t.status = 'FAILS_SAFEGUARD' AND tr.over_prescriber = 'true' AND tr.eligible_2025_2026 = 'true' AND tr.wave_2025_2026 IS NOT NULL THEN 1 ELSE 0 END) AS planted_eligible_failing_safeguard,
  sum(CASE WHEN tr.replaced = 'true' AND tr.over_prescriber = 'false' AND t.status = 'TARGETED' THEN 1 ELSE 0 END) AS innocent_replaced_targeted,
  sum(CASE WHEN tr.is_new = 'true' AND tr.over_prescriber = 'false' AND t.status = 'TARGETED' THEN 1 ELSE 0 END) AS innocent_new_targeted,
  sum(CASE WHEN t.active_patients < 100 AND t.status = 'TARGETED' THEN 1 ELSE 0 END) AS small_list_targeted
FROM current_targeting t JOIN truth tr USING (physician_id)
