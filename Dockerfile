# syntax=docker/dockerfile:1
# The Stevedore operator image: `stevedore operator` on Node.js 24, which runs the TypeScript
# sources directly (type stripping), so there is no compile step. Two stages: the builder
# installs production dependencies only; the runtime image holds src/, crds/, package*.json and
# those node_modules, and runs as the non-root `node` user (uid 1000).
#
#   docker build -t stevedore:0.1.0 .
#
# Not built by the project's tests (no Docker there); see docs/install.md.

FROM node:24-slim AS builder
WORKDIR /app
COPY package.json package-lock.json ./
# devDependencies (the `node` npm package, TypeScript, vitest, eslint) are left out.
RUN npm ci --omit=dev --no-audit --no-fund --loglevel=error \
 && npm cache clean --force

FROM node:24-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=builder /app/node_modules ./node_modules
COPY package.json package-lock.json ./
COPY crds ./crds
COPY src ./src
# Numeric, so that runAsNonRoot can verify it; the chart sets the same uid.
USER 1000:1000
# Metrics and health probes (the chart's defaults).
EXPOSE 8080 8081
ENTRYPOINT ["node", "--disable-warning=ExperimentalWarning", "src/cmd/main.ts"]
CMD ["operator"]
