# Builds the creatormatch binary and bakes in the use-lite model weights.
FROM golang:1.26-bookworm AS build
RUN apt-get update && apt-get install -y --no-install-recommends nodejs npm && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -o /out/creatormatch ./cmd/creatormatch
RUN CREATORMATCH_MODEL_DIR=/out/model scripts/fetch-model

FROM gcr.io/distroless/static-debian12
COPY --from=build /out/creatormatch /creatormatch
COPY --from=build /out/model /model
ENV CREATORMATCH_MODEL_DIR=/model CREATORMATCH_DATA_DIR=/data CREATORMATCH_ADDR=:8080
EXPOSE 8080
ENTRYPOINT ["/creatormatch"]
CMD ["serve"]
