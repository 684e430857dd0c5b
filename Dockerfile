# syntax=docker/dockerfile:1
# mlbot: one process serving Slack (/slack/events), Discord (gateway), /healthz, /metrics,
# and — when enabled — the playground and sandbox checkout pages, on port 3000.
#
#   docker build -t mlbot .
#   docker run -d --name mlbot -p 3000:3000 -v mlbot-data:/app/data --env-file .env mlbot
#   # sandbox demo (no ModelsLab token): add -e PLAYGROUND=on and open http://localhost:3000/
#
# Many tenants: compose.yaml runs this image twice on one Redis behind nginx (STORE_URL and the
# rest come from there; the sqlite volume below then stays empty): docs/operations.md.
#
# TypeScript runs as is: Node 24 strips the types, so there is no build step and no dev
# dependency in the image. The image's own node runs the app (the `node` devDependency that
# `npm start` would use is not installed here).

ARG NODE_IMAGE=node:24-slim

# ---------------------------------------------------------------- production dependencies
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
# No dependency builds native code (the sqlite store is Node's built-in node:sqlite), so this
# stage needs no compiler; it stays separate so npm's cache never reaches the image.
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

# ---------------------------------------------------------------- runtime
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    PORT=3000 \
    HOST=0.0.0.0 \
    PLAYGROUND=off \
    STORE_URL=sqlite:///app/data/mlbot.sqlite
WORKDIR /app
# Code and dependencies stay owned by root and read-only to the app; only the data volume is
# writable by the unprivileged `node` user (uid 1000) that runs the process.
COPY --from=deps /app/node_modules ./node_modules
COPY package.json ./
COPY src ./src
COPY adapters ./adapters
# The report's charts are drawn with one font file (src/charts): DejaVu Sans, about 1 MB.
RUN apt-get update && apt-get install -y --no-install-recommends fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*
RUN mkdir -p /app/data && chown node:node /app/data
USER node
VOLUME ["/app/data"]
EXPOSE 3000
# slim has no curl: ask node's fetch. /healthz answers 503 when the store or ModelsLab is down.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# The app handles SIGTERM itself (src/ops/shutdown.ts): stop intake, persist, close, exit 0.
STOPSIGNAL SIGTERM
CMD ["node", "src/entry/main.ts"]
