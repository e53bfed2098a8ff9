# syntax=docker/dockerfile:1
# Multi-stage build: compile with dev dependencies, ship only production ones, run as `node`.

FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json ./
COPY scripts/build.mjs ./scripts/
COPY scripts/build ./scripts/build
COPY src ./src
COPY migrations ./migrations
COPY web ./web
RUN npm run build && npm prune --omit=dev --no-audit --no-fund

FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    MCP_DATA_DIR=/app/data
WORKDIR /app
COPY --from=build --chown=node:node /app/package.json ./
COPY --from=build --chown=node:node /app/node_modules ./node_modules
COPY --from=build --chown=node:node /app/dist ./dist
RUN mkdir -p /app/data && chown node:node /app/data
USER node
EXPOSE 3000
# HOST=0.0.0.0 is not a loopback address, so the server refuses to start without auth:
# set AUTH_ISSUER + AUTH_JWKS_URI (or AUTH_DEV_ISSUER=true for a trial, as docker-compose.yml does).
# Liveness only (no database): node's own fetch, so the image needs no curl.
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/health/live').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# SIGTERM starts the graceful drain (src/ops/shutdown); node runs as PID 1 and handles it itself.
STOPSIGNAL SIGTERM
CMD ["node", "dist/src/main.js"]
