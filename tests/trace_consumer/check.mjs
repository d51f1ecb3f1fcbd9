// SPDX-License-Identifier: GPL-2.0-or-later
// Reads dentryscope's exports through real consumers:
// - the Chrome export through the Chrome DevTools trace engine (@paulirish/trace_engine): every
//   slice has a duration, the engine warns about nothing, and the slices on each task's track
//   nest exactly as the call stacks of the run (from its JSON Lines export);
// - the JSON Lines export against docs/jsonl.schema.json (ajv).
//
//   node check.mjs SCHEMA NAME CHROME.json RUN.jsonl [NAME CHROME.json RUN.jsonl ...]
//
// Prints one line per scenario and "N passed, N failed"; exits 1 on any failure.
import fs from 'node:fs';
import Ajv from 'ajv';
import {analyzeEvents} from '@paulirish/trace_engine/analyze-trace.mjs';

const [schemaPath, ...rest] = process.argv.slice(2);
const validate = new Ajv({allErrors: true, strict: false}).compile(
    JSON.parse(fs.readFileSync(schemaPath, 'utf8')));

// The call stacks of the run, from its JSON Lines: "TASK;outer;...;inner@START+DURATION" per
// span (one event is one microsecond; a killed task's frames end where it died, what still runs
// at the end ends with the run).
function expectedStacks(lines) {
  const stacks = new Map();
  const out = [];
  let endSeq = 0;
  const close = (task, frame, end) => {
    const st = stacks.get(task);
    out.push(`${task};${st.map(f => f.name).join(';')}@${frame.seq}+${end - frame.seq}`);
    st.pop();
  };
  for (const l of lines) {
    if (l.type !== 'event') continue;
    endSeq = l.seq + 1;
    const task = l.task ?? 'boot';
    if (!stacks.has(task)) stacks.set(task, []);
    const st = stacks.get(task);
    if (l.kind === 'syscall_enter' || l.kind === 'func_enter') {
      st.push({name: l.syscall ?? l.function, seq: l.seq});
    } else if ((l.kind === 'syscall_exit' || l.kind === 'func_exit') && st.length) {
      close(task, st.at(-1), l.seq);
    } else if (l.kind === 'task_exit' && l.killed) {
      while (stacks.get(l.exited)?.length) close(l.exited, stacks.get(l.exited).at(-1), l.seq);
    }
  }
  for (const [task, st] of stacks)
    while (st.length) close(task, st.at(-1), endSeq);
  return out;
}

// The same from the trace engine's per-thread trees of the "tasks" process: each span under the
// spans it nests in, with its start and duration as the engine read them.
function engineStacks(parsed, taskPid) {
  const out = [];
  const proc = parsed.Renderer.processes.get(taskPid);
  if (!proc) return out;
  const threadNames = new Map();
  for (const [tid, info] of parsed.Meta.threadsInProcess.get(taskPid) ?? [])
    threadNames.set(tid, info?.args?.name ?? String(tid));
  for (const [tid, thread] of proc.threads) {
    const name = threadNames.get(tid) ?? thread.name ?? String(tid);
    const walk = (node, path) => {
      const e = node.entry;
      const span = e.ph === 'X' && (e.cat === 'syscall' || e.cat === 'function');
      const here = span ? [...path, e.name] : path;
      if (span) out.push(`${name};${here.join(';')}@${e.ts}+${e.dur}`);
      for (const c of node.children) walk(c, here);
    };
    for (const root of thread.tree?.roots ?? []) walk(root, []);
  }
  return out;
}

async function checkChrome(name, chromePath, lines) {
  const problems = [];
  const doc = JSON.parse(fs.readFileSync(chromePath, 'utf8'));
  if (doc.displayTimeUnit !== undefined) problems.push('displayTimeUnit is set');
  const events = doc.traceEvents;
  for (const e of events)
    if (typeof e.cat !== 'string' || !e.cat) problems.push(`event without cat: ${JSON.stringify(e)}`);
  const warnings = [];
  const saved = {warn: console.warn, error: console.error};
  console.warn = (...a) => warnings.push(a.join(' '));
  console.error = (...a) => warnings.push(a.join(' '));
  let parsed;
  try {
    parsed = (await analyzeEvents(events)).parsedTrace.data;
  } finally {
    Object.assign(console, saved);
  }
  for (const w of warnings.slice(0, 5)) problems.push(`trace engine: ${w}`);
  if (warnings.length > 5) problems.push(`... ${warnings.length} warnings in all`);
  const perEvent = parsed.Warnings?.perEvent?.size ?? 0;
  if (perEvent) problems.push(`${perEvent} events with trace engine warnings`);

  let slices = 0, withDuration = 0;
  for (const [, proc] of parsed.Renderer.processes)
    for (const [, thread] of proc.threads)
      for (const e of thread.entries) {
        if (e.ph === 'i' || e.ph === 'I' || e.ph === 'n') continue;
        ++slices;
        if (typeof e.dur === 'number' && e.dur >= 0) ++withDuration;
      }
  if (slices === 0) problems.push('the trace engine found no slices');
  if (withDuration !== slices) problems.push(`${withDuration} of ${slices} slices have a duration`);

  const want = expectedStacks(lines).sort();
  const got = engineStacks(parsed, 1).sort();
  if (want.length !== got.length || want.some((w, i) => w !== got[i])) {
    const i = want.findIndex((w, k) => w !== got[k]);
    problems.push(`nesting differs from the call stacks (${got.length} spans, ${want.length} ` +
                  `expected; first difference: ${got[i]} vs ${want[i]})`);
  }
  const flows = parsed.Flows?.flows?.length ?? 0;
  return {problems, summary: `${slices} slices, ${want.length} spans, ${flows} flows`};
}

function checkJsonl(lines) {
  const problems = [];
  if (lines[0]?.schema !== 'dentryscope-jsonl/1') problems.push('first line has no schema');
  let bad = 0;
  lines.forEach((l, i) => {
    if (validate(l)) return;
    if (++bad <= 3)
      problems.push(`line ${i + 1}: ${validate.errors.slice(0, 2).map(e => `${e.instancePath} ${e.message}`).join('; ')}`);
  });
  if (bad > 3) problems.push(`... ${bad} invalid lines in all`);
  return problems;
}

let passed = 0, failed = 0;
for (let i = 0; i + 2 < rest.length; i += 3) {
  const [name, chromePath, jsonlPath] = rest.slice(i, i + 3);
  const lines = fs.readFileSync(jsonlPath, 'utf8').split('\n').filter(Boolean).map(l => JSON.parse(l));
  const schemaProblems = checkJsonl(lines);
  const {problems, summary} = await checkChrome(name, chromePath, lines);
  const all = [...schemaProblems, ...problems];
  if (all.length) {
    ++failed;
    console.log(`FAIL ${name}: ${summary}`);
    for (const p of all) console.log(`  ${p}`);
  } else {
    ++passed;
    console.log(`ok   ${name}: ${summary}, ${lines.length} JSON Lines valid`);
  }
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed || passed === 0 ? 1 : 0);
