#!/usr/bin/env bash
# The 'ingest' job; options are passed through (see: jobs/ingest.sh --help). Launcher: jobs/common.sh.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
run_job ingest "$@"
