#!/usr/bin/env bash
# The 'target' job; options are passed through (see: jobs/target.sh --help). Launcher: jobs/common.sh.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
run_job target "$@"
