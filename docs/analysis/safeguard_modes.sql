-- The campaign's two safeguard modes side by side on one targeting table (README, "Benchmarks and
-- accuracy"): FUNNEL (z >= funnel-z, the shipped default, what the table holds) and SHRUNK (the
-- empirical-Bayes shrunken ratio >= shrunk-ratio, 2.0 in conf/campaigns/2025-2026.conf), each
-- scored against the truth: targeted, eligible planted found, eligible GPs truly prescribing
-- >= 2x the GPs' mean found, targeted GPs truly under 1.5x. SHRUNK is recomputed from the
-- table's own columns (raw rule, exclusions, eligibility and wave are the same in both modes).
-- Write the targeting table first, then from the repository root, with the zone linked as
-- bench-out/60000gps-seed1 (or change the paths):
--   jobs/target.sh --warehouse bench-out/60000gps-seed1/warehouse
--   jobs/sql.sh --warehouse bench-out/60000gps-seed1/warehouse --file docs/analysis/safeguard_modes.sql
CREATE OR REPLACE TEMPORARY VIEW truth USING csv OPTIONS (path 'bench-out/60000gps-seed1/truth/physicians_truth.csv', header 'true', sep '\u003B', inferSchema 'true');
CREATE OR REPLACE TEMPORARY VIEW intensity USING csv OPTIONS (path 'bench-out/60000gps-seed1/truth/gp_semester_intensity.csv', header 'true', sep '\u003B', inferSchema 'true');
CACHE TABLE latent AS SELECT physician_id, avg(latent_intensity) AS latent FROM intensity WHERE semester IN ('2024S1','2024S2') GROUP BY 1;
CACHE TABLE relative AS SELECT physician_id, latent / (SELECT avg(latent) FROM latent) AS rel FROM latent;
CACHE TABLE modes AS SELECT t.physician_id, t.status = 'TARGETED' AS funnel,
  (t.passes_raw_rule AND t.shrunk_ratio >= 2.0 AND coalesce(t.exclusions, '') = '' AND t.eligible AND t.wave IS NOT NULL) AS shrunk,
  tr.over_prescriber, tr.eligible_2025_2026 AND tr.wave_2025_2026 IS NOT NULL AS elig, r.rel
FROM current_targeting t JOIN truth tr USING (physician_id) JOIN relative r USING (physician_id);
SELECT sum(CASE WHEN funnel THEN 1 ELSE 0 END) funnel_targeted, sum(CASE WHEN shrunk THEN 1 ELSE 0 END) shrunk_targeted,
  sum(CASE WHEN funnel AND over_prescriber AND elig THEN 1 ELSE 0 END) funnel_found, sum(CASE WHEN shrunk AND over_prescriber AND elig THEN 1 ELSE 0 END) shrunk_found,
  sum(CASE WHEN funnel AND elig AND rel >= 2 THEN 1 ELSE 0 END) funnel_true2, sum(CASE WHEN shrunk AND elig AND rel >= 2 THEN 1 ELSE 0 END) shrunk_true2,
  sum(CASE WHEN funnel AND rel < 1.5 THEN 1 ELSE 0 END) funnel_lt15, sum(CASE WHEN shrunk AND rel < 1.5 THEN 1 ELSE 0 END) shrunk_lt15
FROM modes
