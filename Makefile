# Fresh-machine entry points: `make demo` and `make test`.
# TORCH selects the torch requirement; use your own build with e.g.
#   make test TORCH="torch==2.4.1 --index-url https://download.pytorch.org/whl/cu121"
PYTHON ?= python3
VENV ?= .venv
TORCH ?= torch==2.13.0
PY := $(VENV)/bin/python
STAMP := $(VENV)/.mmocr-installed
PYTEST_ARGS ?=

.PHONY: demo test lint fonts java clean-venv

$(STAMP): setup.py requirements/runtime.txt requirements/tests.txt requirements/optional.txt requirements/export.txt \
		requirements/serve.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q $(TORCH)
	$(PY) -m pip install -q -e ".[tests,optional,export,serve]"
	touch $(STAMP)

demo: $(STAMP)
	$(PY) mmocr/utils/ocr.py demo/demo_text_ocr.jpg --print-result --output demo/demo_text_ocr_result.jpg

# lint-imports checks the layers contract of pyproject.toml
# ([tool.importlinter], docs/en/design.md) before the tests run.
test: $(STAMP) java
	PYTHONPATH=$(CURDIR) $(VENV)/bin/lint-imports
	OMP_NUM_THREADS=1 $(PY) -m pytest -q -n 2 --dist loadfile $(PYTEST_ARGS) tests

lint: $(STAMP)
	$(PY) -m ruff check mmocr tools tests benchmarks configs

# TrueType fonts for the synthetic text engine (docs/en/synth.md); needs root.
FONT_PACKAGES := fonts-dejavu-core fonts-dejavu-extra fonts-liberation2 \
	fonts-freefont-ttf fonts-urw-base35 fonts-crosextra-carlito fonts-roboto \
	fonts-open-sans fonts-inconsolata fonts-lato fonts-cantarell \
	fonts-wqy-microhei fonts-wqy-zenhei fonts-arphic-uming fonts-arphic-ukai
fonts:
	apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(FONT_PACKAGES)

# Java for TorchServe's frontend (tests/test_deployment/test_torchserve.py):
# Debian's headless JRE, installed only when `java` is missing (needs root,
# or sudo).
java:
	@command -v java >/dev/null 2>&1 || { \
		SUDO=$$( [ "$$(id -u)" -eq 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && $$SUDO env DEBIAN_FRONTEND=noninteractive \
		apt-get install -y -qq --no-install-recommends openjdk-17-jre-headless; }

clean-venv:
	rm -rf $(VENV)
