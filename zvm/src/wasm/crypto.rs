//! The crypto host functions: one per [`Op`], each a call into `zcrypto::metered` over
//! the guest's memory with the store's fuel as the gas meter.
//!
//! Results (`i32`): 0 ok / valid, 1 invalid, 256 + code for an error;
//! [`Error::OutOfGas`] and [`Error::MemoryOutOfBounds`] trap.

use wasmi::{Caller, Val};
use zcrypto::Error;
use zcrypto::hash::HashAlg;
use zcrypto::kdf::HkdfAlg;
use zcrypto::kem::MlKem;
use zcrypto::mac::HmacAlg;
use zcrypto::metered::{self, GasMeter, Op, RecoverOutput, SignatureSpans, Span, Verdict};

use super::abi::gas;
use super::host::{Exit, State, arg, charge, memory};
use super::limits::FUEL_PER_GAS;
use super::memory::span;

/// A gas meter over the fuel the store had when the host function started.
struct Meter {
    available: u64,
    used: u64,
}

impl GasMeter for Meter {
    fn charge(&mut self, amount: u64) -> Result<(), Error> {
        if amount > self.remaining() {
            return Err(Error::OutOfGas);
        }
        self.used += amount;
        Ok(())
    }

    fn remaining(&self) -> u64 {
        self.available - self.used
    }
}

fn verdict(v: Verdict) -> i32 {
    if v.is_valid() { 0 } else { 1 }
}

/// Runs the crypto function for `op` with the guest's arguments `p`.
pub(crate) fn run(op: Op, c: &mut Caller<'_, State>, p: &[Val]) -> Result<i32, wasmi::Error> {
    charge(c, gas::CRYPTO)?;
    let fuel = c.get_fuel()?;
    let mut meter = Meter {
        available: fuel / FUEL_PER_GAS,
        used: 0,
    };
    let mem = memory(c)?;
    let (bytes, st) = mem.data_and_store_mut(&mut *c);
    let r = compute(op, bytes, st, &mut meter, p);
    c.set_fuel(fuel - meter.used * FUEL_PER_GAS)?;
    match r {
        Ok(v) => Ok(v),
        Err(Error::OutOfGas) => Err(Exit::OutOfGas.into()),
        Err(Error::MemoryOutOfBounds) => Err(Exit::OutOfBounds.into()),
        Err(e) => Ok(256 + e.code() as i32),
    }
}

fn compute(op: Op, mem: &mut [u8], st: &mut State, g: &mut Meter, p: &[Val]) -> Result<i32, Error> {
    let s = |i: usize| span(arg(p, i), arg(p, i + 1));
    let ok = |_: u32| 0;
    match op {
        Op::Sha256
        | Op::Sha384
        | Op::Sha512
        | Op::Sha3_256
        | Op::Keccak256
        | Op::Blake2b512
        | Op::Blake2s256
        | Op::Blake3 => {
            let alg = op.hash_alg().ok_or(Error::UnsupportedAlgorithm)?;
            metered::hash::hash(mem, g, alg, s(0), s(2)).map(ok)
        }
        Op::HashInit => {
            let alg = u16::try_from(arg(p, 0))
                .ok()
                .and_then(Op::from_id)
                .and_then(Op::hash_alg)
                .ok_or(Error::UnsupportedAlgorithm)?;
            init(st, g, alg)
        }
        Op::HashUpdate => {
            let (streams, handles) = st.streams();
            let h = handle(handles, arg(p, 0))?;
            streams.update(mem, g, h, s(1)).map(|()| 0)
        }
        Op::HashFinish => {
            let (streams, handles) = st.streams();
            let h = handle(handles, arg(p, 0))?;
            streams.finish(mem, g, h, s(1)).map(ok)
        }
        Op::HmacSha256 => metered::mac::hmac(mem, g, HmacAlg::Sha256, s(0), s(2), s(4)).map(ok),
        Op::HmacSha384 => metered::mac::hmac(mem, g, HmacAlg::Sha384, s(0), s(2), s(4)).map(ok),
        Op::HmacSha512 => metered::mac::hmac(mem, g, HmacAlg::Sha512, s(0), s(2), s(4)).map(ok),
        Op::HkdfExtractSha256 => {
            metered::mac::hkdf_extract(mem, g, HkdfAlg::Sha256, s(0), s(2), s(4)).map(ok)
        }
        Op::HkdfExtractSha384 => {
            metered::mac::hkdf_extract(mem, g, HkdfAlg::Sha384, s(0), s(2), s(4)).map(ok)
        }
        Op::HkdfExtractSha512 => {
            metered::mac::hkdf_extract(mem, g, HkdfAlg::Sha512, s(0), s(2), s(4)).map(ok)
        }
        Op::HkdfExpandSha256 => {
            metered::mac::hkdf_expand(mem, g, HkdfAlg::Sha256, s(0), s(2), s(4)).map(ok)
        }
        Op::HkdfExpandSha384 => {
            metered::mac::hkdf_expand(mem, g, HkdfAlg::Sha384, s(0), s(2), s(4)).map(ok)
        }
        Op::HkdfExpandSha512 => {
            metered::mac::hkdf_expand(mem, g, HkdfAlg::Sha512, s(0), s(2), s(4)).map(ok)
        }
        Op::VerifyEd25519
        | Op::VerifyEd25519Strict
        | Op::VerifyEcdsaSecp256k1
        | Op::VerifyBip340
        | Op::VerifyMlDsa44
        | Op::VerifyMlDsa65
        | Op::VerifyMlDsa87
        | Op::VerifyBls12381
        | Op::VerifyHybridEd25519MlDsa65 => {
            let spans = SignatureSpans {
                public_key: s(0),
                message: s(2),
                context: s(4),
                signature: s(6),
            };
            metered::verify::verify(mem, g, op, spans).map(verdict)
        }
        Op::Secp256k1Recover => {
            let format = u8::try_from(arg(p, 4))
                .ok()
                .and_then(RecoverOutput::from_u8)
                .ok_or(Error::UnsupportedAlgorithm)?;
            metered::recover::recover(mem, g, s(0), s(2), format, s(5)).map(verdict)
        }
        Op::BlsFastAggregateVerify => {
            metered::bls::fast_aggregate_verify(mem, g, s(0), s(2), s(4)).map(verdict)
        }
        Op::BlsAggregateVerify => {
            metered::bls::aggregate_verify(mem, g, s(0), s(2), s(4)).map(verdict)
        }
        Op::BlsAggregateSignatures => {
            metered::bls::aggregate_signatures(mem, g, s(0), s(2)).map(ok)
        }
        Op::MultisigVerify => {
            metered::multisig::verify(mem, g, s(0), s(2), s(4), s(6)).map(verdict)
        }
        Op::BatchVerify => metered::batch::verify(mem, g, s(0)).map(verdict),
        Op::MlKem512Encapsulate | Op::MlKem768Encapsulate | Op::MlKem1024Encapsulate => {
            let params = match op {
                Op::MlKem512Encapsulate => MlKem::MlKem512,
                Op::MlKem768Encapsulate => MlKem::MlKem768,
                _ => MlKem::MlKem1024,
            };
            metered::kem::encapsulate(mem, g, params, s(0), s(2), s(4), s(6)).map(ok)
        }
        Op::MerkleInclusionSha256 | Op::MerkleInclusionKeccak256 | Op::MerkleInclusionBlake3 => {
            metered::merkle::verify_inclusion(mem, g, op, s(0), s(2), s(4)).map(verdict)
        }
        Op::MerkleVerifyEthereum => {
            metered::merkle::verify_ethereum(mem, g, s(0), s(2), s(4)).map(verdict)
        }
        Op::SparseMerkleVerifySha256
        | Op::SparseMerkleVerifyKeccak256
        | Op::SparseMerkleVerifyBlake3 => {
            // root 0-1, key 2-3, present 4, value 5-6, proof 7-8
            let value: Option<Span> = (arg(p, 4) != 0).then(|| s(5));
            metered::merkle::verify_sparse(mem, g, op, s(0), s(2), value, s(7)).map(verdict)
        }
        Op::PoseidonBn254 => metered::poseidon::hash(mem, g, s(0), s(2)).map(ok),
        Op::Groth16VerifyBn254 | Op::Groth16VerifyBls12381 => {
            metered::zk::verify_groth16(mem, g, op, s(0), s(2), s(4)).map(verdict)
        }
        Op::BulletproofsVerify => {
            metered::zk::verify_bulletproofs(mem, g, s(0), s(2), s(4)).map(verdict)
        }
        Op::KzgPointEvaluation => metered::zk::kzg_point_evaluation(mem, g, s(0)).map(verdict),
        Op::Halo2Verify => metered::zk::verify_halo2(mem, g, s(0)).map(verdict),
        _ => Err(Error::UnsupportedAlgorithm),
    }
}

fn init(st: &mut State, g: &mut Meter, alg: HashAlg) -> Result<i32, Error> {
    let (streams, handles) = st.streams();
    if handles.len() >= super::host::MAX_HANDLES {
        return Err(Error::LimitExceeded);
    }
    let h = streams.init(g, alg)?;
    handles.push(h);
    Ok(handles.len() as i32)
}

/// The stream handle behind guest handle `guest` (1-based).
fn handle(handles: &[u32], guest: u32) -> Result<u32, Error> {
    guest
        .checked_sub(1)
        .and_then(|i| handles.get(i as usize))
        .copied()
        .ok_or(Error::InvalidKey)
}
