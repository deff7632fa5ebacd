# syntax=docker/dockerfile:1
#
# pingcli in a minimal glibc image, running as a non-root user, tokens kept in memory only.
#
#   docker build -t pingcli .                                   # image for this machine's arch
#   docker buildx build --platform linux/amd64,linux/arm64 -t pingcli .
#   docker run --rm \
#     -e PINGONE_ENVIRONMENT_ID -e PINGONE_CLIENT_CREDENTIALS_CLIENT_ID \
#     -e PINGONE_CLIENT_CREDENTIALS_CLIENT_SECRET -e PINGONE_ROOT_DOMAIN \
#     pingcli auth status
#
# The build stage runs on the build machine's own platform and cross-compiles for the target
# platform (deno compile can build any target from any host), so multi-arch builds need no QEMU.
# It downloads Deno's denort base binary from dl.deno.land; offline, put the matching
# denort-<target>.zip in a build context and use DENORT_BIN (see docs/releasing.md).

ARG DENO_VERSION=2.9.6

FROM --platform=$BUILDPLATFORM node:22-bookworm-slim AS build
ARG DENO_VERSION
ARG TARGETARCH
# Optional: pass --build-arg SOURCE_DATE_EPOCH=$(git log -1 --format=%ct) for a reproducible binary.
ARG SOURCE_DATE_EPOCH
# Deno from the npm registry, installed outside the project directory (never a package.json in it).
RUN npm install -g "deno@${DENO_VERSION}" && deno --version
ENV DENO_DIR=/deno-dir DENO_NO_UPDATE_CHECK=1 NO_COLOR=1
WORKDIR /src
# Only what the binary embeds, plus the build script (see .dockerignore).
COPY deno.json deno.lock main.ts ./
COPY src ./src
COPY scripts/compile.ts ./scripts/compile.ts
RUN case "${TARGETARCH}" in \
      amd64) target=x86_64-unknown-linux-gnu ;; \
      arm64) target=aarch64-unknown-linux-gnu ;; \
      *) echo "unsupported TARGETARCH: ${TARGETARCH}" >&2; exit 1 ;; \
    esac \
 && deno run -A scripts/compile.ts --target "$target" --out-dir /out \
 && mv /out/pingcli-*-"$target" /out/pingcli \
 && rm -f /out/SHA256SUMS

# glibc + libgcc, CA certificates, /tmp, and a "nonroot" user (uid 65532, HOME /home/nonroot).
FROM gcr.io/distroless/cc-debian12:nonroot
COPY --from=build /out/pingcli /usr/local/bin/pingcli
# No keychain in a container: keep tokens in memory for the life of the process.
ENV PINGCLI_AUTH_STORAGE_TYPE=none
USER nonroot
WORKDIR /home/nonroot
ENTRYPOINT ["pingcli"]
CMD ["--help"]
