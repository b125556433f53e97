/**
 * Simulated package managers for teaching examples: `apt-get`, `apk`, `pip` and `npm` install
 * realistic file sets with realistic sizes from a small catalog, leave their caches where the real
 * tools leave them, and fail with the real tools' messages for unknown packages. The sizes are
 * approximations of Debian bookworm / Alpine 3.21 / PyPI / npm packages with their usual
 * dependencies (shell/packages.md lists them); payloads are generated, never stored.
 */
import { syntheticContent, textContent } from "../fs/content.ts";
import { absolutePath, type CommandImplementation, type ShellContext } from "./context.ts";

const MB = 1_000_000;

interface PackageSpec {
  readonly version: string;
  /** Installed bytes, including the dependencies the tool pulls in with it. */
  readonly bytes: number;
  /** Where the bulk of the files go (relative to /, or to site-packages / node_modules). */
  readonly directory: string;
  /** Executables the package provides (under /usr/bin, /usr/local/bin…). */
  readonly binaries?: readonly string[];
  /** Size of the downloaded archive (.deb, .apk, wheel, tarball): what a cache keeps. */
  readonly archiveBytes: number;
}

export const APT_PACKAGES: Readonly<Record<string, PackageSpec>> = {
  "build-essential": {
    version: "12.9",
    bytes: 232 * MB,
    directory: "usr/lib/gcc/x86_64-linux-gnu/12",
    binaries: ["gcc", "g++", "make"],
    archiveBytes: 62 * MB,
  },
  "ca-certificates": {
    version: "20230311",
    bytes: 600_000,
    directory: "usr/share/ca-certificates",
    archiveBytes: 153_000,
  },
  curl: {
    version: "7.88.1-10+deb12u8",
    bytes: 3_300_000,
    directory: "usr/lib/x86_64-linux-gnu/curl",
    binaries: ["curl"],
    archiveBytes: 1_100_000,
  },
  git: {
    version: "1:2.39.5-0+deb12u1",
    bytes: 46 * MB,
    directory: "usr/lib/git-core",
    binaries: ["git"],
    archiveBytes: 9_800_000,
  },
  gcc: {
    version: "4:12.2.0-3",
    bytes: 68 * MB,
    directory: "usr/lib/gcc/x86_64-linux-gnu/12",
    binaries: ["gcc"],
    archiveBytes: 19 * MB,
  },
  jq: {
    version: "1.6-2.1",
    bytes: 1_100_000,
    directory: "usr/lib/x86_64-linux-gnu/jq",
    binaries: ["jq"],
    archiveBytes: 320_000,
  },
  make: {
    version: "4.3-4.1",
    bytes: 1_600_000,
    directory: "usr/share/make",
    binaries: ["make"],
    archiveBytes: 400_000,
  },
  nginx: {
    version: "1.22.1-9+deb12u1",
    bytes: 2_900_000,
    directory: "usr/share/nginx",
    binaries: ["nginx"],
    archiveBytes: 900_000,
  },
  "openssh-client": {
    version: "1:9.2p1-2+deb12u3",
    bytes: 5_400_000,
    directory: "usr/lib/openssh",
    binaries: ["ssh", "scp"],
    archiveBytes: 1_000_000,
  },
  python3: {
    version: "3.11.2-1+b1",
    bytes: 29 * MB,
    directory: "usr/lib/python3.11",
    binaries: ["python3"],
    archiveBytes: 6_600_000,
  },
  unzip: {
    version: "6.0-28",
    bytes: 400_000,
    directory: "usr/share/unzip",
    binaries: ["unzip"],
    archiveBytes: 166_000,
  },
  vim: {
    version: "2:9.0.1378-2",
    bytes: 39 * MB,
    directory: "usr/share/vim",
    binaries: ["vim"],
    archiveBytes: 8_700_000,
  },
  wget: {
    version: "1.21.3-1+b2",
    bytes: 3_700_000,
    directory: "usr/share/wget",
    binaries: ["wget"],
    archiveBytes: 980_000,
  },
};

export const APK_PACKAGES: Readonly<Record<string, PackageSpec>> = {
  bash: {
    version: "5.2.37-r0",
    bytes: 2_100_000,
    directory: "usr/lib/bash",
    binaries: ["bash"],
    archiveBytes: 900_000,
  },
  "build-base": {
    version: "0.5-r3",
    bytes: 205 * MB,
    directory: "usr/libexec/gcc",
    binaries: ["gcc", "make"],
    archiveBytes: 58 * MB,
  },
  "ca-certificates": {
    version: "20241121-r1",
    bytes: 700_000,
    directory: "usr/share/ca-certificates",
    archiveBytes: 170_000,
  },
  curl: {
    version: "8.11.1-r0",
    bytes: 1_700_000,
    directory: "usr/lib/curl",
    binaries: ["curl"],
    archiveBytes: 700_000,
  },
  git: {
    version: "2.47.1-r0",
    bytes: 16 * MB,
    directory: "usr/libexec/git-core",
    binaries: ["git"],
    archiveBytes: 5_800_000,
  },
  nodejs: {
    version: "22.11.0-r1",
    bytes: 64 * MB,
    directory: "usr/lib/node",
    binaries: ["node"],
    archiveBytes: 17 * MB,
  },
  python3: {
    version: "3.12.8-r1",
    bytes: 46 * MB,
    directory: "usr/lib/python3.12",
    binaries: ["python3"],
    archiveBytes: 12 * MB,
  },
};

export const PIP_PACKAGES: Readonly<Record<string, PackageSpec>> = {
  django: { version: "5.1.4", bytes: 41 * MB, directory: "django", archiveBytes: 8_300_000 },
  fastapi: { version: "0.115.6", bytes: 3_200_000, directory: "fastapi", archiveBytes: 950_000 },
  flask: { version: "3.1.0", bytes: 4_100_000, directory: "flask", archiveBytes: 1_200_000 },
  gunicorn: {
    version: "23.0.0",
    bytes: 600_000,
    directory: "gunicorn",
    binaries: ["gunicorn"],
    archiveBytes: 85_000,
  },
  numpy: { version: "2.2.1", bytes: 38 * MB, directory: "numpy", archiveBytes: 16 * MB },
  pandas: { version: "2.2.3", bytes: 71 * MB, directory: "pandas", archiveBytes: 13 * MB },
  requests: { version: "2.32.3", bytes: 2_300_000, directory: "requests", archiveBytes: 640_000 },
};

export const NPM_PACKAGES: Readonly<Record<string, PackageSpec>> = {
  axios: { version: "1.7.9", bytes: 2_300_000, directory: "axios", archiveBytes: 700_000 },
  express: { version: "4.21.2", bytes: 2_400_000, directory: "express", archiveBytes: 800_000 },
  "left-pad": { version: "1.3.0", bytes: 12_000, directory: "left-pad", archiveBytes: 3_000 },
  lodash: { version: "4.17.21", bytes: 1_400_000, directory: "lodash", archiveBytes: 310_000 },
  next: { version: "15.1.3", bytes: 118 * MB, directory: "next", binaries: ["next"], archiveBytes: 25 * MB },
  react: { version: "19.0.0", bytes: 270_000, directory: "react", archiveBytes: 62_000 },
  "react-dom": { version: "19.0.0", bytes: 6_700_000, directory: "react-dom", archiveBytes: 1_300_000 },
  typescript: {
    version: "5.7.2",
    bytes: 23 * MB,
    directory: "typescript",
    binaries: ["tsc"],
    archiveBytes: 6_000_000,
  },
};

/** Writes `bytes` as a handful of files under `directory`, seeded by the package name. */
function writePayload(
  context: ShellContext,
  seed: string,
  directory: string,
  bytes: number,
  files = 8,
): boolean {
  const made = context.fs.mkdir(directory, { parents: true });
  if (!made.ok) return false;
  const each = Math.floor(bytes / files);
  for (let index = 0; index < files; index += 1) {
    const size = index === files - 1 ? bytes - each * (files - 1) : each;
    const result = context.fs.writeFile(
      `${directory}/part-${index}`,
      syntheticContent(`${seed}:${index}`, size),
    );
    if (!result.ok) return false;
  }
  return true;
}

function appendText(context: ShellContext, path: string, text: string): void {
  context.fs.writeFile(path, textContent(text), { append: true });
}

function hasAptLists(context: ShellContext): boolean {
  const listing = context.fs.readdir("/var/lib/apt/lists");
  return listing.ok && listing.value.some((name) => name.endsWith("_Packages"));
}

const APT_LISTS: readonly [string, number][] = [
  ["deb.debian.org_debian_dists_bookworm_InRelease", 151_000],
  ["deb.debian.org_debian_dists_bookworm_main_binary-amd64_Packages", 44_000_000],
  ["deb.debian.org_debian_dists_bookworm-updates_main_binary-amd64_Packages", 65_000],
  ["deb.debian.org_debian-security_dists_bookworm-security_main_binary-amd64_Packages", 560_000],
];

/** `apt-get update | install | clean | remove` as Debian's and Ubuntu's images run them. */
export const aptGet: CommandImplementation = (argv, io, context) => {
  const args = argv.slice(1);
  const action = args.find((arg) => !arg.startsWith("-"));
  if (context.identity.uid !== 0) {
    io.err("E: Could not open lock file /var/lib/dpkg/lock-frontend - open (13: Permission denied)\n");
    return 100;
  }
  switch (action) {
    case "update": {
      for (const [name, size] of APT_LISTS) {
        context.fs.mkdir("/var/lib/apt/lists", { parents: true });
        context.fs.writeFile(`/var/lib/apt/lists/${name}`, syntheticContent(`apt-list:${name}`, size));
      }
      context.fs.mkdir("/var/cache/apt", { parents: true });
      context.fs.writeFile("/var/cache/apt/pkgcache.bin", syntheticContent("apt-pkgcache", 27_600_000));
      context.fs.writeFile("/var/cache/apt/srcpkgcache.bin", syntheticContent("apt-srcpkgcache", 27_400_000));
      io.out(
        "Get:1 http://deb.debian.org/debian bookworm InRelease [151 kB]\nGet:2 http://deb.debian.org/debian bookworm/main amd64 Packages [8792 kB]\nFetched 9008 kB in 1s (8910 kB/s)\nReading package lists...\n",
      );
      return 0;
    }
    case "install": {
      const names = args.filter((arg) => !arg.startsWith("-") && arg !== "install");
      io.out("Reading package lists...\nBuilding dependency tree...\nReading state information...\n");
      for (const name of names) {
        if (!hasAptLists(context) || !APT_PACKAGES[name]) {
          io.err(`E: Unable to locate package ${name}\n`);
          return 100;
        }
      }
      if (!args.includes("-y") && !args.includes("--yes") && !args.includes("-qy")) {
        io.out("Do you want to continue? [Y/n] Abort.\n");
        return 1;
      }
      for (const name of names) {
        const spec = APT_PACKAGES[name] as PackageSpec;
        if (!writePayload(context, `apt:${name}`, `/${spec.directory}/${name}`, spec.bytes)) return 100;
        for (const binary of spec.binaries ?? [])
          context.fs.writeFile(`/usr/bin/${binary}`, syntheticContent(`apt:${name}:${binary}`, 250_000), {
            mode: 0o755,
          });
        appendText(
          context,
          "/var/lib/dpkg/status",
          `\nPackage: ${name}\nStatus: install ok installed\nVersion: ${spec.version}\n`,
        );
        io.out(`Setting up ${name} (${spec.version}) ...\n`);
      }
      // Debian's and Ubuntu's images ship /etc/apt/apt.conf.d/docker-clean, which deletes the
      // downloaded .deb files after every install: the package lists are what stay behind.
      return 0;
    }
    case "clean":
      context.fs.unlink("/var/cache/apt/pkgcache.bin");
      context.fs.unlink("/var/cache/apt/srcpkgcache.bin");
      return 0;
    case "remove":
    case "purge": {
      for (const name of args.filter((arg) => !arg.startsWith("-") && arg !== action)) {
        const spec = APT_PACKAGES[name];
        if (spec) removeTreeQuietly(context, `/${spec.directory}/${name}`);
      }
      return 0;
    }
    default:
      io.err(`E: Invalid operation ${action ?? ""}\n`);
      return 100;
  }
};

function removeTreeQuietly(context: ShellContext, path: string): void {
  const listing = context.fs.readdir(path);
  if (listing.ok) for (const name of listing.value) removeTreeQuietly(context, `${path}/${name}`);
  if (!context.fs.rmdir(path).ok) context.fs.unlink(path);
}

/** `apk add [--no-cache]`: without --no-cache the index stays in /var/cache/apk. */
export const apk: CommandImplementation = (argv, io, context) => {
  const [action, ...rest] = argv.slice(1);
  if (action !== "add" && action !== "update") {
    io.err(`apk: unsupported applet ${action ?? ""} (Layercake simulates apk add and apk update)\n`);
    return 1;
  }
  const noCache = rest.includes("--no-cache");
  if (!noCache || action === "update") {
    context.fs.mkdir("/var/cache/apk", { parents: true });
    context.fs.writeFile(
      "/var/cache/apk/APKINDEX.5ad2d6b3.tar.gz",
      syntheticContent("apk-index-main", 1_100_000),
    );
    context.fs.writeFile(
      "/var/cache/apk/APKINDEX.e1d3d2d6.tar.gz",
      syntheticContent("apk-index-community", 1_600_000),
    );
  }
  if (action === "update") {
    io.out(
      "fetch https://dl-cdn.alpinelinux.org/alpine/v3.21/main/x86_64/APKINDEX.tar.gz\nOK: 25396 distinct packages available\n",
    );
    return 0;
  }
  const names = rest.filter((arg) => !arg.startsWith("-"));
  io.out("fetch https://dl-cdn.alpinelinux.org/alpine/v3.21/main/x86_64/APKINDEX.tar.gz\n");
  const missing = names.filter((name) => !APK_PACKAGES[name]);
  if (missing.length > 0) {
    io.err(
      `ERROR: unable to select packages:\n${missing.map((name) => `  ${name} (no such package):\n    required by: world[${name}]\n`).join("")}`,
    );
    return missing.length;
  }
  names.forEach((name, index) => {
    const spec = APK_PACKAGES[name] as PackageSpec;
    writePayload(context, `apk:${name}`, `/${spec.directory}/${name}`, spec.bytes);
    for (const binary of spec.binaries ?? [])
      context.fs.writeFile(`/usr/bin/${binary}`, syntheticContent(`apk:${name}:${binary}`, 200_000), {
        mode: 0o755,
      });
    appendText(context, "/lib/apk/db/installed", `P:${name}\nV:${spec.version}\n\n`);
    io.out(`(${index + 1}/${names.length}) Installing ${name} (${spec.version})\n`);
  });
  io.out(`OK: ${names.length} packages installed\n`);
  return 0;
};

/** `pip install [--no-cache-dir] pkg…` into /usr/local/lib/python3.12/site-packages. */
export const pip: CommandImplementation = (argv, io, context) => {
  const [action, ...rest] = argv.slice(1);
  if (action !== "install") {
    io.err(`ERROR: unknown command "${action ?? ""}" (Layercake simulates pip install)\n`);
    return 1;
  }
  const noCache = rest.includes("--no-cache-dir");
  const names = rest
    .filter((arg) => !arg.startsWith("-"))
    .map((name) => name.split(/[=<>]/)[0]?.toLowerCase() ?? name);
  for (const name of names) {
    if (!PIP_PACKAGES[name]) {
      io.err(
        `ERROR: Could not find a version that satisfies the requirement ${name} (from versions: none)\nERROR: No matching distribution found for ${name}\n`,
      );
      return 1;
    }
  }
  for (const name of names) {
    const spec = PIP_PACKAGES[name] as PackageSpec;
    io.out(`Collecting ${name}\n  Downloading ${name}-${spec.version}-py3-none-any.whl\n`);
    writePayload(
      context,
      `pip:${name}`,
      `/usr/local/lib/python3.12/site-packages/${spec.directory}`,
      spec.bytes,
    );
    if (!noCache) {
      context.fs.mkdir("/root/.cache/pip/http-v2", { parents: true });
      context.fs.writeFile(
        `/root/.cache/pip/http-v2/${name}.body`,
        syntheticContent(`pip-cache:${name}`, spec.archiveBytes),
      );
    }
  }
  io.out(
    `Successfully installed ${names.map((name) => `${name}-${(PIP_PACKAGES[name] as PackageSpec).version}`).join(" ")}\n`,
  );
  return 0;
};

/** `npm install` / `npm ci` (from package.json in the working directory) and `npm install pkg…`. */
export const npm: CommandImplementation = (argv, io, context) => {
  const [action, ...rest] = argv.slice(1);
  if (action !== "install" && action !== "i" && action !== "ci") {
    io.err(`npm error Unknown command: "${action ?? ""}" (Layercake simulates npm install and npm ci)\n`);
    return 1;
  }
  let names = rest.filter((arg) => !arg.startsWith("-"));
  if (names.length === 0) {
    const manifest = context.fs.readFile(absolutePath(context, "package.json"));
    if (!manifest.ok) {
      io.err(
        `npm error code ENOENT\nnpm error path ${absolutePath(context, "package.json")}\nnpm error enoent Could not read package.json\n`,
      );
      return 254;
    }
    try {
      const parsed = JSON.parse(manifest.value.text()) as {
        dependencies?: Record<string, string>;
        devDependencies?: Record<string, string>;
      };
      const production = rest.includes("--omit=dev") || rest.includes("--production");
      names = [
        ...Object.keys(parsed.dependencies ?? {}),
        ...(production ? [] : Object.keys(parsed.devDependencies ?? {})),
      ];
    } catch {
      io.err("npm error code EJSONPARSE\nnpm error JSON.parse Invalid package.json\n");
      return 1;
    }
  }
  for (const name of names) {
    if (!NPM_PACKAGES[name]) {
      io.err(
        `npm error code E404\nnpm error 404 Not Found - GET https://registry.npmjs.org/${name} - Not found\n`,
      );
      return 1;
    }
  }
  for (const name of names) {
    const spec = NPM_PACKAGES[name] as PackageSpec;
    writePayload(context, `npm:${name}`, absolutePath(context, `node_modules/${spec.directory}`), spec.bytes);
    context.fs.mkdir("/root/.npm/_cacache/content-v2/sha512", { parents: true });
    context.fs.writeFile(
      `/root/.npm/_cacache/content-v2/sha512/${name}`,
      syntheticContent(`npm-cache:${name}`, spec.archiveBytes),
    );
  }
  io.out(`\nadded ${names.length} packages in 1s\n`);
  return 0;
};

export const PACKAGE_MANAGER_COMMANDS = {
  "apt-get": aptGet,
  apt: aptGet,
  apk,
  pip,
  pip3: pip,
  "pip3.12": pip,
  npm,
  "npm-cli.js": npm,
} as const;
