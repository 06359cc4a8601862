# The two base images: the official ones users pull by default. The container check (tests/container/check.sh)
# passes locally made images of the same Debian release here, since no registry is reachable where CI runs.
# SWIFT_IMAGE is the Swift release CI proves the code on.
ARG SWIFT_IMAGE=swift:6.3-bookworm
ARG RUNTIME_IMAGE=debian:bookworm-slim

# Build stage: the same release build command as .ci/run, plus a static Swift runtime and a stripped binary.
FROM ${SWIFT_IMAGE} AS build
RUN apt-get update \
    && apt-get install -y --no-install-recommends libsqlite3-dev zlib1g-dev \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN swift build -c release -Xswiftc -warnings-as-errors --static-swift-stdlib \
    && cp "$(swift build -c release --static-swift-stdlib --show-bin-path)/canary-mock" /canary-mock \
    && strip /canary-mock

# Runtime stage: only libsqlite3, zlib and the binary, run as a non-root user.
FROM ${RUNTIME_IMAGE}
RUN apt-get update \
    && apt-get install -y --no-install-recommends libsqlite3-0 zlib1g \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --home-dir /data canary \
    && mkdir -p /data && chown canary /data
COPY --from=build /canary-mock /usr/local/bin/canary-mock
USER 10001
WORKDIR /data
VOLUME ["/data"]
ENV CANARY_MOCK_HOST=0.0.0.0 \
    CANARY_MOCK_PORT=8080 \
    CANARY_MOCK_DATABASE=/data/canary-mock.sqlite3
EXPOSE 8080
# The binary asks its own /_mock/health over loopback: no curl, shell or DNS in the image.
HEALTHCHECK --interval=10s --timeout=5s --start-period=5s --retries=3 \
    CMD ["/usr/local/bin/canary-mock", "healthcheck"]
ENTRYPOINT ["/usr/local/bin/canary-mock"]
