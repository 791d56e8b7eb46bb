# PST Hub: one image, every role (`hub run --roles api|relay|consumer`, `hub migrate`).
# Slim, non-root, dependencies exactly as locked in uv.lock. Built with: docker build -t pst-hub .
FROM python:3.11-slim AS build
ARG UV_VERSION=0.13.9
ENV UV_COMPILE_BYTECODE=1 UV_LINK_MODE=copy UV_PYTHON_DOWNLOADS=never
RUN pip install --no-cache-dir "uv==${UV_VERSION}"
WORKDIR /app
# The dependencies first (a layer that changes only with the lock), then the project.
COPY pyproject.toml uv.lock README.md ./
RUN uv sync --frozen --no-dev --no-install-project --no-editable
COPY events ./events
COPY standard ./standard
COPY infra ./infra
COPY hub ./hub
COPY services ./services
RUN uv sync --frozen --no-dev --no-editable

FROM python:3.11-slim
RUN groupadd --system --gid 10001 pst \
    && useradd --system --uid 10001 --gid pst --home-dir /var/lib/pst --create-home pst
COPY --from=build /app/.venv /app/.venv
ENV PATH=/app/.venv/bin:$PATH \
    PYTHONDONTWRITEBYTECODE=1 \
    PST_HOST=0.0.0.0 \
    PST_VAR_DIR=/var/lib/pst \
    PST_LOG_FORMAT=json
WORKDIR /var/lib/pst
USER 10001:10001
EXPOSE 8000 9000
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --retries=5 \
    CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen(os.environ.get('PST_HEALTHCHECK_URL', 'http://127.0.0.1:8000/health/ready'), timeout=2)"]
ENTRYPOINT ["hub"]
CMD ["run", "--roles", "api"]
