// Writes openzeppelin.json: @openzeppelin/merkle-tree StandardMerkleTree roots, trees,
// proofs and multiproofs, for zcrypto's merkle::ethereum compatibility tests
// (zcrypto/tests/merkle.rs). Regenerate with: cd vectors/merkle && npm ci && node openzeppelin.mjs
import { writeFileSync, readFileSync } from 'node:fs';
import { StandardMerkleTree } from '@openzeppelin/merkle-tree';
import { encode } from '@metamask/abi-utils';

const hex = (bytes) => '0x' + Buffer.from(bytes).toString('hex');
const strip = (h) => (h.startsWith('0x') ? h.slice(2) : h);

// Deterministic values: no randomness, so a re-run is byte-identical.
function address(i) {
  let s = '';
  for (let j = 0; s.length < 40; j++) s += ((i * 2654435761 + j * 40503) >>> 0).toString(16).padStart(8, '0');
  return '0x' + s.slice(0, 40);
}
function pairs(n) {
  return Array.from({ length: n }, (_, i) => [address(i + 1), (BigInt(i + 1) * 10n ** 18n + BigInt(i)).toString()]);
}

const sets = [];
for (const n of [1, 2, 3, 5, 7, 16]) sets.push({ name: `address-uint256-${n}`, types: ['address', 'uint256'], values: pairs(n) });
sets.push({
  name: 'string-bool-4',
  types: ['string', 'bool'],
  values: [['alice', true], ['bob', false], ['', true], ['a longer string that spans more than one ABI word', false]],
});
// Two equal leaves: the stable sort keeps them in input order.
sets.push({ name: 'duplicate-3', types: ['uint256'], values: [['1'], ['2'], ['1']] });

function subsets(n) {
  const out = [[0]];
  if (n > 1) out.push([0, n - 1]);
  if (n > 2) out.push(Array.from({ length: n }, (_, i) => i).filter((i) => i % 2 === 1));
  if (n > 3) out.push([n - 1, 1, 2]);
  out.push(Array.from({ length: n }, (_, i) => i));
  out.push([]);
  const seen = new Set();
  return out.filter((s) => !seen.has(JSON.stringify(s)) && seen.add(JSON.stringify(s)));
}

const pkg = JSON.parse(readFileSync(new URL('./node_modules/@openzeppelin/merkle-tree/package.json', import.meta.url)));
const cases = sets.map(({ name, types, values }) => {
  const tree = StandardMerkleTree.of(values, types);
  const dump = tree.dump();
  const encoded = values.map((v) => strip(hex(encode(types, v))));
  const leafHashes = values.map((_, i) => strip(dump.tree[dump.values[i].treeIndex]));
  const multiproofs = subsets(values.length).map((indices) => {
    const mp = tree.getMultiProof(indices);
    if (!StandardMerkleTree.verifyMultiProof(tree.root, types, mp)) throw new Error('multiproof does not verify');
    // Map the returned leaf values back to value indices through their hashes (equal
    // values have equal hashes, so either index names the same leaf).
    const used = new Set();
    const order = mp.leaves.map((leaf) => {
      const h = strip(tree.leafHash(leaf));
      const i = leafHashes.findIndex((x, k) => !used.has(k) && x === h);
      if (i < 0) throw new Error('multiproof leaf not in the tree');
      used.add(i);
      return i;
    });
    return { indices, leaf_order: order, leaves: order.map((i) => leafHashes[i]), proof: mp.proof.map(strip), proofFlags: mp.proofFlags };
  });
  return {
    name,
    types,
    values,
    encoded,
    leaf_hashes: leafHashes,
    tree: dump.tree.map(strip),
    tree_index: dump.values.map((v) => v.treeIndex),
    root: strip(tree.root),
    proofs: values.map((_, i) => tree.getProof(i).map(strip)),
    multiproofs,
  };
});

const out = {
  source: `@openzeppelin/merkle-tree ${pkg.version} StandardMerkleTree (vectors/merkle/openzeppelin.mjs)`,
  generator: 'vectors/merkle/openzeppelin.mjs',
  format: 'hex without 0x; leaf_hashes/proofs/tree are 32-byte nodes; multiproof leaves are leaf hashes in the order getMultiProof returns them, leaf_order their value indices',
  cases,
};
writeFileSync(new URL('./openzeppelin.json', import.meta.url), JSON.stringify(out, null, 1) + '\n');
console.log(`wrote ${cases.length} cases`);
