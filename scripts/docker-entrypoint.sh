#!/bin/sh
# Entrypoint of the Daily Gradient image. The image carries no redis-server, so the bot cannot start a
# private Redis the way `npm start` does on a workstation: without REDIS_URL (or REDIS_CLUSTER_NODES, or
# REDIS_SENTINELS) it stops with one clear line instead of a failed mkdir or a missing program. Every other
# command (the CLIs, a shell) runs unchanged.
set -e
if [ -z "${REDIS_URL:-}${REDIS_CLUSTER_NODES:-}${REDIS_SENTINELS:-}" ]; then
  case " $* " in
    *"dist/src/main.js "*|*"dist/src/shards.js "*)
      echo "daily-gradient: REDIS_URL is not set. This image has no built-in Redis: set REDIS_URL=redis://host:6379 (docker compose sets it for you)." >&2
      exit 78 ;;
  esac
fi
exec "$@"
