#!/usr/bin/env bash
# The 'generate' job; options are passed through (see: jobs/generate.sh --help). Launcher: jobs/common.sh.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
run_job generate "$@"
