# Fresh-machine entry points: `make demo` and `make test`.
# TORCH selects the torch requirement; use your own build with e.g.
#   make test TORCH="torch==2.4.1 --index-url https://download.pytorch.org/whl/cu121"
PYTHON ?= python3
VENV ?= .venv
TORCH ?= torch==2.13.0
PY := $(VENV)/bin/python
STAMP := $(VENV)/.mmocr-installed
PYTEST_ARGS ?=

.PHONY: demo test lint fonts java device-kit clean-venv

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

# The kit of a prepared job on a lent GPU machine (tools/misc/device_job.sh,
# docs/en/tools.md "Training on a lent GPU"), under the ignored .gpu/: wheels
# of the runtime dependencies its Python 3.12 lacks, the Latin fonts of this
# machine (CJK fonts would pass the 64 MiB that travel), and the
# ../shared/data folders named in DEVICE_DATA.
DEVICE_WHEELS := shapely==2.2.0 pyclipper==1.4.0 lmdb==3.0.0 rapidfuzz==3.14.6
DEVICE_DATA ?=
device-kit: $(STAMP)
	mkdir -p .gpu/whl .gpu/fonts .gpu/shared
	$(PY) -m pip download -q --no-deps --only-binary=:all: --python-version 3.12 \
		--implementation cp --platform manylinux_2_28_x86_64 \
		--platform manylinux_2_17_x86_64 --platform manylinux2014_x86_64 \
		-d .gpu/whl $(DEVICE_WHEELS)
	find /usr/share/fonts -type f \( -name '*.ttf' -o -name '*.otf' \) \
		! -path '*wqy*' ! -path '*arphic*' -exec cp {} .gpu/fonts/ \;
	$(foreach d,$(DEVICE_DATA),cp -r ../shared/data/$(d) .gpu/shared/;)
	du -sh .gpu

clean-venv:
	rm -rf $(VENV)
