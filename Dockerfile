# The image the handed-out Compose files run: `docker build . -t prj4`.
# Real users get the official Node image; where no registry is reachable,
# scripts/docker/build-image.sh passes a locally built one instead.
ARG NODE_IMAGE=node:20-bookworm-slim
FROM ${NODE_IMAGE}

# The peer is bundled on the host (npm run bundle): no npm inside the image.
COPY image/paxos-peer.mjs /opt/paxos-lab/paxos-peer.mjs

# The handed-out Compose files say `-h hostsfile-testcase1.txt`: relative to here.
WORKDIR /lab
COPY compose/testcase1/hostsfile-testcase1.txt compose/testcase2/hostsfile-testcase2.txt ./

# The peer is PID 1 and handles SIGTERM itself; Compose's `command:` is only its arguments.
ENTRYPOINT ["node", "/opt/paxos-lab/paxos-peer.mjs"]
