# Placard in one image for every role (`placard serve --role api|worker|all`, or PLACARD_ROLE).
# Debian, because Chromium comes from apt and the native modules (sharp, better-sqlite3,
# Takumi) ship glibc builds. tsx and esbuild are runtime dependencies: the server runs the
# TypeScript sources as they are, and the Studio bundle is built here once, not at each start.
FROM node:20-bookworm-slim AS deps
WORKDIR /app
# Compilers only in this stage, for a native module whose prebuilt binary cannot be fetched.
RUN apt-get update \
  && apt-get install -y --no-install-recommends python3 make g++ ca-certificates \
  && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci --omit=dev

FROM node:20-bookworm-slim
WORKDIR /app
# Chromium's headless shell for the chromium engine (PLACARD_CHROMIUM_PATH below): the same
# pixels as the full browser with ~200 MB less memory and a faster launch (README, Engines);
# fonts for its pages.
RUN apt-get update \
  && apt-get install -y --no-install-recommends chromium-headless-shell fonts-liberation fonts-noto-color-emoji ca-certificates \
  && rm -rf /var/lib/apt/lists/*
COPY --from=deps /app/node_modules ./node_modules
COPY . .
RUN node --import tsx src/studio/build-cli.ts
ENV NODE_ENV=production \
  PLACARD_HOST=0.0.0.0 \
  PLACARD_PORT=3000 \
  PLACARD_DATA_DIR=/data \
  PLACARD_CHROMIUM_PATH=/usr/lib/chromium/chromium-headless-shell
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 3000
# Not `npm start`: its prestart rebuilds the Studio bundle, already built above. Node itself
# is PID 1's child-free process here, so SIGTERM reaches the drain in src/cli/shutdown.ts.
CMD ["node", "bin/placard.js", "serve"]
