# wms_micraft — commands a newcomer runs (see README.md).
# Needs an Odoo 19 importable by python3, or ODOO_ROOT pointing at its source.
.PHONY: test demo bench bench-large deps lint

test:            ## fresh database, install, whole suite incl. browser tours
	./scripts/test.sh

demo:            ## Odoo with wms_micraft on a small demo warehouse at http://localhost:8069
	./scripts/demo.sh

bench:           ## benchmarks: figures beside their baselines, bench/results/*.json
	./scripts/bench.sh

deps:            ## the project's own Python packages (not Odoo)
	python3 -m pip install -r requirements-test.txt

lint:
	ruff check wms_micraft bench
