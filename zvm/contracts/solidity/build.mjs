// Compiles src/*.sol with the pinned solc (package.json) and fixed settings, and writes
// one artifact per contract to out/<Contract>.json: abi, bytecode (init code),
// deployedBytecode (runtime code), methodIdentifiers, and the compiler version and
// settings. The artifacts are checked in, so Rust tests and CI need no compiler.
//
//   npm ci && node build.mjs           rebuild out/
//   node build.mjs --check             rebuild in memory; exit 1 if out/ differs
import { readFileSync, readdirSync, writeFileSync, mkdirSync, rmSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { createRequire } from "node:module";

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const solc = require("solc");

const pinned = JSON.parse(readFileSync(join(here, "package.json"), "utf8")).devDependencies.solc;
const version = solc.version();
if (!version.startsWith(pinned + "+")) {
  console.error(`solc ${version} is installed but package.json pins ${pinned}: run npm ci`);
  process.exit(1);
}

// The settings every artifact is built with. evmVersion: the newest hard fork that both
// this solc and revm 43 (ZVM's EVM engine, SpecId::OSAKA by default) support.
export const SETTINGS = {
  evmVersion: "osaka",
  optimizer: { enabled: true, runs: 200 },
  viaIR: false,
  metadata: { appendCBOR: false, bytecodeHash: "none" },
  outputSelection: {
    "*": {
      "*": [
        "abi",
        "evm.bytecode.object",
        "evm.deployedBytecode.object",
        "evm.deployedBytecode.immutableReferences",
        "evm.methodIdentifiers",
      ],
    },
  },
};

const srcDir = join(here, "src");
const outDir = join(here, "out");
const sources = {};
for (const f of readdirSync(srcDir).filter((f) => f.endsWith(".sol")).sort()) {
  sources[f] = { content: readFileSync(join(srcDir, f), "utf8") };
}

const input = { language: "Solidity", sources, settings: SETTINGS };
const output = JSON.parse(
  solc.compile(JSON.stringify(input), {
    import: (path) => {
      try {
        return { contents: readFileSync(join(srcDir, path), "utf8") };
      } catch {
        return { error: `not found: ${path}` };
      }
    },
  }),
);
let failed = false;
for (const e of output.errors ?? []) {
  console.error(e.formattedMessage ?? e.message);
  failed = true; // errors and warnings alike: the sources stay warning-free
}
if (failed) process.exit(1);

const artifacts = new Map();
for (const [sourceName, contracts] of Object.entries(output.contracts ?? {})) {
  for (const [name, c] of Object.entries(contracts)) {
    const bytecode = c.evm.bytecode.object;
    // interfaces, and libraries with only internal functions (inlined into their users)
    if (bytecode.length === 0 || !c.abi.some((e) => e.type === "function" || e.type === "constructor")) continue;
    const runtime = c.evm.deployedBytecode.object;
    if (runtime.length / 2 > 24576) {
      console.error(`${name}: runtime code is ${runtime.length / 2} bytes, over EIP-170's 24576`);
      process.exit(1);
    }
    const artifact = {
      contractName: name,
      sourceName: `src/${sourceName}`,
      compiler: { version, settings: { ...SETTINGS, outputSelection: undefined } },
      abi: c.abi,
      bytecode: "0x" + bytecode,
      deployedBytecode: "0x" + runtime,
      // where the constructor writes immutables into the runtime code (zeros above):
      // AST id → [{start, length}] byte ranges
      immutableReferences: c.evm.deployedBytecode.immutableReferences ?? {},
      methodIdentifiers: c.evm.methodIdentifiers,
    };
    artifacts.set(`${name}.json`, JSON.stringify(artifact, null, 2) + "\n");
  }
}

if (process.argv.includes("--check")) {
  let stale = false;
  const existing = new Set(
    (() => {
      try {
        return readdirSync(outDir).filter((f) => f.endsWith(".json"));
      } catch {
        return [];
      }
    })(),
  );
  for (const [file, text] of artifacts) {
    let old = null;
    try {
      old = readFileSync(join(outDir, file), "utf8");
    } catch {}
    if (old !== text) {
      console.error(`out/${file} is stale or missing`);
      stale = true;
    }
    existing.delete(file);
  }
  for (const file of existing) {
    console.error(`out/${file} has no source contract`);
    stale = true;
  }
  if (stale) {
    console.error("run `node build.mjs` and commit out/");
    process.exit(1);
  }
  console.log(`out/ is up to date (${artifacts.size} artifacts, solc ${version})`);
} else {
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  for (const [file, text] of artifacts) writeFileSync(join(outDir, file), text);
  for (const [file, text] of artifacts) {
    const a = JSON.parse(text);
    console.log(`out/${file}: init ${(a.bytecode.length - 2) / 2} B, runtime ${(a.deployedBytecode.length - 2) / 2} B`);
  }
}
