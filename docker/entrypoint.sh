#!/bin/sh
# The container's entry point; CI runs this same script outside a container (src/yhteiso/core/tests/test_deploy.py).
#   serve   (default) apply migrations (one instance at a time) and run the production server on 0.0.0.0:8000
#   worker  run the background worker (needs the `yhteiso worker` command)
#   migrate apply migrations and exit
#   backup PATH / restore PATH [--force] / any other yhteiso command
set -eu
YHTEISO_BIN=${YHTEISO_BIN:-yhteiso}
command=${1:-serve}
[ $# -gt 0 ] && shift
case "$command" in
  serve)
    exec $YHTEISO_BIN serve --host "${YHTEISO_HOST:-0.0.0.0}" --port "${YHTEISO_PORT:-8000}" "$@" ;;
  worker)
    exec $YHTEISO_BIN worker "$@" ;;
  migrate)
    $YHTEISO_BIN manage migrate --noinput
    exec $YHTEISO_BIN manage createcachetable ;;
  *)
    exec $YHTEISO_BIN "$command" "$@" ;;
esac
