# syntax=docker/dockerfile:1
# Daily Gradient: `node dist/src/main.js` as user node; the code is owned by root and read-only for it.
# Needs REDIS_URL (docker-compose.yml runs Redis next to it). /healthz and /metrics listen on METRICS_PORT.

# 1. Compile TypeScript with the dev dependencies, then drop them (tsx, typescript, ...) and the type
#    declarations and source maps that nothing loads at run time.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY commands ./commands
RUN npm run build \
 && npm prune --omit=dev --no-audit --no-fund \
 && find node_modules -type f \( -name '*.map' -o -name '*.d.ts' -o -name '*.d.mts' -o -name '*.d.cts' \) -delete

# 2. Assemble /app, owned by root and not writable by anyone else.
FROM node:20-bookworm-slim AS app
WORKDIR /app
COPY package.json ./
COPY questions ./questions
COPY scripts/docker-entrypoint.sh ./docker-entrypoint.sh
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
RUN chown -R root:root /app && chmod -R u=rwX,go=rX /app && chmod 0755 docker-entrypoint.sh

# 3. Runtime.
FROM node:20-bookworm-slim
ENV NODE_ENV=production \
    METRICS_PORT=9464
WORKDIR /app
COPY --from=app /app /app
USER node
EXPOSE 9464 3000 8080
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.METRICS_PORT||9464)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
ENTRYPOINT ["/app/docker-entrypoint.sh"]
CMD ["node", "dist/src/main.js"]
