// Writes vectors/poseidon/circomlibjs.json: circom-compatible Poseidon (BN254 scalar
// field) known answers computed by circomlibjs, never by zcrypto.
//
//   cd vectors/poseidon && npm ci && node circomlibjs.mjs          # rewrite the file
//   node circomlibjs.mjs --check                                   # exit 1 on any difference
//
// Every case is computed twice, with circomlibjs' optimized `buildPoseidon` and its
// straightforward `buildPoseidonReference`; the script refuses to write unless they agree.
// Inputs are derived from fixed labels with SHA-256, so the output is deterministic.

import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { buildPoseidon, buildPoseidonReference } from "circomlibjs";

const here = dirname(fileURLToPath(import.meta.url));
const OUT = join(here, "circomlibjs.json");
const P = 21888242871839275222246405745257275088548364400416034343698204186575808495617n;
const MAX_INPUTS = 12;

const hex = (x) => x.toString(16).padStart(64, "0");
// A pseudorandom field element: SHA-256(label) as a big-endian integer, reduced mod p.
const derive = (label) => BigInt("0x" + createHash("sha256").update(label).digest("hex")) % P;

function inputsFor() {
  const cases = [];
  const add = (id, inputs) => cases.push({ id, inputs });
  add("published/1-2", [1n, 2n]);
  add("published/1", [1n]);
  add("published/1-2-3-4", [1n, 2n, 3n, 4n]);
  for (let n = 1; n <= MAX_INPUTS; n++) {
    add(`n${n}/zeros`, Array(n).fill(0n));
    add(`n${n}/counting`, Array.from({ length: n }, (_, i) => BigInt(i + 1)));
    add(`n${n}/p-1`, Array(n).fill(P - 1n));
    add(`n${n}/random`, Array.from({ length: n }, (_, i) => derive(`zcrypto poseidon n${n} input ${i}`)));
  }
  add("n2/edges", [0n, P - 1n]);
  add("n3/top-bits", [1n << 253n, (1n << 253n) + 1n, P - 2n]);
  add("n2/u64-max", [(1n << 64n) - 1n, 1n << 64n]);
  return cases;
}

const opt = await buildPoseidon();
const ref = await buildPoseidonReference();
const cases = inputsFor().map(({ id, inputs }) => {
  const a = opt.F.toObject(opt(inputs));
  const b = ref.F.toObject(ref(inputs));
  if (a !== b) throw new Error(`${id}: buildPoseidon and buildPoseidonReference disagree`);
  return { id, inputs: inputs.map(hex), output: hex(a) };
});

// Published answers (circomlib's test suite / light-poseidon's README).
const expect = {
  "published/1-2": "115cc0f5e7d690413df64c6b9662e9cf2a3617f2743245519e19607a4417189a",
  "published/1-2-3-4": "299c867db6c1fdd79dcefa40e4510b9837e60ebb1ce0663dbaa525df65250465",
};
for (const c of cases) {
  if (expect[c.id] !== undefined && expect[c.id] !== c.output) {
    throw new Error(`${c.id}: ${c.output} is not the published ${expect[c.id]}`);
  }
}

const version = JSON.parse(
  readFileSync(join(here, "node_modules", "circomlibjs", "package.json"), "utf8"),
).version;

// Sorted keys, indent 1, newline at the end (the format of vectors/foundation.json).
const sortKeys = (v) =>
  Array.isArray(v)
    ? v.map(sortKeys)
    : v && typeof v === "object"
      ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, sortKeys(v[k])]))
      : v;
const doc = {
  cases,
  field_modulus: hex(P),
  generator: "vectors/poseidon/circomlibjs.mjs",
  libraries: { circomlibjs: version },
};
const text = JSON.stringify(sortKeys(doc), null, 1) + "\n";

if (process.argv.includes("--check")) {
  const old = JSON.parse(readFileSync(OUT, "utf8"));
  const strip = (d) => JSON.stringify(sortKeys({ ...d, libraries: undefined }));
  if (strip(old) !== strip(doc)) {
    console.error("circomlibjs.json differs from a fresh computation");
    process.exit(1);
  }
  console.log(`circomlibjs.json: ${cases.length} cases agree`);
} else {
  writeFileSync(OUT, text);
  console.log(`wrote ${cases.length} cases to ${OUT}`);
}
