-- Why the claim-by-claim replacement rule alone (docs/method.md, "Profile") left innocent
-- replaced titulars on the list (docs/accuracy.md, "The published rule against the
-- generator's truth": the reason for profile.replacement-follows-stops). For every replaced
-- titular, his 2024 days (pro rata) split by what each rule does with them:
--   moved_by_design  claims prescribed while one of his contracts ran (the claim-by-claim rule),
--   left_by_design   prolongations he wrote after a contract, of a stop whose first
--                    prescription under his id fell inside the contract: the substitute's stop,
--                    which the claim-by-claim rule leaves with the titular and the stop rule moves,
-- and the ratio the targeting shows for him, beside the generator's truth. Run it on a
-- warehouse profiled with either rule (the split reads the claims themselves), from the
-- repository root, with the zone linked as bench-out/60000gps-seed1 (or change the paths):
--   jobs/sql.sh --warehouse bench-out/60000gps-seed1/warehouse --rows 200 --file docs/analysis/prolongations_after_replacement.sql
CREATE OR REPLACE TEMPORARY VIEW truth USING csv OPTIONS (path 'bench-out/60000gps-seed1/truth/physicians_truth.csv', header 'true', sep '\u003B', inferSchema 'true');
CREATE OR REPLACE TEMPORARY VIEW claims USING delta OPTIONS (path 'bench-out/60000gps-seed1/warehouse/claims_clean');
CREATE OR REPLACE TEMPORARY VIEW titular_claims AS
SELECT c.* FROM claims c
WHERE c.risk = 'MALADIE' AND c.reversal_of IS NULL AND NOT c.reversed
  AND c.prescriber_id IN (SELECT titular_id FROM replacements);
CREATE OR REPLACE TEMPORARY VIEW stop_starts AS
SELECT prescriber_id, stop_id, min(prescription_date) AS first_prescription
FROM titular_claims GROUP BY prescriber_id, stop_id;
CREATE OR REPLACE TEMPORARY VIEW split AS
SELECT c.prescriber_id AS physician_id,
  c.paid_days * (datediff(least(c.period_end, DATE'2024-12-31'), greatest(c.period_start, DATE'2024-01-01')) + 1)
    / (datediff(c.period_end, c.period_start) + 1) AS days,
  EXISTS (SELECT 1 FROM replacements r WHERE r.titular_id = c.prescriber_id
    AND c.prescription_date BETWEEN r.start_date AND r.end_date) AS by_prescription,
  EXISTS (SELECT 1 FROM replacements r WHERE r.titular_id = c.prescriber_id
    AND s.first_prescription BETWEEN r.start_date AND r.end_date) AS by_stop
FROM titular_claims c JOIN stop_starts s ON c.prescriber_id = s.prescriber_id AND c.stop_id = s.stop_id
WHERE c.period_end >= DATE'2024-01-01' AND c.period_start <= DATE'2024-12-31';
CACHE TABLE per_titular AS
SELECT physician_id,
  sum(CASE WHEN by_prescription THEN days ELSE 0 END) AS moved_by_design,
  sum(CASE WHEN by_stop AND NOT by_prescription THEN days ELSE 0 END) AS left_by_design
FROM split GROUP BY physician_id;
-- The groups: innocent replaced titulars targeted or not, with the ratio the design's rule gives
-- (observed − left_by_design is what the stop rule counts when the warehouse used the design's).
SELECT tr.over_prescriber, t.status = 'TARGETED' AS targeted, count(*) AS gps,
  round(avg(t.ratio), 3) AS mean_ratio, round(avg(p.presence_fraction), 3) AS presence,
  round(sum(s.moved_by_design)) AS moved_by_design, round(sum(s.left_by_design)) AS left_by_design
FROM current_targeting t JOIN truth tr USING (physician_id) JOIN current_profile p USING (physician_id)
  LEFT JOIN per_titular s USING (physician_id)
WHERE tr.replaced GROUP BY 1, 2 ORDER BY 1, 2;
SELECT t.physician_id, t.status, round(t.ratio, 2) AS ratio, round(t.observed_days) AS observed,
  round(t.expected_days) AS expected, round(s.moved_by_design) AS moved_by_design,
  round(s.left_by_design) AS left_by_design, p.replacement_rule,
  round(tr.practice_multiplier, 2) AS true_multiplier
FROM current_targeting t JOIN truth tr USING (physician_id) JOIN current_profile p USING (physician_id)
  LEFT JOIN per_titular s USING (physician_id)
WHERE tr.replaced AND NOT tr.over_prescriber AND t.status = 'TARGETED'
ORDER BY t.ratio DESC
