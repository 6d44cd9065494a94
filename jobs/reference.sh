#!/usr/bin/env bash
# The 'reference' job; options are passed through (see: jobs/reference.sh --help). Launcher: jobs/common.sh.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
run_job reference "$@"
