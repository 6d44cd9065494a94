#!/usr/bin/env bash
# The test command (README; .ci/run calls it): installs, when missing, the Debian tools the
# integration test drives — headless Chromium for the dashboard, Jupyter's nbconvert with
# pandas and matplotlib for the notebooks — then runs `mvn -B verify` (unit tests, the jar, the
# integration test). Extra arguments go to Maven.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

packages=()
command -v chromium >/dev/null 2>&1 || packages+=(chromium)
command -v jupyter-nbconvert >/dev/null 2>&1 || packages+=(jupyter-nbconvert python3-ipykernel)
/usr/bin/python3 -c "import pandas, matplotlib" >/dev/null 2>&1 \
  || packages+=(python3-pandas python3-matplotlib)
if ((${#packages[@]})); then
  sudo=()
  if [ "$(id -u)" != 0 ]; then
    command -v sudo >/dev/null 2>&1 || {
      echo "jobs/test.sh: missing Debian packages: ${packages[*]} (install them, or run as root)" >&2
      exit 2
    }
    sudo=(sudo)
  fi
  echo "jobs/test.sh: installing Debian packages: ${packages[*]}"
  export DEBIAN_FRONTEND=noninteractive
  "${sudo[@]}" apt-get install -y -q --no-install-recommends "${packages[@]}" \
    || { "${sudo[@]}" apt-get update -q && \
         "${sudo[@]}" apt-get install -y -q --no-install-recommends "${packages[@]}"; }
fi

exec mvn -B verify "$@"
