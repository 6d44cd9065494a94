#!/usr/bin/env bash
# The 'profile' job; options are passed through (see: jobs/profile.sh --help). Launcher: jobs/common.sh.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
run_job profile "$@"
