# Multi-stage build: cgo is needed by the embedded SQLite driver, so the
# binary links glibc and runs on the same Debian release it was built on.
FROM golang:1.26-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=1 go build -trimpath -ldflags "-s -w" -o /out/parindex ./cmd/parindex

FROM debian:bookworm-slim
# CA certificates for PostgreSQL over TLS (sslmode=verify-full).
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --create-home --uid 10001 parindex \
 && mkdir /data && chown parindex /data
COPY --from=build /out/parindex /usr/local/bin/parindex
USER 10001
ENV PARINDEX_ADDR=:8080 PARINDEX_DATABASE_URL=/data/parindex.db
EXPOSE 8080
VOLUME /data
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 CMD ["parindex", "healthcheck"]
STOPSIGNAL SIGTERM
ENTRYPOINT ["parindex"]
CMD ["serve"]
