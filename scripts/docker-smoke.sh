#!/usr/bin/env bash
# Smoke test of the Docker image and compose stack against a real Docker daemon (not part of CI, which
# cannot pull images). Builds the image, checks what is inside it, starts docker-compose.yml under its own
# project name, and checks health, a console session inside the container and a prompt `docker stop`.
# Everything it starts is removed at the end, including the project's volume; your own stack is untouched.
#
#   bash scripts/docker-smoke.sh
#   DOCKER_BUILD_FLAGS="--network host" bash scripts/docker-smoke.sh   # the default; set "" to build plainly
set -euo pipefail
cd "$(dirname "$0")/.."

IMAGE=daily-gradient            # the tag docker-compose.yml uses
PROJECT=dg-smoke
HEALTH_URL=http://127.0.0.1:9464/healthz
BUILD_FLAGS=${DOCKER_BUILD_FLAGS---network host}

failures=0
ok() { printf 'ok   - %s\n' "$*"; }
fail() { printf 'FAIL - %s\n' "$*"; failures=$((failures + 1)); }
die() { fail "$*"; exit 1; }
check() { local what=$1; shift; if "$@"; then ok "$what"; else fail "$what"; fi; }

if docker compose version >/dev/null 2>&1; then COMPOSE=(docker compose); else COMPOSE=(docker-compose); fi
# The stack must not pick up real tokens: from the shell (unset here) or from a .env (replaced by an empty file).
unset DISCORD_TOKEN DISCORD_APP_ID DISCORD_GUILD_ID SLACK_BOT_TOKEN SLACK_APP_TOKEN SLACK_SIGNING_SECRET
EMPTY_ENV=$(mktemp)
ENV_ARGS=()
if [ -e .env ]; then ENV_ARGS=(--env-file "$EMPTY_ENV"); fi
# Without chat tokens the bot has no platform to run, so here the console stands in for one, reading an
# open, idle stdin. Everything else is docker-compose.yml as shipped.
OVERRIDE=$(mktemp --suffix .yml)
cat >"$OVERRIDE" <<'YML'
services:
  bot:
    environment:
      CONSOLE: "on"
    stdin_open: true
YML
compose() { "${COMPOSE[@]}" -p "$PROJECT" "${ENV_ARGS[@]}" -f docker-compose.yml -f "$OVERRIDE" "$@"; }

teardown() {
  local rc=$?
  if [ "$failures" -gt 0 ] || [ "$rc" -ne 0 ]; then
    echo '--- bot logs (last 30 lines) ---'; compose logs --tail 30 bot 2>&1 || true
  fi
  compose down -v --remove-orphans >/dev/null 2>&1 || true
  rm -f "$EMPTY_ENV" "$OVERRIDE"
  echo "torn down (project $PROJECT)"
  if [ "$failures" -gt 0 ]; then echo "$failures check(s) failed"; exit 1; fi
  exit "$rc"
}
trap teardown EXIT

echo "compose: $("${COMPOSE[@]}" version --short 2>/dev/null || "${COMPOSE[@]}" version | head -1)"
[ -e .env ] && echo "note: .env exists; the stack runs with an empty env file instead" || echo "no .env file"

# --- image ---------------------------------------------------------------------------------------
start=$(date +%s)
# shellcheck disable=SC2086  # BUILD_FLAGS is a list of flags
docker build $BUILD_FLAGS -t "$IMAGE" . >/tmp/dg-smoke-build.log 2>&1 || { tail -20 /tmp/dg-smoke-build.log; die "docker build (log above)"; }
ok "image built in $(( $(date +%s) - start )) s: $(docker image inspect -f '{{.Size}}' "$IMAGE" | numfmt --to=si)B"

in_image() { docker run --rm --entrypoint sh "$IMAGE" -c "$1"; }
echo "     /app/node_modules: $(in_image 'du -sh --apparent-size node_modules | cut -f1')B, /app/dist: $(in_image 'du -sh --apparent-size dist | cut -f1')B"
check "runs as a non-root user" [ "$(in_image 'id -u')" != 0 ]
check "no tsx or typescript in the image" in_image '! [ -e node_modules/tsx ] && ! [ -e node_modules/typescript ]'
check "no source maps in the image" [ "$(in_image 'find /app -name "*.map" | wc -l')" = 0 ]
check "app files are read-only for the runtime user" in_image '! touch dist/src/main.js 2>/dev/null && ! touch x 2>/dev/null && ! touch node_modules/x 2>/dev/null'

out=$(docker run --rm "$IMAGE" 2>&1) && rc=0 || rc=$?
if [ "$rc" -ne 0 ] && [ "$(printf '%s\n' "$out" | wc -l)" = 1 ] && grep -q 'REDIS_URL is not set' <<<"$out"; then
  ok "without REDIS_URL the bot refuses with one line (exit $rc): $out"
else fail "without REDIS_URL: expected a one-line refusal, got exit $rc: $out"; fi

out=$(docker run --rm "$IMAGE" node dist/src/cli/register.js 2>&1) && rc=0 || rc=$?
if [ "$rc" = 1 ] && grep -q 'DISCORD_TOKEN is not set' <<<"$out"; then ok "register runs from dist/ (asks for DISCORD_TOKEN)"
else fail "register from dist/: exit $rc: $out"; fi
out=$(docker run --rm "$IMAGE" sh -c 'node dist/src/cli/manifest.js --url https://bot.example.com --out /tmp/m.yml && grep -c "command:" /tmp/m.yml' 2>&1) \
  && ok "manifest runs from dist/: ${out//$'\n'/; } commands" || fail "manifest from dist/: $out"

http_override=$("${COMPOSE[@]}" "${ENV_ARGS[@]}" -f docker-compose.yml -f docker-compose.slack-http.yml config 2>&1)
check "the Slack HTTP mode override publishes port 3000 on 127.0.0.1" grep -Eq '127\.0\.0\.1:3000:3000' <<<"$http_override"

# --- compose stack -------------------------------------------------------------------------------
up_at=$(date +%s)
compose up -d --no-build >/tmp/dg-smoke-up.log 2>&1 || { cat /tmp/dg-smoke-up.log; die "compose up"; }
ok "compose stack up"
bot=$(compose ps -q bot)
[ -n "$bot" ] || die "no bot container"

http_status() { node -e "fetch('$HEALTH_URL').then(r=>{console.log(r.status)},()=>console.log(0))"; }
status=0
for _ in $(seq 60); do status=$(http_status); [ "$status" = 200 ] && break; sleep 1; done
check "GET $HEALTH_URL from the host answers 200 (got $status)" [ "$status" = 200 ]
check "metrics port is bound to 127.0.0.1 only" [ "$(docker port "$bot" 9464/tcp)" = "127.0.0.1:9464" ]

health=starting
for _ in $(seq 90); do health=$(docker inspect -f '{{.State.Health.Status}}' "$bot"); [ "$health" = starting ] || break; sleep 1; done
check "container health is '$health' $(( $(date +%s) - up_at )) s after compose up" [ "$health" = healthy ]

# A second bot process in the same container: terminal only, no ops port, no chat tokens, quiet logs.
answer=$(printf '/quiz\n' | timeout 60 docker exec -i -e CONSOLE=on -e METRICS_PORT= -e LOG_LEVEL=warn \
  -e DISCORD_TOKEN= -e SLACK_BOT_TOKEN= "$bot" node dist/src/main.js 2>&1) && rc=0 || rc=$?
if [ "$rc" = 0 ] && grep -q '/answer' <<<"$answer"; then
  ok "piped console session answers /quiz:"; printf '%s\n' "$answer" | sed -n '1,4p' | sed 's/^/       | /'
else fail "console /quiz: exit $rc: $answer"; fi

start=$(date +%s%N)
docker stop "$bot" >/dev/null
ms=$(( ($(date +%s%N) - start) / 1000000 ))
code=$(docker inspect -f '{{.State.ExitCode}}' "$bot")
if [ "$ms" -lt 10000 ] && [ "$code" = 0 ]; then ok "docker stop took ${ms} ms, exit code $code"
else fail "docker stop took ${ms} ms, exit code $code (expected < 10 s and 0)"; fi
