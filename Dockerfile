# One Streamlit replica. Not built in this repository's CI (no registry);
# tests/test_deploy.py checks it agrees with the tested topology.
FROM python:3.11-slim
RUN useradd --create-home --uid 10001 reader
WORKDIR /app
COPY pyproject.toml README.md ./
COPY kzdash ./kzdash
COPY dashboard.py ./
COPY data ./data
COPY .streamlit ./.streamlit
RUN pip install --no-cache-dir .
USER reader
EXPOSE 8501
HEALTHCHECK --interval=10s --timeout=3s --retries=3 \
    CMD python -c "import urllib.request,sys; sys.exit(urllib.request.urlopen('http://127.0.0.1:8501/_stcore/health', timeout=2).status != 200)"
# STREAMLIT_SERVER_COOKIE_SECRET must be the same on every replica (XSRF)
CMD ["streamlit", "run", "dashboard.py", "--server.port", "8501", "--server.address", "0.0.0.0", "--server.headless", "true", "--browser.gatherUsageStats", "false", "--server.enableXsrfProtection", "true"]
