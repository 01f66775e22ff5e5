FROM python:3.11-slim
WORKDIR /app
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 PYTHONUNBUFFERED=1 TARJIMA_DATA_DIR=/data
RUN pip install --no-cache-dir "torch==2.13.0" --index-url https://download.pytorch.org/whl/cpu
COPY pyproject.toml README.md babel.cfg ./
COPY publisher publisher
COPY worker worker
COPY locales locales
RUN pip install --no-cache-dir -e . && pybabel compile -d locales
