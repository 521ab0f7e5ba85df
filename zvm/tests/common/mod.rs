//! Fixtures shared by the engine tests (`engine.rs`, `wasm.rs`, `evm.rs`).

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
