"""The notebooks' access to the ij-campaign output tables.

The tables are Delta Lake tables; the notebooks read them through the project's own `sql` job
(the same named views as `jobs/sql.sh`: current_targeting, current_expected_ij, ...), which
writes each query's result as a CSV file (the landing files' format: ';', header line)
that pandas loads. One call runs all the queries of a
notebook in one Spark session.

Which outputs are read comes from the environment, like the jobs themselves:
  IJ_WAREHOUSE  the Delta tables' folder (default: the environment configuration's warehouse)
  IJ_ENV        the environment configuration (default: conf/local.conf)
  IJ_CAMPAIGN   the campaign file of the current_* views (default: the bundled 2025-2026)
"""

import os
import subprocess
import tempfile

import pandas as pd

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def query(**queries):
    """Runs named SQL queries; returns {name: DataFrame}. Fails with the job's own message."""
    names = list(queries)
    # The job's CSV files are read into memory here, so their folder goes when this returns.
    with tempfile.TemporaryDirectory(prefix="ijc-sql-") as out:
        sql_file = os.path.join(out, "queries.sql")
        with open(sql_file, "w", encoding="utf-8") as f:
            f.write(";\n".join(queries[n].strip().rstrip(";") for n in names))
        cmd = [os.path.join(ROOT, "jobs", "sql.sh"), "--rows", "0", "--csv", out,
               "--file", sql_file]
        if os.environ.get("IJ_ENV"):
            cmd += ["--env", os.environ["IJ_ENV"]]
        if os.environ.get("IJ_WAREHOUSE"):
            cmd += ["--warehouse", os.environ["IJ_WAREHOUSE"]]
        if os.environ.get("IJ_CAMPAIGN"):
            cmd += ["--campaign", os.environ["IJ_CAMPAIGN"]]
        run = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
        if run.returncode != 0:
            raise RuntimeError("the sql job failed (exit %d):\n%s" % (
                run.returncode, (run.stdout + run.stderr)[-4000:]))
        return {n: pd.read_csv(os.path.join(out, "%d.csv" % (i + 1)), sep=";",
                               dtype={"physician_id": str, "region_code": str, "wave": str,
                                      "category": str})
                for i, n in enumerate(names)}


def table(df, what):
    """Returns the table for display; an empty one is an error, not a blank cell."""
    if df is None or len(df) == 0:
        raise AssertionError("the table '%s' is empty" % what)
    return df


def drawn(ax, what):
    """Checks that a matplotlib chart holds data (points, lines, bars or boxes)."""
    items = len(ax.lines) + len(ax.collections) + len(ax.patches)
    if items == 0:
        raise AssertionError("the chart '%s' is empty" % what)
    return items
