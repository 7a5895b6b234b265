// Report formats. Rules and the engine never print; the CLI picks one of
// these. text: one line per finding (`file:line:col severity id message`)
// and the fix; json: everything, for scripts; sarif: SARIF 2.1.0 for code
// scanning; github: workflow-command annotations.
import { isAbsolute, relative, resolve, sep } from "node:path";
import { pathToFileURL } from "node:url";
import { VERSION } from "../version.js";
import { dottedPath } from "./baseline.js";
import { summarize } from "./engine.js";
import { DOCS_BASE_URL, helpUri, ruleSlug } from "./meta.js";
import { isActive, type Finding, type LintReport, type Severity } from "./types.js";

export const FORMATS = ["text", "json", "sarif", "github"] as const;
export type Format = (typeof FORMATS)[number];

export interface FormatOptions {
  color?: boolean;
  /** Directory SARIF artifact URIs are made relative to (default: the current directory). */
  cwd?: string;
}

const ANSI = {
  reset: "\u001b[0m",
  bold: "\u001b[1m",
  dim: "\u001b[2m",
  red: "\u001b[31m",
  yellow: "\u001b[33m",
  cyan: "\u001b[36m",
};
const SEVERITY_COLOR: Record<Severity, string> = { error: ANSI.red + ANSI.bold, warning: ANSI.yellow, note: ANSI.cyan };

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

export function formatText(report: LintReport, opts: FormatOptions = {}): string {
  const c = (code: string, s: string) => (opts.color ? code + s + ANSI.reset : s);
  const active = report.findings.filter(isActive);
  let out = "";
  for (const f of active) {
    out += `${f.file}:${f.line}:${f.col} ${c(SEVERITY_COLOR[f.severity], f.severity)} ${c(ANSI.dim, f.ruleId)} ${f.message}\n`;
    out += `  ${c(ANSI.dim, "fix:")} ${f.fix}\n`;
  }
  const s = summarize(report);
  if (active.length > 0 || s.suppressed + s.baselined > 0) {
    const hidden = [s.suppressed ? `${s.suppressed} suppressed` : "", s.baselined ? `${s.baselined} baselined` : ""].filter(Boolean);
    out +=
      `${plural(s.errors, "error")}, ${plural(s.warnings, "warning")}, ${plural(s.notes, "note")}` +
      (hidden.length ? ` (${hidden.join(", ")})` : "") +
      "\n";
  }
  return out;
}

function status(f: Finding): "active" | "suppressed" | "baselined" {
  return f.suppressed ? "suppressed" : f.baselined ? "baselined" : "active";
}

export function formatJson(report: LintReport): string {
  const doc = {
    version: 1,
    tool: { name: "gxit-gen", version: VERSION },
    files: report.files,
    summary: summarize(report),
    findings: report.findings.map((f) => ({
      ruleId: f.ruleId,
      severity: f.severity,
      status: status(f),
      messageId: f.messageId,
      message: f.message,
      fix: f.fix,
      helpUri: f.helpUri,
      file: f.file,
      line: f.line,
      col: f.col,
      endLine: f.endLine,
      endCol: f.endCol,
      path: dottedPath(f.path),
      pathSegments: f.path,
      fingerprint: f.fingerprint,
      ...(f.destination !== undefined ? { destination: f.destination } : {}),
      ...(f.suppressed ? { suppression: f.suppressed } : {}),
      ...(f.data ? { data: f.data } : {}),
    })),
  };
  return JSON.stringify(doc, null, 2) + "\n";
}

/** Relative to the working directory (what code scanning expects), else an absolute file: URI. */
function uriFor(file: string, cwd: string): string {
  const rel = relative(cwd, resolve(cwd, file));
  if (rel.startsWith("..") || isAbsolute(rel)) return pathToFileURL(resolve(cwd, file)).href;
  return rel.split(sep).map(encodeURIComponent).join("/");
}

export function formatSarif(report: LintReport, opts: FormatOptions = {}): string {
  const cwd = opts.cwd ?? process.cwd();
  const ruleIndex = new Map(report.rules.map((r, i) => [r.id, i]));
  const rules = report.rules.map((r) => ({
    id: r.id,
    name: ruleSlug(r.id),
    shortDescription: { text: r.description },
    fullDescription: { text: r.rationale },
    help: { text: r.fix, markdown: `**Fix:** ${r.fix}\n\n[Rule documentation](${helpUri(r)})` },
    helpUri: helpUri(r),
    defaultConfiguration: { level: r.severity },
    properties: { tags: ["security", r.id.replace(/\[.*$/, "")], suppressible: r.suppressible },
  }));
  const results = report.findings.map((f) => {
    const result: Record<string, unknown> = {
      ruleId: f.ruleId,
      level: f.severity,
      message: { text: `${f.message}\nFix: ${f.fix}` },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: uriFor(f.file, cwd) },
            region: { startLine: f.line, startColumn: f.col, endLine: f.endLine, endColumn: Math.max(f.endCol, f.line === f.endLine ? f.col : 1) },
          },
          ...(f.path.length > 0 ? { logicalLocations: [{ fullyQualifiedName: dottedPath(f.path), kind: "member" }] } : {}),
        },
      ],
      partialFingerprints: { "gxitFingerprint/v1": f.fingerprint },
    };
    const idx = ruleIndex.get(f.ruleId);
    if (idx !== undefined) result.ruleIndex = idx;
    if (f.suppressed) {
      result.suppressions = [
        { kind: f.suppressed.kind === "inline" ? "inSource" : "external", status: "accepted", justification: f.suppressed.reason },
      ];
    } else if (f.baselined) {
      result.suppressions = [{ kind: "external", status: "accepted", justification: "recorded in the lint baseline" }];
      result.baselineState = "unchanged";
    }
    return result;
  });
  const log = {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: "gxit-gen",
            version: VERSION,
            informationUri: DOCS_BASE_URL + "docs/rules/README.md",
            rules,
          },
        },
        columnKind: "utf16CodeUnits",
        results,
      },
    ],
  };
  return JSON.stringify(log, null, 2) + "\n";
}

/** GitHub workflow commands: `%`, CR, LF escaped in data; also `:` and `,` in properties. */
function ghData(s: string): string {
  return s.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}
function ghProp(s: string): string {
  return ghData(s).replace(/:/g, "%3A").replace(/,/g, "%2C");
}

export function formatGithub(report: LintReport): string {
  const kind: Record<Severity, string> = { error: "error", warning: "warning", note: "notice" };
  let out = "";
  for (const f of report.findings.filter(isActive)) {
    const props = [
      `file=${ghProp(f.file.split(sep).join("/"))}`,
      `line=${f.line}`,
      `col=${f.col}`,
      `endLine=${f.endLine}`,
      `title=${ghProp(f.ruleId)}`,
    ].join(",");
    out += `::${kind[f.severity]} ${props}::${ghData(`${f.message}\nfix: ${f.fix}`)}\n`;
  }
  return out;
}

export function formatReport(report: LintReport, format: Format, opts: FormatOptions = {}): string {
  switch (format) {
    case "text":
      return formatText(report, opts);
    case "json":
      return formatJson(report);
    case "sarif":
      return formatSarif(report, opts);
    case "github":
      return formatGithub(report);
  }
}
