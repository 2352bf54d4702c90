# Local stand-in for the official prom/prometheus image, built by infra/docker/base-images only
# where no registry answers: Debian 12's Prometheus 2.42 with the original's layout: entrypoint
# /bin/prometheus, configuration in /etc/prometheus, data in the /prometheus volume, user nobody.
ARG DEBIAN_IMAGE=debian:bookworm-slim
FROM ${DEBIAN_IMAGE}
# The packages come from the Debian release the base image pins.
# hadolint ignore=DL3008
RUN apt-get update \
    && apt-get install -y --no-install-recommends prometheus \
    && rm -rf /var/lib/apt/lists/* \
    && mkdir -p /prometheus \
    && chown nobody:nogroup /prometheus
USER 65534:65534
WORKDIR /prometheus
VOLUME ["/prometheus"]
EXPOSE 9090
ENTRYPOINT ["/bin/prometheus"]
CMD ["--config.file=/etc/prometheus/prometheus.yml", "--storage.tsdb.path=/prometheus"]
LABEL org.opencontainers.image.description="Local stand-in for prom/prometheus:v2.42.0 (infra/docker/base)"
