"""Airflow 2 DAG running the ij-campaign jobs monthly, in the order of the `pipeline` job.

ingest -> profile -> territory -> model -> target -> export -> evaluate -> dashboard ->
maintenance, one task per job
script (jobs/<job>.sh), so that a retry re-runs the failed step only. Core Airflow only (no
provider package); written for Airflow >= 2.4 (the `schedule` argument). Copy this file into the
DAGs folder of workers that run on the edge node (YARN client mode) or that can reach the
Kubernetes API (conf/k8s.env). docs/operations.md explains the settings.

Worker environment (read when a task runs):
  IJ_HOME        the checkout holding jobs/, conf/ and the built jar (default /opt/ij-campaign)
  IJ_SUBMIT_ENV  the launcher settings sourced by jobs/common.sh (default conf/yarn.env;
                 conf/k8s.env for Kubernetes, with the params' paths then inside the image)
  plus whatever that file reads, e.g. IJ_KERBEROS_PRINCIPAL / IJ_KERBEROS_KEYTAB, which the
  platform or a secrets backend provides to the worker: nothing secret is in this file.

Exit codes and retries. Every job exits 0 (success), 1 (failure: Spark, storage, a bug),
2 (bad command line or configuration), 3 (the landing zone breaks the contract) or 4 (another run
holds the warehouse lock). A BashOperator retries every non-zero code alike, and its
skip_on_exit_code would mark a bad input as skipped, not failed. So each task is a PythonOperator
that runs the job script and maps the code:
  0     -> success;
  2, 3  -> AirflowFailException: the task fails at once, without its retries (re-running cannot
           fix a configuration or an input: fix them, then clear the task);
  other -> AirflowException: the task is retried (1: a transient failure may pass; 4: the lock is
           released when the other run ends; 137 and the like: the process was killed).
Retrying is safe because every job is idempotent: a re-run replaces its slice in one Delta
commit (ingest its tables whole, profile/territory their periods, model its period, target and
evaluate their campaign), never appends to it, and a killed run leaves no partial commit.
"""

from __future__ import annotations

import logging
import os
import shlex
import subprocess
from datetime import timedelta

import pendulum
from airflow import DAG
from airflow.exceptions import AirflowException, AirflowFailException
from airflow.models.param import Param
from airflow.operators.python import PythonOperator

log = logging.getLogger(__name__)

# org.ijcampaign.cli.ExitCodes: the codes that a retry cannot fix.
NOT_RETRIED = {
    2: "bad command line or configuration: fix the call or the environment file",
    3: "the landing zone breaks the contract (missing file or column): fix the input",
}


def _campaign(kw: dict) -> list[str]:
    return ["--campaign", kw["campaign"]] if kw["campaign"] else []


def _periods(kw: dict) -> list[str]:
    args: list[str] = []
    for period in kw["periods"].replace(",", " ").split():
        args += ["--period", period]
    return args


# Each job's arguments, as the pipeline job calls them (PipelineCommand): profile and territory
# over their default periods unless `periods` is given, the model of the campaign's observation
# period (what target reads), the evaluation of the campaign file's evaluated campaign.
ARGUMENTS = {
    "ingest": lambda kw: ["--landing", kw["landing"]],
    "profile": lambda kw: _campaign(kw) + _periods(kw),
    "territory": lambda kw: _campaign(kw) + _periods(kw),
    "model": _campaign,
    "target": _campaign,
    "export": _campaign,
    "evaluate": lambda kw: ["--campaign-file", kw["campaign"]] if kw["campaign"] else [],
    "dashboard": _campaign,
    "maintenance": lambda kw: [],
}


def run_job(job: str, landing: str, campaign: str, periods: str) -> None:
    """Runs jobs/<job>.sh and turns its exit code into success, a final failure or a retry."""
    home = os.environ.get("IJ_HOME", "/opt/ij-campaign")
    submit_env = os.environ.get("IJ_SUBMIT_ENV", "conf/yarn.env")
    kw = {"landing": landing.strip(), "campaign": campaign.strip(), "periods": periods}
    cmd = [os.path.join(home, "jobs", job + ".sh")] + ARGUMENTS[job](kw)
    env = dict(os.environ, IJ_SUBMIT_ENV=submit_env)
    log.info("running: IJ_SUBMIT_ENV=%s %s", submit_env, shlex.join(cmd))
    # The job's output goes to the task log line by line.
    proc = subprocess.Popen(cmd, cwd=home, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True, bufsize=1)
    try:
        assert proc.stdout is not None
        for line in proc.stdout:
            log.info("%s", line.rstrip("\n"))
        code = proc.wait()
    except BaseException:
        # execution_timeout (AirflowTaskTimeout) or the task being stopped: stop the job too
        # (SIGTERM; its JVM runs its shutdown hooks), then let Airflow see the error.
        proc.terminate()
        try:
            proc.wait(timeout=120)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        raise
    if code == 0:
        return
    if code in NOT_RETRIED:
        raise AirflowFailException(f"{job} exited with code {code}, not retried: {NOT_RETRIED[code]}")
    raise AirflowException(f"{job} exited with code {code}; retried while retries remain")


default_args = {
    "owner": "ij-campaign",
    # Retried: exit 1 (transient failure), 4 (warehouse busy) and kills; never 2 or 3 (above).
    "retries": 3,
    "retry_delay": timedelta(minutes=20),
    # A generous bound so that a hung job does not hold the warehouse lock for ever; not a
    # measured duration (README, "Benchmarks": not measured yet). A killed job's lock is taken
    # over by the next run on the same host only (docs/operations.md, "The warehouse lock").
    "execution_timeout": timedelta(hours=8),
}

with DAG(
    dag_id="ij_campaign_monthly",
    description="ij-campaign: ingest, profile, territory, model, target, export, evaluate, "
                "dashboard, maintenance",
    # At 02:00 on the 1st of each month, like jobs/schedule/crontab.example.
    schedule="0 2 1 * *",
    start_date=pendulum.datetime(2025, 1, 1, tz="Europe/Paris"),
    catchup=False,
    # One run at a time: the jobs share one warehouse and its lock; on S3 that lock is not atomic,
    # so this setting is what keeps two runs apart there.
    max_active_runs=1,
    default_args=default_args,
    params={
        "landing": Param("", type="string",
                         description="Landing zone; empty: landing_root/YYYY-MM of the month the "
                                     "run is scheduled at (data_interval_end)"),
        "landing_root": Param("hdfs:///data/ij-campaign/landing", type="string",
                              description="Folder of the monthly landing zones "
                                          "(s3a://... with conf/k8s.env)"),
        "campaign": Param("conf/campaigns/2025-2026.conf", type="string",
                          description="Campaign file, relative to IJ_HOME (with conf/k8s.env a "
                                      "path inside the image); empty: the campaign bundled in "
                                      "the jar"),
        "periods": Param("", type="string",
                         description="Profile and territory only these periods (e.g. '2024S1 "
                                     "2024S2'); empty: the campaign's observation period, its "
                                     "evaluation baseline and follow-up and every semester of "
                                     "the claims, as the pipeline does. A list must keep the "
                                     "periods model and evaluate read, unless profiled before."),
    },
    tags=["ij-campaign"],
) as dag:
    # Templated (op_kwargs is a templated field): rendered when each task runs.
    job_kwargs = {
        "landing": "{{ params.landing or (params.landing_root ~ '/' "
                   "~ data_interval_end.strftime('%Y-%m')) }}",
        "campaign": "{{ params.campaign }}",
        "periods": "{{ params.periods }}",
    }
    tasks = [
        PythonOperator(
            task_id=job,
            python_callable=run_job,
            op_kwargs={"job": job, **job_kwargs},
        )
        for job in ("ingest", "profile", "territory", "model", "target", "export", "evaluate",
                    "dashboard", "maintenance")
    ]
    # A chain, not a graph with parallel branches. Evaluate needs only ingest (campaign_history),
    # profile (baseline and follow-up) and territory (when it fits the baseline model itself),
    # but every job takes the warehouse lock, so a task beside another would only exit 4 and
    # spend its retries: the order is the pipeline job's, then maintenance.
    for upstream, downstream in zip(tasks, tasks[1:]):
        upstream >> downstream
