#!/usr/bin/env bash
# The 'pipeline' job; options are passed through (see: jobs/pipeline.sh --help). Launcher: jobs/common.sh.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
run_job pipeline "$@"
