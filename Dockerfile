# Multi-stage build: cgo is needed by the embedded SQLite driver.
FROM golang:1.26-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=1 go build -trimpath -ldflags "-s -w" -o /out/parindex ./cmd/parindex

FROM debian:bookworm-slim
RUN useradd --system --create-home --uid 10001 parindex && mkdir /data && chown parindex /data
COPY --from=build /out/parindex /usr/local/bin/parindex
USER parindex
ENV PARINDEX_ADDR=:8080 PARINDEX_DATABASE_URL=/data/parindex.db
EXPOSE 8080
VOLUME /data
ENTRYPOINT ["parindex"]
CMD ["serve"]
