# syntax=docker/dockerfile:1
# Hubkeeper's image: production dependencies only, run as the unprivileged `node` user. One image, three roles:
# `docker run … hubkeeper all|web|worker` (see compose.yml). DATABASE_URL is required (NODE_ENV=production).

FROM node:20-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

FROM node:20-bookworm-slim
ENV NODE_ENV=production PORT=3000
WORKDIR /app
COPY --from=deps --chown=node:node /app/node_modules ./node_modules
COPY --chown=node:node package.json ./
COPY --chown=node:node src ./src
COPY --chown=node:node db ./db
USER node
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch(`http://127.0.0.1:${process.env.PORT}/healthz`).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# tsx runs the TypeScript sources directly (a production dependency), as `npm start` does.
ENTRYPOINT ["node", "--import", "tsx", "src/main.ts"]
CMD ["all"]
