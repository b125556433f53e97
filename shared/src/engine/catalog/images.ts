/**
 * The simulated base images. No registry is reachable from a browser or an offline terminal, so
 * `FROM ubuntu` resolves here: each entry reproduces the real image's layer count, approximate
 * sizes, file skeleton, config and history shape (sources and approximations: catalog/README.md).
 * They are simulations and say so (`simulated: true`, `note`); their DiffIDs and image IDs are
 * Layercake's own, not the registry's.
 */

import type { ContainerConfig } from "../image/types.ts";
import { alpineUserland, COREUTILS, debianUserland, type FileSet, payloadFiles } from "./file-sets.ts";

export interface CatalogStep {
  /** The history item's `created_by`. */
  readonly createdBy: string;
  readonly comment?: string;
  /** Files the step added; absent for steps that only changed the config (`empty_layer`). */
  readonly files?: FileSet;
}

export interface CatalogImageSpec {
  /** `repository:tag` names this image answers to (normalised, without `docker.io/library/`). */
  readonly names: readonly string[];
  /** Another catalog image this one is built on (its steps come first). */
  readonly base?: string;
  readonly steps: readonly CatalogStep[];
  readonly config: ContainerConfig;
  /** ISO time of the last step, for `created`. */
  readonly created: string;
  readonly note: string;
}

const PATH = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
const MB = 1_000_000;

const debianOsRelease = (codename: string, version: string) =>
  `PRETTY_NAME="Debian GNU/Linux ${version} (${codename})"\nNAME="Debian GNU/Linux"\nVERSION_ID="${version}"\nVERSION="${version} (${codename})"\nVERSION_CODENAME=${codename}\nID=debian\nHOME_URL="https://www.debian.org/"\n`;
const ubuntuOsRelease = (version: string, pretty: string, codename: string) =>
  `PRETTY_NAME="Ubuntu ${pretty}"\nNAME="Ubuntu"\nVERSION_ID="${version}"\nVERSION="${pretty} (${codename})"\nVERSION_CODENAME=${codename}\nID=ubuntu\nID_LIKE=debian\nHOME_URL="https://www.ubuntu.com/"\nUBUNTU_CODENAME=${codename}\n`;

function rootfs(
  files: FileSet,
  payloadDirectory: string,
  payloadBytes: number,
  payloadCount: number,
): FileSet {
  return { ...files, ...payloadFiles(payloadDirectory, payloadBytes, payloadCount) };
}

// Functions, not values: the catalog is described on first use (see `catalogSpecs`).
const debianBookworm = (): FileSet =>
  rootfs(
    debianUserland({ osRelease: debianOsRelease("bookworm", "12") }),
    "/usr/lib/x86_64-linux-gnu/base",
    107 * MB,
    60,
  );
const debianBookwormSlim = (): FileSet =>
  rootfs(
    debianUserland({ osRelease: debianOsRelease("bookworm", "12") }),
    "/usr/lib/x86_64-linux-gnu/base",
    65 * MB,
    40,
  );

const nodeInstall = (version: string, nodeBytes: number): FileSet => ({
  "/usr/local/bin/node": { size: nodeBytes, mode: 0o755 },
  "/usr/local/bin/npm": { symlink: "../lib/node_modules/npm/bin/npm-cli.js" },
  "/usr/local/bin/npx": { symlink: "../lib/node_modules/npm/bin/npx-cli.js" },
  "/usr/local/lib/node_modules/npm/bin/npm-cli.js": { size: 54, mode: 0o755 },
  "/usr/local/lib/node_modules/npm/bin/npx-cli.js": { size: 2_922, mode: 0o755 },
  "/usr/local/lib/node_modules/npm/package.json": `{"name":"npm","version":"10.9.2"}\n`,
  ...payloadFiles("/usr/local/lib/node_modules/npm/lib", 9 * MB, 30, ".js"),
  ...payloadFiles("/usr/local/include/node", 5 * MB, 10, ".h"),
  "/usr/local/share/doc/node/version": `v${version}\n`,
});

const yarnInstall: FileSet = {
  "/opt/yarn-v1.22.22/bin/yarn.js": { size: 5_300_000, mode: 0o755 },
  "/usr/local/bin/yarn": { symlink: "/opt/yarn-v1.22.22/bin/yarn" },
  "/usr/local/bin/yarnpkg": { symlink: "/opt/yarn-v1.22.22/bin/yarnpkg" },
};

const entrypoint: FileSet = { "/usr/local/bin/docker-entrypoint.sh": { size: 388, mode: 0o755 } };

const pythonInstall = (bytes: number): FileSet => ({
  "/usr/local/bin/python3.12": { size: 17_480, mode: 0o755 },
  "/usr/local/bin/python3": { symlink: "python3.12" },
  "/usr/local/bin/pip3.12": { size: 230, mode: 0o755 },
  "/usr/local/lib/libpython3.12.so.1.0": { size: 26_000_000, mode: 0o755 },
  ...payloadFiles("/usr/local/lib/python3.12", bytes - 26_000_000, 80, ".py"),
});

const pythonSymlinks: FileSet = {
  "/usr/local/bin/python": { symlink: "python3" },
  "/usr/local/bin/pip": { symlink: "pip3" },
  "/usr/local/bin/pip3": { symlink: "pip3.12" },
};

const buildpackDeps = (): readonly CatalogStep[] => [
  {
    createdBy:
      "RUN /bin/sh -c set -eux; apt-get update; apt-get install -y --no-install-recommends ca-certificates curl gnupg netbase sq wget; rm -rf /var/lib/apt/lists/* # buildkit",
    comment: "buildkit.dockerfile.v0",
    files: {
      "/usr/bin/curl": { size: 268_128, mode: 0o755 },
      "/usr/bin/wget": { size: 526_008, mode: 0o755 },
      ...payloadFiles("/usr/lib/x86_64-linux-gnu/curl-deps", 23 * MB, 30),
    },
  },
  {
    createdBy:
      "RUN /bin/sh -c set -eux; apt-get update; apt-get install -y --no-install-recommends git mercurial openssh-client subversion procps; rm -rf /var/lib/apt/lists/* # buildkit",
    comment: "buildkit.dockerfile.v0",
    files: {
      "/usr/bin/git": { size: 4_142_928, mode: 0o755 },
      ...payloadFiles("/usr/lib/x86_64-linux-gnu/scm-deps", 60 * MB, 40),
    },
  },
  {
    createdBy:
      "RUN /bin/sh -c set -ex; apt-get update; apt-get install -y --no-install-recommends autoconf automake bzip2 default-libmysqlclient-dev dpkg-dev file g++ gcc imagemagick libbz2-dev libc6-dev libcurl4-openssl-dev libdb-dev libevent-dev libffi-dev libgdbm-dev libglib2.0-dev libgmp-dev libjpeg-dev libkrb5-dev liblzma-dev libmagickcore-dev libmagickwand-dev libmaxminddb-dev libncurses5-dev libncursesw5-dev libpng-dev libpq-dev libreadline-dev libsqlite3-dev libssl-dev libtool libwebp-dev libxml2-dev libxslt-dev libyaml-dev make patch unzip xz-utils zlib1g-dev; rm -rf /var/lib/apt/lists/* # buildkit",
    comment: "buildkit.dockerfile.v0",
    files: {
      "/usr/bin/gcc-12": { size: 1_289_208, mode: 0o755 },
      "/usr/bin/gcc": { symlink: "gcc-12" },
      "/usr/bin/make": { size: 260_232, mode: 0o755 },
      ...payloadFiles("/usr/lib/gcc/x86_64-linux-gnu/12", 700 * MB, 120),
    },
  },
];

const debianRootfsStep = (codename: string, files: FileSet): CatalogStep => ({
  createdBy: `# debian.sh --arch 'amd64' out/ '${codename}' '@1731888000'`,
  comment: "debuerreotype 0.15",
  files,
});

const bashCmd: CatalogStep = { createdBy: 'CMD ["bash"]', comment: "buildkit.dockerfile.v0" };

const nodeSteps = (userCommand: string, nodeBytes: number): CatalogStep[] => [
  {
    createdBy: `RUN /bin/sh -c ${userCommand} # buildkit`,
    comment: "buildkit.dockerfile.v0",
    files: {
      "/etc/passwd":
        "root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\nnobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\nnode:x:1000:1000::/home/node:/bin/bash\n",
      "/etc/group": "root:x:0:\ndaemon:x:1:\nnogroup:x:65534:\nnode:x:1000:\n",
      "/home/node/": "dir",
    },
  },
  { createdBy: "ENV NODE_VERSION=22.12.0", comment: "buildkit.dockerfile.v0" },
  {
    createdBy:
      'RUN /bin/sh -c ARCH= && dpkgArch="$(dpkg --print-architecture)" && curl -fsSLO --compressed "https://nodejs.org/dist/v$NODE_VERSION/node-v$NODE_VERSION-linux-$ARCH.tar.xz" && tar -xJf "node-v$NODE_VERSION-linux-$ARCH.tar.xz" -C /usr/local --strip-components=1 --no-same-owner && rm "node-v$NODE_VERSION-linux-$ARCH.tar.xz" && ln -s /usr/local/bin/node /usr/local/bin/nodejs && node --version && npm --version # buildkit',
    comment: "buildkit.dockerfile.v0",
    files: {
      ...nodeInstall("22.12.0", nodeBytes),
      "/usr/local/bin/nodejs": { symlink: "/usr/local/bin/node" },
    },
  },
  { createdBy: "ENV YARN_VERSION=1.22.22", comment: "buildkit.dockerfile.v0" },
  {
    createdBy:
      'RUN /bin/sh -c set -ex && curl -fsSLO --compressed "https://yarnpkg.com/downloads/$YARN_VERSION/yarn-v$YARN_VERSION.tar.gz" && mkdir -p /opt && tar -xzf yarn-v$YARN_VERSION.tar.gz -C /opt/ && ln -s /opt/yarn-v$YARN_VERSION/bin/yarn /usr/local/bin/yarn && ln -s /opt/yarn-v$YARN_VERSION/bin/yarnpkg /usr/local/bin/yarnpkg && rm yarn-v$YARN_VERSION.tar.gz && yarn --version # buildkit',
    comment: "buildkit.dockerfile.v0",
    files: yarnInstall,
  },
  {
    createdBy: "COPY docker-entrypoint.sh /usr/local/bin/ # buildkit",
    comment: "buildkit.dockerfile.v0",
    files: entrypoint,
  },
  { createdBy: 'ENTRYPOINT ["docker-entrypoint.sh"]', comment: "buildkit.dockerfile.v0" },
  { createdBy: 'CMD ["node"]', comment: "buildkit.dockerfile.v0" },
];

const nodeConfig: ContainerConfig = {
  Env: [PATH, "NODE_VERSION=22.12.0", "YARN_VERSION=1.22.22"],
  Entrypoint: ["docker-entrypoint.sh"],
  Cmd: ["node"],
};

const pythonConfig: ContainerConfig = {
  Env: [
    PATH,
    "LANG=C.UTF-8",
    "GPG_KEY=7169605F62C751356D054A26A821E680E5FA6305",
    "PYTHON_VERSION=3.12.8",
    "PYTHON_SHA256=c909157bb25ec114e5869124cc2a9c4a4d4c1e957ca4ff553f1edc692101154e",
  ],
  Cmd: ["python3"],
};

const pythonSteps = (installBytes: number, extra: CatalogStep[] = []): CatalogStep[] => [
  {
    createdBy: "ENV PATH=/usr/local/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
    comment: "buildkit.dockerfile.v0",
  },
  { createdBy: "ENV LANG=C.UTF-8", comment: "buildkit.dockerfile.v0" },
  ...extra,
  { createdBy: "ENV GPG_KEY=7169605F62C751356D054A26A821E680E5FA6305", comment: "buildkit.dockerfile.v0" },
  { createdBy: "ENV PYTHON_VERSION=3.12.8", comment: "buildkit.dockerfile.v0" },
  {
    createdBy:
      'RUN /bin/sh -c set -eux; wget -O python.tar.xz "https://www.python.org/ftp/python/${PYTHON_VERSION%%[a-z]*}/Python-$PYTHON_VERSION.tar.xz"; ./configure --enable-optimizations --enable-shared; make -j "$nproc"; make install; python3 --version # buildkit',
    comment: "buildkit.dockerfile.v0",
    files: pythonInstall(installBytes),
  },
  {
    createdBy:
      'RUN /bin/sh -c set -eux; for src in idle3 pip3 pydoc3 python3 python3-config; do dst="$(echo "$src" | tr -d 3)"; [ -s "/usr/local/bin/$src" ]; [ ! -e "/usr/local/bin/$dst" ]; ln -svT "$src" "/usr/local/bin/$dst"; done # buildkit',
    comment: "buildkit.dockerfile.v0",
    files: pythonSymlinks,
  },
  { createdBy: 'CMD ["python3"]', comment: "buildkit.dockerfile.v0" },
];

const nginxConfig: ContainerConfig = {
  Env: [PATH, "NGINX_VERSION=1.27.3", "NJS_VERSION=0.8.7", "PKG_RELEASE=1~bookworm"],
  Entrypoint: ["/docker-entrypoint.sh"],
  Cmd: ["nginx", "-g", "daemon off;"],
  ExposedPorts: { "80/tcp": {} },
  StopSignal: "SIGQUIT",
  Labels: { maintainer: "NGINX Docker Maintainers <docker-maint@nginx.com>" },
};

const nginxScripts = (name: string, size: number): CatalogStep => ({
  createdBy: `COPY ${name} /docker-entrypoint.d # buildkit`,
  comment: "buildkit.dockerfile.v0",
  files: { [`/docker-entrypoint.d/${name}`]: { size, mode: 0o755 } },
});

const nginxFiles = (bytes: number): FileSet => ({
  "/usr/sbin/nginx": { size: 1_528_384, mode: 0o755 },
  "/etc/nginx/nginx.conf":
    "user  nginx;\nworker_processes  auto;\nerror_log  /var/log/nginx/error.log notice;\npid        /var/run/nginx.pid;\nevents {\n    worker_connections  1024;\n}\nhttp {\n    include       /etc/nginx/mime.types;\n    include /etc/nginx/conf.d/*.conf;\n}\n",
  "/etc/nginx/conf.d/default.conf":
    "server {\n    listen       80;\n    location / {\n        root   /usr/share/nginx/html;\n        index  index.html index.htm;\n    }\n}\n",
  "/usr/share/nginx/html/index.html":
    "<!DOCTYPE html>\n<html>\n<head>\n<title>Welcome to nginx!</title>\n</head>\n<body>\n<h1>Welcome to nginx!</h1>\n</body>\n</html>\n",
  "/var/log/nginx/access.log": { symlink: "/dev/stdout" },
  "/var/log/nginx/error.log": { symlink: "/dev/stderr" },
  ...payloadFiles("/usr/lib/nginx/modules", bytes, 40),
});

const nginxTail = (): CatalogStep[] => [
  {
    createdBy: "COPY docker-entrypoint.sh / # buildkit",
    comment: "buildkit.dockerfile.v0",
    files: { "/docker-entrypoint.sh": { size: 1_620, mode: 0o755 } },
  },
  nginxScripts("10-listen-on-ipv6-by-default.sh", 2_125),
  nginxScripts("15-local-resolvers.envsh", 336),
  nginxScripts("20-envsubst-on-templates.sh", 3_018),
  nginxScripts("30-tune-worker-processes.sh", 4_620),
  { createdBy: 'ENTRYPOINT ["/docker-entrypoint.sh"]', comment: "buildkit.dockerfile.v0" },
  { createdBy: "EXPOSE map[80/tcp:{}]", comment: "buildkit.dockerfile.v0" },
  { createdBy: "STOPSIGNAL SIGQUIT", comment: "buildkit.dockerfile.v0" },
  { createdBy: 'CMD ["nginx" "-g" "daemon off;"]', comment: "buildkit.dockerfile.v0" },
];

const alpineRootfs = (version: string): CatalogStep => ({
  createdBy: `ADD alpine-minirootfs-${version}.0-x86_64.tar.gz / # buildkit`,
  comment: "buildkit.dockerfile.v0",
  files: rootfs(alpineUserland(version), "/usr/lib/alpine-base", 800_000, 8),
});
const alpineCmd: CatalogStep = { createdBy: 'CMD ["/bin/sh"]', comment: "buildkit.dockerfile.v0" };

const coreutilsNames = Object.keys(COREUTILS);

let specs: readonly CatalogImageSpec[] | undefined;

/**
 * The catalog's images, described on first use: the descriptions list thousands of files, and a
 * command that pulls nothing (`layercake docker images` over a saved state) should not make them.
 */
export function catalogSpecs(): readonly CatalogImageSpec[] {
  specs ??= describeCatalog();
  return specs;
}

const describeCatalog = (): readonly CatalogImageSpec[] => [
  {
    names: ["tiny:1"],
    steps: [
      {
        createdBy: "",
        comment: "Imported from -",
        files: {
          "/bin/busybox": { size: 1_982_256, mode: 0o755 },
          "/etc/passwd": "root:x:0:0:root:/root:/bin/sh\n",
          ...Object.fromEntries(
            ["sh", "ls", "cat", "echo", "mkdir", "rm", "touch", "mv", "ln"].map((name) => [
              `/bin/${name}`,
              { symlink: "busybox" },
            ]),
          ),
        },
      },
    ],
    config: {},
    created: "2024-01-01T00:00:00Z",
    note: "The base image of Layercake's recorded Docker experiments: busybox-static with 9 applet symlinks and /etc/passwd, one imported layer of 1,982,349 bytes.",
  },
  {
    names: ["busybox:latest", "busybox:1.37", "busybox:1.37.0"],
    steps: [
      {
        createdBy: "BusyBox 1.37.0 (glibc), Debian 12",
        files: {
          "/bin/busybox": { size: 2_166_000, mode: 0o755 },
          "/etc/passwd": "root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/home:/bin/false\n",
          "/etc/group": "root:x:0:\nnogroup:x:65534:\n",
          "/tmp/": "dir",
          "/root/": "dir",
          ...payloadFiles("/lib", 2_100_000, 6),
          ...Object.fromEntries(
            [...new Set([...coreutilsNames, "sh", "ash", "grep", "sed", "tar", "which", "uname"])].map(
              (name) => [`/bin/${name}`, { symlink: "busybox" }],
            ),
          ),
        },
      },
      { createdBy: 'CMD ["sh"]' },
    ],
    config: { Env: [PATH], Cmd: ["sh"] },
    created: "2024-09-26T21:31:42Z",
    note: "busybox:latest as published (one layer, ~4.3 MB); applets are symlinks here where the real image uses hard links.",
  },
  {
    names: ["alpine:3.21", "alpine:latest", "alpine:3"],
    steps: [alpineRootfs("3.21"), alpineCmd],
    config: { Env: [PATH], Cmd: ["/bin/sh"] },
    created: "2025-01-08T12:07:30Z",
    note: "alpine:3.21 (one layer, ~7.8 MB).",
  },
  {
    names: ["alpine:3.20"],
    steps: [alpineRootfs("3.20"), alpineCmd],
    config: { Env: [PATH], Cmd: ["/bin/sh"] },
    created: "2025-01-08T12:07:30Z",
    note: "alpine:3.20 (one layer, ~7.8 MB).",
  },
  {
    names: ["debian:bookworm", "debian:12", "debian:latest"],
    steps: [debianRootfsStep("bookworm", debianBookworm()), bashCmd],
    config: { Env: [PATH], Cmd: ["bash"] },
    created: "2024-12-02T00:00:00Z",
    note: "debian:bookworm (one layer, ~117 MB).",
  },
  {
    names: ["debian:bookworm-slim", "debian:12-slim"],
    steps: [debianRootfsStep("bookworm", debianBookwormSlim()), bashCmd],
    config: { Env: [PATH], Cmd: ["bash"] },
    created: "2024-12-02T00:00:00Z",
    note: "debian:bookworm-slim (one layer, ~74.8 MB): documentation, man pages and locales removed.",
  },
  {
    names: ["ubuntu:24.04", "ubuntu:latest", "ubuntu:noble"],
    steps: [
      { createdBy: "/bin/sh -c #(nop)  ARG RELEASE" },
      { createdBy: "/bin/sh -c #(nop)  ARG LAUNCHPAD_BUILD_ARCH" },
      { createdBy: "/bin/sh -c #(nop)  LABEL org.opencontainers.image.ref.name=ubuntu" },
      { createdBy: "/bin/sh -c #(nop)  LABEL org.opencontainers.image.version=24.04" },
      {
        createdBy:
          "/bin/sh -c #(nop) ADD file:bcebbf0fddcba5b864d5d267b68dd23bcfb01275e6ec7bcab69bf8b56af14804 in / ",
        files: rootfs(
          debianUserland({ osRelease: ubuntuOsRelease("24.04", "24.04.1 LTS", "noble") }),
          "/usr/lib/x86_64-linux-gnu/base",
          71 * MB,
          50,
        ),
      },
      { createdBy: '/bin/sh -c #(nop)  CMD ["/bin/bash"]' },
    ],
    config: {
      Env: [PATH],
      Cmd: ["/bin/bash"],
      Labels: { "org.opencontainers.image.ref.name": "ubuntu", "org.opencontainers.image.version": "24.04" },
    },
    created: "2024-11-22T00:00:00Z",
    note: "ubuntu:24.04 (one layer, ~78 MB); built by Canonical with the classic builder, hence `#(nop)` history.",
  },
  {
    names: ["ubuntu:22.04", "ubuntu:jammy"],
    steps: [
      { createdBy: "/bin/sh -c #(nop)  ARG RELEASE" },
      { createdBy: "/bin/sh -c #(nop)  ARG LAUNCHPAD_BUILD_ARCH" },
      { createdBy: "/bin/sh -c #(nop)  LABEL org.opencontainers.image.ref.name=ubuntu" },
      { createdBy: "/bin/sh -c #(nop)  LABEL org.opencontainers.image.version=22.04" },
      {
        createdBy:
          "/bin/sh -c #(nop) ADD file:6b4bf1b7e5a5d5c4d13cbbe6a5b3fb0f6b4c2f0ff1bd7d3c5b93a0b6a22f7e8a in / ",
        files: rootfs(
          debianUserland({ osRelease: ubuntuOsRelease("22.04", "22.04.5 LTS", "jammy") }),
          "/usr/lib/x86_64-linux-gnu/base",
          71 * MB,
          50,
        ),
      },
      { createdBy: '/bin/sh -c #(nop)  CMD ["/bin/bash"]' },
    ],
    config: {
      Env: [PATH],
      Cmd: ["/bin/bash"],
      Labels: { "org.opencontainers.image.ref.name": "ubuntu", "org.opencontainers.image.version": "22.04" },
    },
    created: "2024-09-11T00:00:00Z",
    note: "ubuntu:22.04 (one layer, ~78 MB).",
  },
  {
    names: ["buildpack-deps:bookworm"],
    base: "debian:bookworm",
    steps: buildpackDeps(),
    config: { Env: [PATH], Cmd: ["bash"] },
    created: "2024-12-03T00:00:00Z",
    note: "buildpack-deps:bookworm (4 layers, ~790 MB): the compilers and -dev packages that node:22 and python:3.12 start from.",
  },
  {
    names: ["node:22", "node:lts", "node:latest", "node:22-bookworm"],
    base: "buildpack-deps:bookworm",
    steps: nodeSteps(
      "groupadd --gid 1000 node && useradd --uid 1000 --gid node --shell /bin/bash --create-home node",
      117 * MB,
    ),
    config: nodeConfig,
    created: "2024-12-03T12:00:00Z",
    note: "node:22 (8 layers, ~1.1 GB): Node.js on buildpack-deps:bookworm.",
  },
  {
    names: ["node:22-slim", "node:lts-slim", "node:22-bookworm-slim"],
    base: "debian:bookworm-slim",
    steps: nodeSteps(
      "groupadd --gid 1000 node && useradd --uid 1000 --gid node --shell /bin/bash --create-home node",
      117 * MB,
    ),
    config: nodeConfig,
    created: "2024-12-03T12:00:00Z",
    note: "node:22-slim (5 layers, ~225 MB).",
  },
  {
    names: ["node:22-alpine", "node:lts-alpine", "node:22-alpine3.21"],
    base: "alpine:3.21",
    steps: nodeSteps("addgroup -g 1000 node && adduser -u 1000 -G node -s /bin/sh -D node", 117 * MB),
    config: nodeConfig,
    created: "2024-12-03T12:00:00Z",
    note: "node:22-alpine (5 layers, ~155 MB).",
  },
  {
    names: ["python:3.12", "python:3.12-bookworm"],
    base: "buildpack-deps:bookworm",
    steps: pythonSteps(60 * MB),
    config: pythonConfig,
    created: "2024-12-04T00:00:00Z",
    note: "python:3.12 (6 layers, ~1.0 GB).",
  },
  {
    names: ["python:3.12-slim", "python:3.12-slim-bookworm"],
    base: "debian:bookworm-slim",
    steps: pythonSteps(41 * MB, [
      {
        createdBy:
          "RUN /bin/sh -c set -eux; apt-get update; apt-get install -y --no-install-recommends ca-certificates netbase tzdata; rm -rf /var/lib/apt/lists/* # buildkit",
        comment: "buildkit.dockerfile.v0",
        files: payloadFiles("/usr/share/zoneinfo", 9 * MB, 30, ""),
      },
    ]),
    config: pythonConfig,
    created: "2024-12-04T00:00:00Z",
    note: "python:3.12-slim (4 layers, ~125 MB).",
  },
  {
    names: ["python:3.12-alpine", "python:3.12-alpine3.21"],
    base: "alpine:3.21",
    steps: pythonSteps(42 * MB, [
      {
        createdBy: "RUN /bin/sh -c set -eux; apk add --no-cache ca-certificates tzdata; # buildkit",
        comment: "buildkit.dockerfile.v0",
        files: payloadFiles("/usr/share/zoneinfo", 1_000_000, 10, ""),
      },
    ]),
    config: pythonConfig,
    created: "2024-12-04T00:00:00Z",
    note: "python:3.12-alpine (4 layers, ~51 MB).",
  },
  {
    names: ["nginx:latest", "nginx:1.27", "nginx:bookworm"],
    base: "debian:bookworm-slim",
    steps: [
      {
        createdBy: "LABEL maintainer=NGINX Docker Maintainers <docker-maint@nginx.com>",
        comment: "buildkit.dockerfile.v0",
      },
      { createdBy: "ENV NGINX_VERSION=1.27.3", comment: "buildkit.dockerfile.v0" },
      { createdBy: "ENV NJS_VERSION=0.8.7", comment: "buildkit.dockerfile.v0" },
      { createdBy: "ENV PKG_RELEASE=1~bookworm", comment: "buildkit.dockerfile.v0" },
      {
        createdBy:
          "RUN /bin/sh -c set -x && groupadd --system --gid 101 nginx && useradd --system --gid nginx --no-create-home --home /nonexistent --shell /bin/false --uid 101 nginx && apt-get update && apt-get install --no-install-recommends --no-install-suggests -y gnupg1 ca-certificates && apt-get install --no-install-recommends --no-install-suggests -y $nginxPackages gettext-base curl && rm -rf /var/lib/apt/lists/* /etc/apt/sources.list.d/nginx.list && ln -sf /dev/stdout /var/log/nginx/access.log && ln -sf /dev/stderr /var/log/nginx/error.log # buildkit",
        comment: "buildkit.dockerfile.v0",
        files: nginxFiles(110 * MB),
      },
      ...nginxTail(),
    ],
    config: nginxConfig,
    created: "2024-11-26T00:00:00Z",
    note: "nginx:latest (7 layers, ~192 MB).",
  },
  {
    names: ["nginx:alpine", "nginx:1.27-alpine"],
    base: "alpine:3.21",
    steps: [
      {
        createdBy: "LABEL maintainer=NGINX Docker Maintainers <docker-maint@nginx.com>",
        comment: "buildkit.dockerfile.v0",
      },
      { createdBy: "ENV NGINX_VERSION=1.27.3", comment: "buildkit.dockerfile.v0" },
      {
        createdBy:
          "RUN /bin/sh -c set -x && addgroup -g 101 -S nginx && adduser -S -D -H -u 101 -h /var/cache/nginx -s /sbin/nologin -G nginx -g nginx nginx && apk add --no-cache --virtual .checksum-deps openssl && apk add -X \"https://nginx.org/packages/mainline/alpine/v$(egrep -o '^[0-9]+\\.[0-9]+' /etc/alpine-release)/main\" --no-cache $nginxPackages # buildkit",
        comment: "buildkit.dockerfile.v0",
        files: nginxFiles(38 * MB),
      },
      ...nginxTail(),
    ],
    config: { ...nginxConfig, Env: [PATH, "NGINX_VERSION=1.27.3", "PKG_RELEASE=1"] },
    created: "2024-11-26T00:00:00Z",
    note: "nginx:alpine (7 layers, ~48 MB).",
  },
];
