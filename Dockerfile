# Yhteisö: the production image. Build: docker build -t yhteiso .   Run: see compose.yaml and docs/deploy.md.
# Stage 1 builds the wheels; stage 2 holds only the runtime (WeasyPrint's Pango/HarfBuzz, the PostgreSQL client for
# backups) and runs as an unprivileged user.
FROM python:3.11-slim-bookworm AS build
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_CACHE_DIR=1
WORKDIR /build
COPY pyproject.toml README.md ./
COPY requirements ./requirements
COPY src ./src
RUN python -m venv /opt/yhteiso \
 && /opt/yhteiso/bin/pip install --upgrade pip wheel \
 && /opt/yhteiso/bin/pip install -r requirements/lock.txt \
 && /opt/yhteiso/bin/pip install --no-deps .

FROM python:3.11-slim-bookworm AS runtime
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0 libfontconfig1 libcairo2 fonts-dejavu-core \
      postgresql-client-15 \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --system --gid 10001 yhteiso \
 && useradd --system --uid 10001 --gid yhteiso --home-dir /var/lib/yhteiso --shell /usr/sbin/nologin yhteiso \
 && mkdir -p /var/lib/yhteiso/data /var/lib/yhteiso/keys \
 && chown -R yhteiso:yhteiso /var/lib/yhteiso
COPY --from=build /opt/yhteiso /opt/yhteiso
COPY docker/entrypoint.sh /usr/local/bin/yhteiso-entrypoint
ENV PATH=/opt/yhteiso/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    YHTEISO_ENV=production \
    YHTEISO_DATA_DIR=/var/lib/yhteiso/data \
    YHTEISO_KEYS_DIR=/var/lib/yhteiso/keys \
    YHTEISO_HOST=0.0.0.0 \
    YHTEISO_PORT=8000
USER yhteiso
WORKDIR /var/lib/yhteiso
VOLUME ["/var/lib/yhteiso/data"]
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s \
  CMD python -c "import urllib.request,sys; sys.exit(urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=4).status != 200)"
ENTRYPOINT ["yhteiso-entrypoint"]
CMD ["serve"]
