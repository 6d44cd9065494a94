-- Which eligible planted over-prescribers the targeting misses, by how much they truly
-- prescribed in the observation year (README, "Benchmarks and accuracy"): the generator's latent
-- intensity of 2024S1 and 2024S2 (practice multiplier × planted factor × semester shock × the
-- 2023 campaign's effect) over the mean of all GPs, in bins of 0.25. `accuracy` scores in memory,
-- so write the targeting table first. From the repository root, with the zone linked as
-- bench-out/60000gps-seed1 (or change the paths):
--   jobs/target.sh --warehouse bench-out/60000gps-seed1/warehouse
--   jobs/sql.sh --warehouse bench-out/60000gps-seed1/warehouse --rows 100 --file docs/analysis/recall_by_true_intensity.sql
CREATE OR REPLACE TEMPORARY VIEW truth USING csv OPTIONS (path 'bench-out/60000gps-seed1/truth/physicians_truth.csv', header 'true', sep '\u003B', inferSchema 'true');
CREATE OR REPLACE TEMPORARY VIEW intensity USING csv OPTIONS (path 'bench-out/60000gps-seed1/truth/gp_semester_intensity.csv', header 'true', sep '\u003B', inferSchema 'true');
CACHE TABLE latent AS SELECT physician_id, avg(latent_intensity) AS latent FROM intensity
  WHERE semester IN ('2024S1', '2024S2') GROUP BY physician_id;
CACHE TABLE relative AS SELECT physician_id, latent / (SELECT avg(latent) FROM latent) AS true_relative FROM latent;
SELECT floor(r.true_relative * 4) / 4 AS true_relative_from, count(*) AS eligible_planted,
  sum(CASE WHEN t.status = 'TARGETED' THEN 1 ELSE 0 END) AS targeted,
  round(100 * avg(CASE WHEN t.status = 'TARGETED' THEN 1 ELSE 0 END)) AS pct_found,
  round(avg(t.ratio), 2) AS mean_observed_ratio,
  sum(CASE WHEN tr.treatment_multiplier < 1 THEN 1 ELSE 0 END) AS treated_in_2023
FROM current_targeting t JOIN truth tr USING (physician_id) JOIN relative r USING (physician_id)
WHERE tr.over_prescriber AND tr.eligible_2025_2026 AND tr.wave_2025_2026 IS NOT NULL
GROUP BY 1 ORDER BY 1
