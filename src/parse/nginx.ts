// A tolerant reader of nginx configuration templates: directives with their
// arguments and positions, nested in blocks. `{{ … }}` stays part of the word
// it is written in (it is a value, resolved later); Jinja statements are
// blanked first. Only what the GxIT rules need is modelled: server blocks,
// server_name, listen, proxy_pass.
import { blankJinjaStatements } from "./jinja-blank.js";
import { piecesFor, type LScalar, type Origin, type SourceFile } from "./located.js";

export interface NginxDirective {
  name: string;
  args: LScalar[];
  origin: Origin;
  block?: NginxDirective[];
}

export interface NginxServer {
  origin: Origin;
  serverName: Array<{ value: LScalar }>;
  listen: LScalar[][];
  proxyPass: LScalar[];
}

export interface NginxRead {
  src: SourceFile;
  directives: NginxDirective[];
  servers: NginxServer[];
  comments: Array<{ text: string; origin: Origin }>;
  error?: { offset: number; message: string };
}

const TOKEN = /\s*(?:(#[^\n]*)|("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')|([{};])|((?:\{\{[\s\S]*?\}\}|\$\{[^}]*\}|[^\s{};"'#])+))/gy;

export function readNginx(src: SourceFile): NginxRead {
  const text = blankJinjaStatements(src.text);
  const out: NginxRead = { src, directives: [], servers: [], comments: [] };
  const stack: NginxDirective[][] = [out.directives];
  let current: NginxDirective | undefined;
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < text.length) {
    const at = TOKEN.lastIndex;
    const m = TOKEN.exec(text);
    if (!m) {
      if (text.slice(at).trim() !== "" && !out.error) out.error = { offset: at, message: "unexpected character" };
      break;
    }
    const start = m.index + m[0].length - (m[1] ?? m[2] ?? m[3] ?? m[4] ?? "").length;
    if (m[1] !== undefined) {
      out.comments.push({ text: m[1], origin: { src, start, end: start + m[1].length } });
      continue;
    }
    const word = m[2] ?? m[4];
    if (word !== undefined) {
      const value = m[2] !== undefined ? word.slice(1, -1) : word;
      const origin: Origin = { src, start: m[2] !== undefined ? start + 1 : start, end: start + word.length - (m[2] !== undefined ? 1 : 0) };
      const scalar: LScalar = { kind: "scalar", value, origin, pieces: piecesFor(value, origin), ...(value.includes("{{") ? { partial: true } : {}) };
      if (!current) {
        current = { name: value, args: [], origin };
        stack[stack.length - 1]!.push(current);
      } else current.args.push(scalar);
      continue;
    }
    if (m[3] === ";") current = undefined;
    else if (m[3] === "{") {
      const block: NginxDirective[] = [];
      if (current) current.block = block;
      stack.push(block);
      current = undefined;
    } else if (m[3] === "}") {
      if (stack.length > 1) stack.pop();
      else if (!out.error) out.error = { offset: start, message: 'unexpected "}"' };
      current = undefined;
    }
  }
  const visit = (ds: NginxDirective[]) => {
    for (const d of ds) {
      if (d.name === "server" && d.block) {
        const s: NginxServer = { origin: d.origin, serverName: [], listen: [], proxyPass: [] };
        const inner = (xs: NginxDirective[]) => {
          for (const x of xs) {
            if (x.name === "server_name") s.serverName.push(...x.args.map((value) => ({ value })));
            else if (x.name === "listen") s.listen.push(x.args);
            else if (x.name === "proxy_pass" && x.args[0]) s.proxyPass.push(x.args[0]);
            if (x.block && x.name !== "server") inner(x.block);
          }
        };
        inner(d.block);
        out.servers.push(s);
      } else if (d.block) visit(d.block);
    }
  };
  visit(out.directives);
  return out;
}
