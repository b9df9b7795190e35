# paxos-lab: `make demo` and `make test` on a fresh machine with Node 20;
# the Docker targets need an engine (`make engine` starts one on Debian).
.PHONY: demo test build bundle engine image tc1 tc2 verify verify-tc1 verify-tc2 clean

NODE ?= node
LAB := $(NODE) dist/lab/cli.js

# Installs dependencies only when they are missing: never reinstalls a tree
# that exists.
node_modules:
	npm ci

build: node_modules
	npm run build

demo: build
	@mkdir -p out
	$(LAB) run compose/testcase1/docker-compose.yml --out out/demo-tc1.log
	$(LAB) run compose/testcase2/docker-compose.yml --out out/demo-tc2.log
	$(NODE) dist/verifier/cli.js --scenario tc1 out/demo-tc1.log
	$(NODE) dist/verifier/cli.js --scenario tc2 out/demo-tc2.log

test: node_modules
	npm test

bundle: node_modules
	npm run bundle

engine:
	scripts/docker/start-engine.sh

image: bundle
	scripts/docker/build-image.sh prj4

# Real Docker Compose; output in out/tcN.log and on screen; returns once every
# peer has exited by itself.
tc1 tc2: tc%: image
	scripts/docker/run-compose.sh compose/testcase$*/docker-compose.yml out/tc$*.log

# Verifies whichever of out/tc1.log and out/tc2.log exist, and names the one
# that is missing; fails when neither does.
verify: build
	NODE=$(NODE) scripts/verify-runs.sh out

verify-tc1 verify-tc2: verify-tc%: build
	$(NODE) dist/verifier/cli.js --scenario tc$* out/tc$*.log

clean:
	rm -rf dist out .tap coverage
