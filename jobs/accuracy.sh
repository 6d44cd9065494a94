#!/usr/bin/env bash
# The 'accuracy' job; options are passed through (see: jobs/accuracy.sh --help). Launcher: jobs/common.sh.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
run_job accuracy "$@"
