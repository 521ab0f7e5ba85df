//! Fixtures shared by the engine tests (`engine.rs`, `wasm.rs`, `evm.rs`, `solidity.rs`).

use zcrypto::metered::Op;

/// One Groth16 case: (op, verifying key, proof, public inputs as n × 32 bytes
/// big-endian), in zcrypto's binary forms.
pub type Groth16Fixture = (Op, Vec<u8>, Vec<u8>, Vec<u8>);

/// The snarkjs Groth16 fixtures of vectors/zk/groth16 (the toy circuit c = a·b + k,
/// public signals [c, k] = [38, 5]), one per curve.
pub fn groth16_fixtures() -> Vec<Groth16Fixture> {
    use zcrypto::zk::{Curve, Proof, VerifyingKey, public_inputs_from_snarkjs_json};
    let read = |dir: &str, f: &str| {
        let p = format!(
            "{}/../vectors/zk/groth16/{dir}/{f}",
            env!("CARGO_MANIFEST_DIR")
        );
        std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{p}: {e}"))
    };
    [
        (Op::Groth16VerifyBn254, Curve::Bn254, "bn128"),
        (Op::Groth16VerifyBls12381, Curve::Bls12_381, "bls12381"),
    ]
    .into_iter()
    .map(|(op, curve, dir)| {
        let vk = VerifyingKey::from_snarkjs_json(&read(dir, "verification_key.json")).unwrap();
        let proof = Proof::from_snarkjs_json(curve, &read(dir, "proof.json")).unwrap();
        let public = public_inputs_from_snarkjs_json(curve, &read(dir, "public.json")).unwrap();
        (
            op,
            vk.to_bytes(),
            proof.to_bytes(),
            public.to_be_bytes().concat(),
        )
    })
    .collect()
}

/// An input of vectors/kzg/point_evaluation.json's `point_evaluation` list, by name.
pub fn kzg_input(name: &str) -> Vec<u8> {
    let p = format!(
        "{}/../vectors/kzg/point_evaluation.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{p}: {e}"));
    let at = text.find(&format!("\"name\": \"{name}\"")).unwrap();
    let rest = &text[at..];
    let start = rest.find("\"input\": \"").unwrap() + "\"input\": \"".len();
    let hex = &rest[start..start + rest[start..].find('"').unwrap()];
    (0..hex.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).unwrap())
        .collect()
}

/// The halo2 proof the engine tests share (proving is slow in debug builds, so it is
/// made once per test binary): zcrypto's encoding (circuit id ‖ public input ‖ proof) of
/// a 32-bit range check (circuit 0x0003) of 42 committed under the blinding `[7; 32]`,
/// with fixed entropy.
pub fn halo2_encoding() -> &'static [u8] {
    use zcrypto::zk::bulletproofs::BitSize;
    use zcrypto::zk::halo2::{self, Blinding};
    static ENCODING: std::sync::OnceLock<Vec<u8>> = std::sync::OnceLock::new();
    ENCODING.get_or_init(|| {
        let blinding = Blinding::from_bytes([7; 32]).unwrap();
        let (statement, proof) =
            halo2::prove_range_with_entropy(BitSize::Bits32, 42, &blinding, &[9; 32]).unwrap();
        halo2::encode(&statement, &proof)
    })
}

/// `halo2_encoding()` with another well-formed public input (a commitment to 43): the
/// proof does not verify for it.
pub fn halo2_wrong_input() -> Vec<u8> {
    use zcrypto::zk::halo2::{self, Blinding};
    let mut e = halo2_encoding().to_vec();
    let other = halo2::commit(43, &Blinding::from_bytes([7; 32]).unwrap());
    e[2..34].copy_from_slice(&other.to_bytes());
    e
}

/// The gas `halo2_verify` charges for a proof of the circuit `encoding` names.
pub fn halo2_gas(encoding: &[u8]) -> u64 {
    zcrypto::metered::schedule::halo2_verify_gas(u16::from_be_bytes([encoding[0], encoding[1]]))
        .unwrap()
}
