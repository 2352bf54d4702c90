# Local stand-in for gcr.io/distroless/python3-debian12, built by infra/docker/base-images only
# where no registry answers. Same contract as the original: Debian 12's CPython 3.11 at
# /usr/bin/python3.11, glibc, OpenSSL, CA certificates and time zones, users root and nonroot
# (65532), no shell or package manager. Made the way distroless is: Debian packages unpacked
# into an empty root, nothing of their maintainer scripts run.
ARG DEBIAN_IMAGE=debian:bookworm-slim
FROM ${DEBIAN_IMAGE} AS rootfs
# The packages come from the Debian release the base image pins.
# hadolint ignore=DL3008
RUN apt-get update \
    && apt-get install -y --no-install-recommends ca-certificates python3.11 \
    && rm -rf /var/lib/apt/lists/*
COPY rootfs.sh /usr/local/bin/
# The runtime closure of python3.11 (libpython3.11-stdlib's libraries) and of the C/C++ runtime
# that wheels with compiled extensions link against.
RUN rootfs.sh /rootfs \
      base-files netbase tzdata libc6 libgcc-s1 libstdc++6 gcc-12-base libssl3 zlib1g \
      libpython3.11-minimal libpython3.11-stdlib python3.11-minimal media-types \
      libbz2-1.0 libcrypt1 libdb5.3 libexpat1 libffi8 libgdbm6 libgdbm-compat4 liblzma5 \
      libncursesw6 libnsl2 libreadline8 readline-common libsqlite3-0 libtinfo6 \
      libtirpc3 libtirpc-common libgssapi-krb5-2 libkrb5-3 libkrb5support0 libk5crypto3 \
      libkeyutils1 libcom-err2 libuuid1 \
    && ln -s python3.11 /rootfs/usr/bin/python3 \
    && python3.11 -m compileall -q -j 0 -s /rootfs -p / /rootfs/usr/lib/python3.11

FROM scratch
COPY --from=rootfs /rootfs /
ENV PATH=/usr/local/bin:/usr/bin:/bin SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt
USER 65532:65532
WORKDIR /home/nonroot
ENTRYPOINT ["/usr/bin/python3.11"]
LABEL org.opencontainers.image.description="Local stand-in for gcr.io/distroless/python3-debian12 (infra/docker/base)"
