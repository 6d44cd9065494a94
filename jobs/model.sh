#!/usr/bin/env bash
# The 'model' job; options are passed through (see: jobs/model.sh --help). Launcher: jobs/common.sh.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
run_job model "$@"
