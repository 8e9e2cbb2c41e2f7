# agentsim — set-up, build, run, test.
#   make run      the C libraries agentsim links (apt), build, run the showcase scenario: nothing else is fetched
#   make install  a release build into $(PREFIX)/bin (default /usr/local; PREFIX=DIR for another place)
#   make setup    everything the checks and tests need too: opus-tools, chromium, the pinned Python venvs
#   make test     set up, build, run the whole test suite (with a short fuzz run)
#   make fuzz     build the libFuzzer targets and run each for FUZZ_SECONDS
SHELL := /bin/bash
SWIFT ?= swift
# What agentsim itself links (libopus, libopusfile, libogg through pkg-config), and what only the tests and the
# real-package checks use (opus-tools to read back Ogg files, python3-venv for the venvs, chromium for the screenshot
# and the report test).
APT_BUILD := libopus-dev libopusfile-dev libogg-dev pkg-config
APT_TEST := opus-tools python3-venv chromium
PREFIX ?= /usr/local
VENVS := .venvs
LIVEKIT_VERSIONS := 1.2.18 1.8.9
# The normalisers `agentsim views` is checked against: their real packages, pinned (Collectors/<name>/).
LETTA_VENV := $(VENVS)/letta-0.16.8
PIPECAT_VENV := $(VENVS)/pipecat
SHOWCASE := Scenarios/support-call.yaml
AGENTSIM := .build/debug/agentsim
FUZZ_SECONDS ?= 600
# Each of the four fuzz targets runs this long in `make test` (4 × 25 s).
FUZZ_TEST_SECONDS ?= 25

.PHONY: all setup apt apt-build venvs build lint release install run test fuzz bench screenshot clean readme readme-check

all: build

setup: apt venvs

# Debian packages: installed only when something is missing (root, or sudo when available).
apt-build:
	@if pkg-config --exists opus opusfile ogg; then \
	  echo "apt: libopus, libopusfile, libogg present"; \
	else \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $(APT_BUILD); \
	fi

apt: apt-build
	@if command -v opusinfo chromium >/dev/null && python3 -c 'import ensurepip, venv' 2>/dev/null; then \
	  echo "apt: opus-tools, python3-venv, chromium present"; \
	else \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $(APT_TEST); \
	fi

# One virtual environment per pinned livekit-agents version, rebuilt when its requirements change.
venvs: $(foreach v,$(LIVEKIT_VERSIONS),$(VENVS)/livekit-$(v)/.installed) $(LETTA_VENV)/.installed $(PIPECAT_VENV)/.installed \
  $(VENVS)/livekit-1.8.9/.examples

$(VENVS)/livekit-%/.installed: Collectors/livekit/requirements-%.txt Collectors/livekit/constraints-%.txt
	rm -rf $(VENVS)/livekit-$*
	python3 -m venv $(VENVS)/livekit-$*
	$(VENVS)/livekit-$*/bin/pip install -q --disable-pip-version-check -r $< -c Collectors/livekit/constraints-$*.txt
	$(VENVS)/livekit-$*/bin/python Collectors/livekit/bridge.py --version
	touch $@

# examples/python's test runner, in the venv whose livekit-agents the example's reference collector runs on.
$(VENVS)/livekit-1.8.9/.examples: examples/python/requirements.txt $(VENVS)/livekit-1.8.9/.installed
	$(VENVS)/livekit-1.8.9/bin/pip install -q --disable-pip-version-check -r $<
	touch $@

# Letta's server (0.16.8: PyPI's "letta" is Letta Code from 0.32.13 on). The pip a Debian 12 venv brings (23.2.1)
# crashes resolving letta's dependencies, so pip comes first (Collectors/letta/README.md).
$(LETTA_VENV)/.installed: Collectors/letta/requirements.txt Collectors/letta/constraints.txt
	rm -rf $(LETTA_VENV)
	python3 -m venv $(LETTA_VENV)
	$(LETTA_VENV)/bin/pip install -q --disable-pip-version-check pip==26.3
	$(LETTA_VENV)/bin/pip install -q --disable-pip-version-check -r Collectors/letta/requirements.txt -c Collectors/letta/constraints.txt
	$(LETTA_VENV)/bin/python Collectors/letta/bridge.py --version
	touch $@

# pipecat-ai 1.14.0 with the SDKs of the services the bridge drives, and deepgram-sdk for serve's SDK tests
# (Collectors/pipecat/requirements.txt).
$(PIPECAT_VENV)/.installed: Collectors/pipecat/requirements.txt Collectors/pipecat/constraints.txt
	rm -rf $(PIPECAT_VENV)
	python3 -m venv $(PIPECAT_VENV)
	$(PIPECAT_VENV)/bin/pip install -q --disable-pip-version-check -r Collectors/pipecat/requirements.txt -c Collectors/pipecat/constraints.txt
	$(PIPECAT_VENV)/bin/python Collectors/pipecat/bridge.py --version
	touch $@

# A clean build must print no warning: none of ours, none from compiling dependencies. The one exception is
# SwiftPM's manifest note that a dependency ships a file it does not declare (swift-distributed-tracing's
# CMakeLists.txt, pulled in by async-http-client): it is about their package layout, not code.
build: apt-build
	@mkdir -p .build && set -o pipefail && $(SWIFT) build 2>&1 | tee .build/agentsim-build.log
	@if grep "warning:" .build/agentsim-build.log | grep -v "^warning: '[a-z0-9-]*': found [0-9]* file(s) which are unhandled" | grep -q .; then \
	  echo "build printed warnings (see above)"; exit 1; fi

# Formatting (.swift-format, 120 columns): swift-format ships with the toolchain; it does not break long string
# literals or comments, so scripts/long-lines.py holds Sources and Plugins to 120 columns too.
lint:
	$(SWIFT) format lint --strict --recursive Sources Plugins Tests Fuzz Package.swift
	python3 scripts/long-lines.py Sources Plugins

run: build
	$(AGENTSIM) run $(SHOWCASE)

test: setup build lint
	$(VENVS)/livekit-1.8.9/bin/python Collectors/livekit/server_selftest.py
	$(VENVS)/livekit-1.2.18/bin/python Collectors/livekit/server_selftest.py
	$(LETTA_VENV)/bin/python Collectors/letta/selftest.py
	$(PIPECAT_VENV)/bin/python Collectors/pipecat/selftest.py
	AGENTSIM=$(CURDIR)/$(AGENTSIM) $(VENVS)/livekit-1.8.9/bin/python -m pytest -q examples/python
	$(SWIFT) test
	$(AGENTSIM) check Scenarios/
	$(AGENTSIM) check --serve Scenarios/ --speed 4
	$(AGENTSIM) check --random 1000 --seed 1
	python3 scripts/readme_outputs.py --check --agentsim $(AGENTSIM)
	bash Fuzz/build.sh
	bash Fuzz/run.sh $(FUZZ_TEST_SECONDS)

# libFuzzer targets (Fuzz/): the scenario loader, the JSON parser, the WAV and Ogg Opus readers, merge's report reader.
fuzz: build
	bash Fuzz/build.sh
	bash Fuzz/run.sh $(FUZZ_SECONDS)


# Release build for benchmarks (bench/*.sh) and install. The Swift runtime and Foundation are linked in
# (--static-swift-stdlib; with Package.swift's release linker flags a run touches ~10 MiB fewer pages).
release: apt-build
	$(SWIFT) build -c release --static-swift-stdlib

# The README's `$ agentsim …` examples: run them and rewrite their outputs (readme), or fail when they differ
# from the tool's (readme-check, part of `make test`).
readme: build
	python3 scripts/readme_outputs.py --write --agentsim $(AGENTSIM)

readme-check: build
	python3 scripts/readme_outputs.py --check --agentsim $(AGENTSIM)

# The release binary on PATH: $(PREFIX)/bin/agentsim (it needs only the apt libraries above at run time).
install: release
	install -d "$(PREFIX)/bin"
	install -m 755 "$$($(SWIFT) build -c release --show-bin-path)/agentsim" "$(PREFIX)/bin/agentsim"
	@echo "installed $(PREFIX)/bin/agentsim"

bench: setup release
	bash bench/load.sh

# The README's picture of `agentsim report` (docs/report.png): the seed thread's conversation on both providers,
# rendered by headless Chromium at 1280 px with every host name unresolvable.
SCREENSHOT_DIR := .build/screenshot
screenshot: apt build
	@mkdir -p docs $(SCREENSHOT_DIR)
	$(AGENTSIM) report Scenarios/livekit-thread-gemini.yaml --providers openai-realtime,gemini-live --html $(SCREENSHOT_DIR)/report.html
	chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --user-data-dir=$(SCREENSHOT_DIR)/profile \
	  --host-resolver-rules="MAP * ~NOTFOUND" --window-size=1280,3030 --screenshot=docs/report.png \
	  file://$(CURDIR)/$(SCREENSHOT_DIR)/report.html 2>$(SCREENSHOT_DIR)/chromium.log || { cat $(SCREENSHOT_DIR)/chromium.log; exit 1; }

clean:
	rm -rf .build $(VENVS)
