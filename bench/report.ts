/**
 * The tables and the target checks, as aligned text or as markdown.
 */
import { execFileSync } from "node:child_process";
import * as os from "node:os";
import { agreedResult, median, type ProgramResult } from "./measure";
import type { AppResult } from "./app";
import type { CorpusResult, RuntimeSize } from "./size";
import type { Host, Variant } from "./variants";

export class Report {
  private out: string[] = [];
  constructor(private readonly markdown: boolean) {}

  heading(text: string): void {
    this.out.push(this.markdown ? `### ${text}\n` : `\n== ${text} ==`);
  }

  note(text: string): void {
    this.out.push(this.markdown && text !== "" ? text + "\n" : text);
  }

  table(header: string[], rows: string[][]): void {
    // numbers right-aligned, words left-aligned
    const numeric = (c: string) => c === "" || /^[\d×±.]/.test(c);
    const right = header.map((_, i) => i > 0 && rows.every((r) => numeric(r[i] || "")));
    if (this.markdown) {
      const line = (cells: string[]) => "| " + cells.map((c) => c.replace(/\|/g, "\\|")).join(" | ") + " |";
      this.out.push(line(header), line(right.map((r) => (r ? "--:" : "---"))), ...rows.map(line), "");
      return;
    }
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] || "").length)));
    const line = (cells: string[]) => cells.map((c, i) => (right[i] ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join("  ").trimEnd();
    this.out.push(line(header), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line));
  }

  text(): string {
    return this.out.join("\n") + "\n";
  }
}

const ms = (x: number) => (isNaN(x) ? "n/a" : x >= 100 ? x.toFixed(0) : x.toFixed(1)) + " ms";
const kb = (bytes: number) => (bytes / 1024).toFixed(1) + " KB";
const ratio = (x: number) => (isFinite(x) ? "×" + x.toFixed(2) : "n/a");

/** The median elapsed ms of a variant in a program result (NaN when it failed). */
export function medianMs(r: ProgramResult, v: Variant): number {
  const cell = r.cells.find((c) => c.variant === v);
  return cell && cell.errors.length === 0 ? median(cell.ms) : NaN;
}

/** Largest (max − min) / median over the variants of a row: how noisy the row was. */
function spread(r: ProgramResult): string {
  let worst = 0;
  for (const c of r.cells) if (c.ms.length > 1) worst = Math.max(worst, (Math.max(...c.ms) - Math.min(...c.ms)) / median(c.ms));
  return "±" + ((worst * 100) / 2).toFixed(0) + "%";
}

/** Medians per program; every variant's time also as a ratio to the baseline variant's. */
export function speedTable(report: Report, results: ProgramResult[], variants: Variant[], baseline: Variant): void {
  const header = ["program", "n", ...variants.map((v) => (v === baseline ? v : `${v} (÷${baseline})`)), "noise", "result"];
  const rows = results.map((r) => {
    const base = medianMs(r, baseline);
    const agreed = agreedResult(r);
    return [
      r.program,
      r.reps > 1 ? `${r.n} ×${r.reps}` : String(r.n),
      ...variants.map((v) => {
        const m = medianMs(r, v);
        return v === baseline ? ms(m) : `${ms(m)} ${ratio(m / base)}`;
      }),
      spread(r),
      agreed.ok ? `${JSON.stringify(agreed.value)} (all agree)` : "MISMATCH OR FAILURE",
    ];
  });
  report.table(header, rows);
  for (const r of results) for (const c of r.cells) for (const e of c.errors) report.note(`  ${r.program}/${c.variant}: ${e}`);
}

export function memoryTable(report: Report, r: ProgramResult, variants: Variant[]): void {
  const per = (v: Variant) => median(r.cells.find((c) => c.variant === v)?.metrics.bytesPerTask || []);
  const native = per("native");
  report.table(
    ["variant", "bytes per suspended task", "÷ native"],
    variants.map((v) => [v, isNaN(per(v)) ? "n/a" : per(v).toFixed(0), ratio(per(v) / native)]),
  );
  const agreed = agreedResult(r);
  report.note(`n = ${r.n}; result ${agreed.ok ? `${JSON.stringify(agreed.value)} (all agree)` : "MISMATCH OR FAILURE"}`);
  for (const c of r.cells) for (const e of c.errors) report.note(`  memory/${c.variant}: ${e}`);
}

export function corpusTables(report: Report, corpus: CorpusResult, variants: string[], perFile: string[]): void {
  const cell = (o: { bytes: number; gzip: number } | undefined) => (o ? `${kb(o.bytes)} / ${kb(o.gzip)}` : "n/a");
  report.table(
    ["file (bytes / gzip)", "async fns", "source", ...perFile],
    corpus.files.map((f) => [
      `${f.file.pkg}@${f.file.version} ${f.file.rel}`,
      String(f.file.asyncFunctions),
      kb(f.file.source.length),
      ...perFile.map((v) => cell(f.out[v])),
    ]),
  );
  const total = (v: string, key: "bytes" | "gzip") => corpus.files.reduce((a, f) => a + f.out[v][key], 0);
  const source = corpus.files.reduce((a, f) => a + Buffer.byteLength(f.file.source), 0);
  report.note("");
  report.table(
    ["variant", "output", "gzip (sum per file)", "transform time"],
    [
      ["source", kb(source), "", ""],
      ...variants.map((v) => [v, kb(total(v, "bytes")), kb(total(v, "gzip")), ms(corpus.transformMs[v])]),
    ],
  );
}

export function runtimeTable(report: Report, runtimes: RuntimeSize[]): void {
  report.table(
    ["runtime", "bytes", "min", "min+gzip", "what"],
    runtimes.map((r) => [r.name, kb(r.bytes), kb(r.min), kb(r.minGzip), r.what]),
  );
}

/** The app bundled each way: sizes, and whether its run printed what the native bundle printed. */
export function appTable(report: Report, app: AppResult): void {
  const reference = app.bundles.find((b) => b.name === "native")?.output ?? null;
  report.table(
    ["bundle", "bytes", "min", "min+gzip", "runs", "how"],
    app.bundles.map((b) => [b.name, kb(b.bytes), kb(b.min), kb(b.minGzip), b.error ? "FAILED" : b.output === reference ? "agrees" : "DIFFERS", b.what]),
  );
  const agreed = appAgrees(app);
  if (agreed) report.note(`every bundle printed ${reference}`);
  for (const b of app.bundles) if (b.error) report.note(`  app/${b.name}: ${b.error}`);
  for (const b of app.bundles) if (!agreed && b.output !== null) report.note(`  app/${b.name} printed ${b.output}`);
}

/** Did every bundle of the app run and print the same line? */
export function appAgrees(app: AppResult): boolean {
  return app.bundles.every((b) => b.error === null) && new Set(app.bundles.map((b) => b.output)).size === 1;
}

export interface Target {
  what: string;
  measured: string;
  met: boolean | null;
}

export function targetList(report: Report, targets: Target[]): void {
  report.table(
    ["target", "measured", "met"],
    targets.map((t) => [t.what, t.measured, t.met === null ? "n/a" : t.met ? "yes" : "NO"]),
  );
}

/** Throughput of `a` relative to `b` in one program on one host (b's time over a's). */
export function speedup(results: ProgramResult[], program: string, host: Host, a: Variant, b: Variant): number {
  const r = results.find((x) => x.program === program && x.host === host);
  return r ? medianMs(r, b) / medianMs(r, a) : NaN;
}

function version(cmd: string, args: string[]): string {
  try {
    return execFileSync(cmd, args, { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
  } catch {
    return "unknown";
  }
}

/** Date and machine, for the markdown header. */
export function machineLine(): string {
  const cpus = os.cpus();
  const pkg = (name: string) => version("dpkg-query", ["-W", "-f=${Version}", name]);
  return [
    `date: ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC`,
    `os: ${os.type()} ${os.release()} ${os.arch()}`,
    `cpu: ${cpus.length} × ${cpus[0]?.model || "unknown"}`,
    `node: ${process.version}`,
    `duktape: ${pkg("duktape")}`,
    `mujs: ${pkg("mujs")}`,
  ].join("; ");
}
