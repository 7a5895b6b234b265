// Recognizes credentials written as plain text. Key names are split into
// words so that `secret_key`, `dbPassword` and `id_secret` match while
// `token_expiry`, `password_file` or `key_path` (settings *about* a secret)
// do not; values are checked for URLs with an embedded password and for AWS
// access key ids.

function words(key: string): string[] {
  return key
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w !== "");
}

const SECRET_WORDS = new Set(["password", "passwd", "pwd", "passphrase", "secret", "token", "apikey", "credential", "credentials"]);
const KEY_PAIRS = [
  ["api", "key"],
  ["private", "key"],
  ["access", "key"],
  ["secret", "key"],
  ["auth", "key"],
  ["master", "key"],
];
/** Last words that make a key a setting about a secret, not the secret itself. */
const NOT_SECRET_SUFFIX = new Set([
  "file",
  "path",
  "dir",
  "directory",
  "expiry",
  "expires",
  "expiration",
  "ttl",
  "length",
  "timeout",
  "url",
  "name",
  "type",
  "algorithm",
  "header",
  "method",
  "enabled",
  "enable",
  "prefix",
  "env",
  "var",
]);

export function isSecretKey(key: string): boolean {
  const w = words(key);
  if (w.length === 0) return false;
  if (NOT_SECRET_SUFFIX.has(w[w.length - 1]!)) return false;
  if (w.some((x) => SECRET_WORDS.has(x))) return true;
  return KEY_PAIRS.some(([a, b]) => {
    const i = w.indexOf(a!);
    return i >= 0 && w[i + 1] === b;
  });
}

/** `scheme://user:password@host…` with a non-empty password. */
const URL_WITH_PASSWORD = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/[^/\s:@]*:([^/\s@]+)@/;

export function urlPassword(value: string): string | undefined {
  const m = URL_WITH_PASSWORD.exec(value.trim());
  return m ? m[1] : undefined;
}

export const AWS_ACCESS_KEY_ID = /\b(?:AKIA|ASIA|AROA|AIDA)[0-9A-Z]{16}\b/;

/** Placeholders and well-known defaults that are not secrets at all. */
export function isDefaultSecret(value: string): boolean {
  const v = value.trim().toLowerCase();
  return (
    v === "" ||
    /changeme|change_me|change-me/.test(v) ||
    ["secret", "password", "token", "default", "admin", "galaxy", "pulsar", "test"].includes(v)
  );
}

/** A value that cannot be a credential: empty, a file path, a number-only port, or a placeholder in angle brackets. */
export function isNonSecretValue(value: string): boolean {
  const v = value.trim();
  return v === "" || v.startsWith("/") || v.startsWith("~/") || /^<[^>]*>$/.test(v);
}

export interface SecretHit {
  kind: "key" | "url-password" | "aws-key";
  /** Where in the string the secret is (for url-password). */
  span?: [number, number];
}

/** Why `value` under `key` is a plain-text secret, or undefined. */
export function secretIn(key: string | undefined, value: string): SecretHit | undefined {
  const pw = urlPassword(value);
  if (pw !== undefined && !/^\$\{?[A-Za-z_]/.test(pw)) {
    const lead = value.length - value.trimStart().length;
    const at = value.indexOf("@", lead);
    const start = value.lastIndexOf(":", at) + 1;
    return { kind: "url-password", span: [start, at] };
  }
  const aws = AWS_ACCESS_KEY_ID.exec(value);
  if (aws) return { kind: "aws-key", span: [aws.index, aws.index + aws[0].length] };
  if (key !== undefined && isSecretKey(key) && !isNonSecretValue(value)) return { kind: "key" };
  return undefined;
}
