import "server-only";
import { existsSync, readFileSync, statSync, writeFileSync } from "node:fs";
import type { Db } from "@/db/client";
import { MAX_REPEAT, type RunTarget } from "@/lib/schemas/evals";
import { startStoreServer } from "@/server/agent/demo/local-store-server";
import { DomainError, invalid } from "@/server/errors";
import { runNow } from "@/server/services/evals/runs";
import { exportSuite, importSuite, MAX_SUITE_FILE_BYTES } from "@/server/services/evals/suite-file";
import { listSuites } from "@/server/services/evals/suites";
import { type CliTarget, resolveCliTarget } from "./cli-target";

/** The subcommands of `switchback eval`; main.ts registers each as `eval <subcommand>`. */
export type EvalSubcommand = "run" | "export" | "import";

/** What main.ts passes: the parsed options as strings (booleans as "true"). */
export type EvalCliOptions = Record<string, string | undefined>;

/**
 * `switchback eval <subcommand>`: checks the options it needs, then opens the database (not before: a
 * usage error should not wait for, or fail on, the embedded database) and runs it.
 */
export async function evalFromCli(openDb: () => Promise<Db>, subcommand: EvalSubcommand, opts: EvalCliOptions): Promise<string | { exitCode: number; message: string; stdout: true }> {
  const agentSlug = required(opts.agent, "--agent is required: the agent's slug (e.g. retail-support)");
  const target = { agentSlug, workspaceSlug: opts.workspace };
  switch (subcommand) {
    case "run": {
      const release = parseRelease(opts.release);
      const repeat = opts.repeat === undefined ? 1 : /^\d+$/.test(opts.repeat) ? Number(opts.repeat) : NaN;
      if (!Number.isInteger(repeat) || repeat < 1 || repeat > MAX_REPEAT) throw invalid(`--repeat must be a whole number from 1 to ${MAX_REPEAT} (not ${opts.repeat})`);
      return runSuiteFromCli(await openDb(), { ...target, suite: opts.suite, release, repeat, json: opts.json === "true", appUrl: opts["app-url"] });
    }
    case "export": {
      const suite = required(opts.suite, "--suite is required: the name of the suite to export");
      return exportSuiteFromCli(await openDb(), { ...target, suite, out: opts.out });
    }
    case "import": {
      const file = required(opts.file, "--file is required: a suite file (YAML or JSON)");
      return importSuiteFromCli(await openDb(), { ...target, file, replace: opts.replace === "true" });
    }
  }
}

function parseRelease(value: string | undefined): RunTarget {
  if (value === undefined || value === "draft" || value === "live") return value ?? "draft";
  if (/^\d+$/.test(value) && Number(value) >= 1) return Number(value);
  throw invalid(`--release is draft, live or a release number (not ${value})`);
}

function required(value: string | undefined, message: string): string {
  if (!value) throw invalid(message);
  return value;
}

/** `eval export`: the suite (by name, whatever its case) as YAML on stdout, or written to `out`. */
export async function exportSuiteFromCli(db: Db, input: CliTarget & { suite: string; out?: string }): Promise<string> {
  const { ctx, agentId } = await resolveCliTarget(db, input);
  const suites = await listSuites(ctx, { agentId });
  const suite = suites.find((s) => s.name.toLowerCase() === input.suite.trim().toLowerCase());
  if (!suite) throw new DomainError("not_found", `${input.agentSlug} has no suite "${input.suite}" (its suites: ${suites.map((s) => `"${s.name}"`).join(", ") || "none yet"})`);
  const file = await exportSuite(ctx, { suiteId: suite.id });
  if (!input.out) return file.content.trimEnd();
  writeFileSync(input.out, file.content);
  return `Exported "${suite.name}" (${suite.caseCount} case${suite.caseCount === 1 ? "" : "s"}) to ${input.out}.`;
}

/** `eval import`: the file's suite into the agent, all cases or none; `replace` overwrites a suite of the same name. */
export async function importSuiteFromCli(db: Db, input: CliTarget & { file: string; replace?: boolean }): Promise<string> {
  if (!existsSync(input.file)) throw invalid(`--file ${input.file}: no such file`);
  const size = statSync(input.file).size;
  if (size > MAX_SUITE_FILE_BYTES) throw invalid(`${input.file} is ${(size / 1024 / 1024).toFixed(1)} MB; a suite file is at most ${MAX_SUITE_FILE_BYTES / 1024 / 1024} MB`);
  const { ctx, agentId } = await resolveCliTarget(db, input);
  const result = await importSuite(ctx, { agentId, content: readFileSync(input.file, "utf8"), replace: input.replace === true });
  const cases = `${result.cases} case${result.cases === 1 ? "" : "s"}`;
  return result.replaced ? `Replaced "${result.name}" of ${input.agentSlug}: it has the file's ${cases} now.` : `Imported "${result.name}" into ${input.agentSlug} with ${cases}.`;
}

/** Exit code of a run with a failing case that is not a known failure (1 is any other error, 2 a usage error). */
export const EVAL_FAILED_EXIT_CODE = 1;

/**
 * `eval run`: the suite (or every gating suite) against the draft, live or release N, in this process; a
 * line per case and `N passed, N failed`, or with `json` one summary object. Exit code 0 only when every
 * case that is not a known failure passed.
 */
export async function runSuiteFromCli(
  db: Db,
  input: CliTarget & { suite?: string; release: RunTarget; repeat: number; json: boolean; appUrl?: string },
): Promise<{ exitCode: number; message: string; stdout: true }> {
  const { ctx, agentId } = await resolveCliTarget(db, input);
  const suites = await listSuites(ctx, { agentId });
  const suite = input.suite ? suites.find((s) => s.name.toLowerCase() === input.suite!.trim().toLowerCase()) : null;
  if (input.suite && !suite) throw new DomainError("not_found", `${input.agentSlug} has no suite "${input.suite}" (its suites: ${suites.map((s) => `"${s.name}"`).join(", ") || "none yet"})`);
  if (!suite && !suites.some((s) => s.gating && s.caseCount > 0)) throw invalid(`${input.agentSlug} has no gating suite with cases: name a suite with --suite`);
  // {{appUrl}} is the studio when given, else this process serves the demo store's API itself.
  const store = input.appUrl ? null : await startStoreServer(db);
  try {
    const { run, cases } = await runNow({ ...ctx, userId: null, appUrl: input.appUrl ?? store!.appUrl }, { agentId, suiteId: suite?.id ?? null, target: input.release, repeat: input.repeat, trigger: "cli" });
    const exitCode = run.status === "passed" ? 0 : EVAL_FAILED_EXIT_CODE;
    const share = (n: number) => (cases.length ? Math.round((n / cases.length) * 1000) / 1000 : 1);
    const summary = {
      run: run.id,
      status: run.status,
      target: run.target,
      cases: cases.length,
      passed: run.passed,
      failed: run.failed,
      knownFailures: run.knownFailures,
      flaky: run.flaky,
      repeat: run.repeat,
      passAt1: share(cases.filter((c) => c.pass1).length),
      passAtK: share(cases.filter((c) => c.passK).length),
      results: cases.map((c) => ({
        suite: c.suiteName,
        case: c.caseName,
        passed: c.passK,
        pass1: c.pass1,
        flaky: c.flaky,
        knownFailure: c.knownFailure,
        failures: c.attempts.flatMap((a) => (a.error ? [`attempt ${a.attempt}: ${a.error}`] : a.expectations.filter((e) => !e.passed).map((e) => `attempt ${a.attempt}: expected ${e.expected}, got ${e.got}`))),
      })),
    };
    if (input.json) return { exitCode, message: JSON.stringify(summary, null, 2), stdout: true };
    const lines = summary.results.map((r) => {
      const mark = r.knownFailure ? (r.passed ? "!" : "○") : r.passed ? "✓" : "✗";
      const note = r.knownFailure ? ` — known failure: ${r.knownFailure}${r.passed ? " (it passes now: clear the mark)" : ""}` : r.flaky ? " — flaky" : "";
      const why = !r.passed && !r.knownFailure ? r.failures.map((f) => `\n    ${f}`).join("") : "";
      return `${mark} ${r.suite} › ${r.case}${note}${why}`;
    });
    const k = run.repeat > 1 ? `; pass^1 ${summary.passAt1}, pass^${run.repeat} ${summary.passAtK}${run.flaky ? `, ${run.flaky} flaky` : ""}` : "";
    const tail = `${run.passed} passed, ${run.failed} failed${run.knownFailures ? `, ${run.knownFailures} known failure${run.knownFailures === 1 ? "" : "s"}` : ""}${k}`;
    return { exitCode, message: [...lines, run.error ? `error: ${run.error}` : "", tail].filter(Boolean).join("\n"), stdout: true };
  } finally {
    await store?.close();
  }
}
