# Local stand-in for the official postgres:15-bookworm image, built by infra/docker/base-images
# only where no registry answers. Same contract for what this project uses: PostgreSQL 15 from
# Debian on PATH, user postgres (999), data in PGDATA=/var/lib/postgresql/data (a volume),
# POSTGRES_PASSWORD / POSTGRES_USER / POSTGRES_DB (and their _FILE forms for Docker secrets)
# applied on first start, port 5432 on every address with scram-sha-256, SIGINT = fast shutdown.
# Like the official image it starts as root and drops to postgres once PGDATA is its own.
ARG DEBIAN_IMAGE=debian:bookworm-slim
FROM ${DEBIAN_IMAGE}
# Fixed ids, as in the official image, so volumes keep their ownership across images.
RUN groupadd -r -g 999 postgres \
    && useradd -r -g postgres -u 999 -d /var/lib/postgresql -s /bin/bash postgres \
    && mkdir -p /var/lib/postgresql \
    && chown postgres:postgres /var/lib/postgresql
# The packages come from the Debian release the base image pins.
# hadolint ignore=DL3008
RUN apt-get update \
    && apt-get install -y --no-install-recommends postgresql-15 \
    && rm -rf /var/lib/apt/lists/* \
    && mkdir -p /var/run/postgresql \
    && chown postgres:postgres /var/run/postgresql
COPY --chmod=755 postgres-entrypoint.sh /usr/local/bin/docker-entrypoint.sh
ENV PATH=/usr/lib/postgresql/15/bin:$PATH PGDATA=/var/lib/postgresql/data
VOLUME ["/var/lib/postgresql/data"]
EXPOSE 5432
STOPSIGNAL SIGINT
ENTRYPOINT ["docker-entrypoint.sh"]
CMD ["postgres"]
LABEL org.opencontainers.image.description="Local stand-in for postgres:15-bookworm (infra/docker/base)"
