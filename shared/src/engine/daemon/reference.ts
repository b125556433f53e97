/**
 * Image references the way the docker CLI and daemon normalise them (distribution/reference
 * `ParseNormalizedNamed` + `TagNameOnly` + `FamiliarString`): `tiny` → `tiny:latest`,
 * `docker.io/library/tiny:1` → `tiny:1`, `localhost:5000/app` → `localhost:5000/app:latest`.
 */

export interface ImageReference {
  /** Familiar repository name: `tiny`, `user/app`, `localhost:5000/app`. */
  readonly repository: string;
  readonly tag?: string;
  readonly digest?: string;
}

const COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const TAG = /^[\w][\w.-]{0,127}$/;
const DIGEST = /^sha256:[0-9a-f]{64}$/;

/**
 * Parses a reference; `undefined` when Docker would say "invalid reference format".
 * @example parseImageReference("docker.io/library/tiny:1") // { repository: "tiny", tag: "1" }
 */
export function parseImageReference(text: string): ImageReference | undefined {
  let rest = text;
  let digest: string | undefined;
  const at = rest.indexOf("@");
  if (at !== -1) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!DIGEST.test(digest)) return undefined;
  }
  let tag: string | undefined;
  const lastSlash = rest.lastIndexOf("/");
  const lastColon = rest.lastIndexOf(":");
  if (lastColon > lastSlash) {
    tag = rest.slice(lastColon + 1);
    rest = rest.slice(0, lastColon);
    if (!TAG.test(tag)) return undefined;
  }
  if (rest === "") return undefined;
  const parts = rest.split("/");
  const first = parts[0] ?? "";
  const hasDomain = parts.length > 1 && (first.includes(".") || first.includes(":") || first === "localhost");
  let domain = hasDomain ? first : "docker.io";
  let path = hasDomain ? parts.slice(1) : parts;
  if (domain === "index.docker.io") domain = "docker.io";
  if (domain === "docker.io" && path.length === 1) path = ["library", ...path];
  if (path.length === 0 || !path.every((component) => COMPONENT.test(component))) return undefined;
  if (hasDomain && !/^[a-zA-Z0-9.-]+(?::\d+)?$/.test(domain)) return undefined;
  const familiarPath =
    domain === "docker.io" && path[0] === "library" && path.length === 2 ? path.slice(1) : path;
  const repository = domain === "docker.io" ? familiarPath.join("/") : `${domain}/${path.join("/")}`;
  return { repository, ...(tag === undefined ? {} : { tag }), ...(digest === undefined ? {} : { digest }) };
}

/**
 * The familiar `name:tag` a reference is stored under (`TagNameOnly`: no tag and no digest → `latest`).
 * @example normalizeImageTag("tiny") // "tiny:latest"
 */
export function normalizeImageTag(text: string): string | undefined {
  const parsed = parseImageReference(text);
  if (parsed === undefined) return undefined;
  if (parsed.digest !== undefined) {
    return parsed.tag === undefined
      ? `${parsed.repository}@${parsed.digest}`
      : `${parsed.repository}:${parsed.tag}`;
  }
  return `${parsed.repository}:${parsed.tag ?? "latest"}`;
}

/** BuildKit's vertex name for a base image: `docker.io/library/tiny:1`. */
export function fullyQualifiedReference(text: string): string {
  const parsed = parseImageReference(text);
  if (parsed === undefined) return text;
  const hasDomain = parsed.repository.split("/").length > 1 && /[.:]|^localhost\//.test(parsed.repository);
  const name = hasDomain
    ? parsed.repository
    : parsed.repository.includes("/")
      ? `docker.io/${parsed.repository}`
      : `docker.io/library/${parsed.repository}`;
  const suffix = parsed.digest === undefined ? `:${parsed.tag ?? "latest"}` : `@${parsed.digest}`;
  return `${name}${parsed.tag !== undefined && parsed.digest !== undefined ? `:${parsed.tag}` : ""}${suffix}`;
}
