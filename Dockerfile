# OI Payments: one image for the api, worker, migrate and gateway-simulator processes (see
# docker-compose.yml).
# Node 24 LTS; the service runs compiled JavaScript and a workflow bundle built here, not a
# TypeScript loader.

FROM node:24-bookworm-slim AS build
ENV OI_SKIP_TOOLS=1 NPM_CONFIG_UPDATE_NOTIFIER=false
# Python with pip and setuptools builds the Python SDK's wheel, which `npm run build` packs into
# dist/sdk/python for the api to serve (scripts/sdk/pack-python.ts uses python3 without the tools venv).
RUN apt-get update \
  && apt-get install -y --no-install-recommends python3-pip python3-setuptools python3-wheel \
  && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
COPY scripts/install-tools.mjs scripts/install-tools.mjs
RUN npm ci
COPY . .
# dist/: the compiled service and dist/workflow-bundle.js, which the worker loads at start.
RUN npm run build

FROM node:24-bookworm-slim
ENV NODE_ENV=production \
    # The Temporal binaries serve only `npm start` and the tests; production talks to a real cluster.
    OI_SKIP_TOOLS=1 \
    NPM_CONFIG_UPDATE_NOTIFIER=false
WORKDIR /app

# Dependencies first, so source edits do not invalidate this layer. The postinstall script
# (scripts/install-tools.mjs) must exist for `npm ci`; OI_SKIP_TOOLS makes it a no-op.
COPY package.json package-lock.json ./
COPY scripts/install-tools.mjs scripts/install-tools.mjs
RUN npm ci --omit=dev && npm cache clean --force

COPY scripts/start.cjs scripts/start.cjs
COPY --from=build /app/dist ./dist
# The docs site's guides: Markdown, rendered when the api starts.
COPY --from=build /app/docs ./docs

# The code stays owned by root and read-only to the service user. Only the data directory is
# writable: the gateway simulators keep Nagad's keys there, and a volume Docker Compose mounts on
# it takes this directory's owner when first created.
RUN mkdir -p /app/.data && chown node:node /app/.data
USER node

EXPOSE 8080
CMD ["npm", "run", "start:api"]
