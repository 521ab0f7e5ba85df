// Generates vectors/zk/groth16/{bn128,bls12381}/ with snarkjs (see vectors/README.md).
//
//   node groth16.mjs           compile the circuit, run the setup, prove, verify, write
//   node groth16.mjs --check   redo the (deterministic) setup, compare verification_key.json
//                              byte for byte, and verify every checked-in proof with snarkjs
//
// The circuit (muladd.circom) is compiled with the circom compiler from the `circom2` npm
// package (circom built for WebAssembly). The trusted setup is deterministic: a fresh
// powers-of-tau accumulator, one beacon contribution (fixed beacon hash), phase 2 prepared,
// a new zkey and one zkey beacon contribution. Proofs are randomized (r, s), so `--check`
// verifies them rather than comparing bytes.

import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as snarkjs from "snarkjs";

const here = dirname(fileURLToPath(import.meta.url));
const check = process.argv.includes("--check");
const CURVES = ["bn128", "bls12381"];
// circom's name for each curve's scalar field.
const PRIME = { bn128: "bn128", bls12381: "bls12381" };
const POWER = 4; // 2^4 constraints: plenty for the circuit
const BEACON = "7a63727970746f2d7a6b2d67726f74683136"; // "zcrypto-zk-groth16"
const ITERATIONS_EXP = 10;
// Batch inputs: c = a * b + k, with c and k public.
const INPUTS = [
  { a: "3", b: "11", k: "5" },
  { a: "2", b: "2", k: "0" },
  { a: "123456789", b: "987654321", k: "42" },
  { a: "1", b: "1", k: "1" },
];

const json = (v) => JSON.stringify(v, null, 1) + "\n";
const silent = { debug() {}, info() {}, warn() {}, error: console.error };

async function setup(curveName, work) {
  const circuit = join(here, "muladd.circom");
  const out = join(work, curveName);
  mkdirSync(out, { recursive: true });
  execFileSync(
    join(here, "node_modules", ".bin", "circom2"),
    [circuit, "--r1cs", "--wasm", "-p", PRIME[curveName], "-o", out],
    { stdio: ["ignore", "ignore", "inherit"] },
  );
  const r1cs = join(out, "muladd.r1cs");
  const wasm = join(out, "muladd_js", "muladd.wasm");
  const curve = await snarkjs.curves.getCurveFromName(curveName);
  const pt0 = join(out, "pot0.ptau");
  const pt1 = join(out, "pot1.ptau");
  const ptf = join(out, "potf.ptau");
  await snarkjs.powersOfTau.newAccumulator(curve, POWER, pt0, silent);
  await snarkjs.powersOfTau.beacon(pt0, pt1, "zcrypto beacon", BEACON, ITERATIONS_EXP, silent);
  await snarkjs.powersOfTau.preparePhase2(pt1, ptf, silent);
  const zk0 = join(out, "muladd_0.zkey");
  const zkf = join(out, "muladd.zkey");
  await snarkjs.zKey.newZKey(r1cs, ptf, zk0, silent);
  await snarkjs.zKey.beacon(zk0, zkf, "zcrypto zkey beacon", BEACON, ITERATIONS_EXP, silent);
  const vk = await snarkjs.zKey.exportVerificationKey(zkf, silent);
  return { vk, wasm, zkey: zkf };
}

async function main() {
  const work = mkdtempSync(join(tmpdir(), "zcrypto-groth16-"));
  let failures = 0;
  try {
    for (const curveName of CURVES) {
      const dir = join(here, "groth16", curveName);
      const { vk, wasm, zkey } = await setup(curveName, work);
      if (check) {
        const stored = readFileSync(join(dir, "verification_key.json"), "utf8");
        if (stored !== json(vk)) {
          console.error(`${curveName}: verification_key.json differs from a fresh setup`);
          failures++;
        }
        const storedVk = JSON.parse(stored);
        const cases = [
          {
            proof: JSON.parse(readFileSync(join(dir, "proof.json"), "utf8")),
            public: JSON.parse(readFileSync(join(dir, "public.json"), "utf8")),
          },
          ...JSON.parse(readFileSync(join(dir, "batch.json"), "utf8")),
        ];
        for (const [i, c] of cases.entries()) {
          if (!(await snarkjs.groth16.verify(storedVk, c.public, c.proof, silent))) {
            console.error(`${curveName}: proof ${i} does not verify`);
            failures++;
          }
        }
        console.log(`${curveName}: checked ${cases.length} proofs`);
        continue;
      }
      mkdirSync(dir, { recursive: true });
      const proofs = [];
      for (const input of INPUTS) {
        const { proof, publicSignals } = await snarkjs.groth16.fullProve(input, wasm, zkey);
        if (!(await snarkjs.groth16.verify(vk, publicSignals, proof, silent))) {
          throw new Error(`${curveName}: a fresh proof does not verify`);
        }
        proofs.push({ proof, public: publicSignals });
      }
      writeFileSync(join(dir, "verification_key.json"), json(vk));
      writeFileSync(join(dir, "proof.json"), json(proofs[0].proof));
      writeFileSync(join(dir, "public.json"), json(proofs[0].public));
      writeFileSync(join(dir, "batch.json"), json(proofs));
      console.log(`${curveName}: wrote ${dir}`);
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  process.exit(failures === 0 ? 0 : 1);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
