# tclocal container image. Build: docker build -t tclocal .   Run: see README, "Container image".
# Stage 1 compiles (TypeScript, better-sqlite3 from source) and prunes to production dependencies;
# stage 2 is the runtime: no dev dependencies, no compiler, a non-root user.

FROM node:20-bookworm-slim AS build
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY package.json package-lock.json .npmrc .prebuild-installrc ./
RUN npm ci --ignore-scripts && npm rebuild better-sqlite3
COPY . .
RUN npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim
WORKDIR /opt/tclocal
COPY --from=build /src/package.json ./package.json
COPY --from=build /src/node_modules ./node_modules
COPY --from=build /src/dist/tclocal.js ./dist/tclocal.js
COPY --from=build /src/dist/ui ./dist/ui
COPY --from=build /src/src/generated/specs ./src/generated/specs
RUN mkdir -p /var/lib/tclocal /etc/tclocal/init/ready.d /etc/tclocal/init/shutdown.d \
 && chown -R node:node /var/lib/tclocal
# Inside a container tclocal binds every interface, so the control API needs TCLOCAL_ADMIN_TOKEN: without one
# tclocal refuses to start, unless TCLOCAL_INSECURE_OPEN_CONTROL_API=1 opens it on purpose (a loud warning).
ENV NODE_ENV=production \
    TCLOCAL_HOST=0.0.0.0 \
    TCLOCAL_PORT=4577 \
    TCLOCAL_DATA_DIR=/var/lib/tclocal \
    TCLOCAL_INIT_DIR=/etc/tclocal/init
USER node
EXPOSE 4577
VOLUME /var/lib/tclocal
# Healthy once the init dir's ready hooks finished ("ready": true), not merely listening: compose's
# service_healthy and CI service containers then start their tests against the seeded state.
HEALTHCHECK --interval=10s --timeout=3s --start-period=10s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.TCLOCAL_PORT||4577)+'/_tclocal/health').then(r=>r.json()).then(h=>process.exit(h.ready===true?0:1),()=>process.exit(1))"]
ENTRYPOINT ["node", "/opt/tclocal/dist/tclocal.js"]
CMD ["start"]
