# Sourced by the benchmark scripts that start a throw-away PostgreSQL cluster: installs the Debian
# package 'postgresql' (apt-get, as root or through sudo) when no server binaries are found.
# PG_BIN names a bin directory to use instead.
have_pg() {
  [[ -n "${PG_BIN:-}" && -x "${PG_BIN}/initdb" ]] && return 0
  compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null && return 0
  command -v initdb >/dev/null 2>&1
}

ensure_pg() {
  have_pg && return 0
  echo "no PostgreSQL server binaries found: installing the Debian package 'postgresql'" >&2
  local sudo=""
  [[ "$(id -u)" != 0 ]] && sudo="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get install -y postgresql || { $sudo apt-get update && $sudo apt-get install -y postgresql; }
}
