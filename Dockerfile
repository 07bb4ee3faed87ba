# Odoo 19 (official image) with what wms_micraft needs beyond Odoo.
FROM odoo:19 AS odoo
USER root
COPY requirements.txt /tmp/wms_micraft-requirements.txt
RUN pip3 install --no-cache-dir --break-system-packages -r /tmp/wms_micraft-requirements.txt
USER odoo

# The test image: Chromium for browser tours, PostgreSQL client tools, pytest-odoo.
FROM odoo AS tests
USER root
RUN apt-get update \
    && apt-get install -y --no-install-recommends chromium postgresql-client make \
    && rm -rf /var/lib/apt/lists/*
COPY requirements-test.txt /tmp/wms_micraft-requirements-test.txt
RUN pip3 install --no-cache-dir --break-system-packages -r /tmp/wms_micraft-requirements-test.txt
USER odoo
