//! `zcrypto::metered` against the direct library calls: same bytes, same verdicts;
//! ranges checked before any gas; exact gas; out of gas; working memory at the caps
//! (measured with a counting global allocator); streaming handles.
//!
//! Every test takes one lock so that the allocator's counters see one test at a time.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, MutexGuard};

use zcrypto::hash::{self, HashAlg};
use zcrypto::kdf::{HkdfAlg, Prk};
use zcrypto::kem::{DecapsulationKey, EncapsulationKey, MlKem};
use zcrypto::mac::{self, HmacAlg};
use zcrypto::metered::limits::*;
use zcrypto::metered::{
    self, Gas, GasMeter, GuestMemory, HashStreams, Op, RecoverOutput, SignatureSpans, Span, Verdict,
};
use zcrypto::sig::multisig::MultisigPolicy;
use zcrypto::sig::secp256k1::ecdsa::{self, RecoverableSignature};
use zcrypto::sig::{Encoding, Signer, dynamic};
use zcrypto::{Algorithm, Error};

// ---------------------------------------------------------------------------------------
// Counting allocator
// ---------------------------------------------------------------------------------------

struct Counting;

static IN_USE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

// SAFETY: forwards to the system allocator unchanged; only counts.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: the caller upholds `GlobalAlloc::alloc`'s contract.
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            let now = IN_USE.fetch_add(layout.size(), Ordering::SeqCst) + layout.size();
            PEAK.fetch_max(now, Ordering::SeqCst);
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: the caller upholds `GlobalAlloc::dealloc`'s contract.
        unsafe { System.dealloc(ptr, layout) };
        IN_USE.fetch_sub(layout.size(), Ordering::SeqCst);
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: the caller upholds `GlobalAlloc::realloc`'s contract.
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            if new_size >= layout.size() {
                let grow = new_size - layout.size();
                let now = IN_USE.fetch_add(grow, Ordering::SeqCst) + grow;
                PEAK.fetch_max(now, Ordering::SeqCst);
            } else {
                IN_USE.fetch_sub(layout.size() - new_size, Ordering::SeqCst);
            }
        }
        p
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

static SERIAL: Mutex<()> = Mutex::new(());

fn serial() -> MutexGuard<'static, ()> {
    SERIAL.lock().unwrap_or_else(|e| e.into_inner())
}

/// Runs `f` and returns its result and the peak heap bytes allocated above the level
/// at the start (all threads).
fn peak<R>(f: impl FnOnce() -> R) -> (R, usize) {
    let base = IN_USE.load(Ordering::SeqCst);
    PEAK.store(base, Ordering::SeqCst);
    let r = f();
    (r, PEAK.load(Ordering::SeqCst).saturating_sub(base))
}

// ---------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------

/// (what, public key, message, signature, expected: a verdict, or `Err(())` for
/// "never valid").
type SigCase = (&'static str, Vec<u8>, Vec<u8>, Vec<u8>, Result<Verdict, ()>);
/// (what, `(key index, signature)` pairs, expected verdict).
type ListCase<'a> = (&'static str, Vec<(u8, &'a [u8])>, Verdict);
/// (operation, public key, signature, context, message).
type BatchEntry = (Op, Vec<u8>, Vec<u8>, Vec<u8>, Vec<u8>);

/// Builds guest memory piece by piece.
#[derive(Default)]
struct Mem {
    bytes: Vec<u8>,
}

impl Mem {
    fn put(&mut self, data: &[u8]) -> Span {
        let span = Span::new(self.bytes.len() as u32, data.len() as u32);
        self.bytes.extend_from_slice(data);
        span
    }

    fn zeros(&mut self, n: usize) -> Span {
        self.put(&vec![0; n])
    }

    fn get(&self, span: Span) -> &[u8] {
        &self.bytes[span.offset as usize..][..span.len as usize]
    }
}

fn sig_case(alg: Algorithm, seed: u8, msg: &[u8], ctx: &[u8]) -> (Vec<u8>, Vec<u8>) {
    let sk_seed = vec![seed; dynamic::seed_len(alg).unwrap()];
    let (sk, pk) = dynamic::keygen(alg, &sk_seed).unwrap();
    let sig = dynamic::sign(alg, &sk, msg, ctx).unwrap();
    (pk, sig)
}

fn spans(mem: &mut Mem, pk: &[u8], msg: &[u8], ctx: &[u8], sig: &[u8]) -> SignatureSpans {
    SignatureSpans {
        public_key: mem.put(pk),
        message: mem.put(msg),
        context: mem.put(ctx),
        signature: mem.put(sig),
    }
}

const VERIFY_OPS: [Op; 9] = [
    Op::VerifyEd25519,
    Op::VerifyEd25519Strict,
    Op::VerifyEcdsaSecp256k1,
    Op::VerifyBip340,
    Op::VerifyMlDsa44,
    Op::VerifyMlDsa65,
    Op::VerifyMlDsa87,
    Op::VerifyBls12381,
    Op::VerifyHybridEd25519MlDsa65,
];

fn has_context(alg: Algorithm) -> bool {
    matches!(
        alg,
        Algorithm::MlDsa44
            | Algorithm::MlDsa65
            | Algorithm::MlDsa87
            | Algorithm::HybridEd25519MlDsa65
    )
}

/// Asserts that `f` fails with `err` before charging, leaving memory untouched.
fn rejected_free(
    mem: &mut Mem,
    err: Error,
    f: impl FnOnce(&mut [u8], &mut Gas) -> Result<(), Error>,
) {
    let before = mem.bytes.clone();
    let mut gas = Gas::new(u64::MAX);
    assert_eq!(f(&mut mem.bytes[..], &mut gas), Err(err));
    assert_eq!(gas.used(), 0, "no gas charged for {err:?}");
    assert_eq!(mem.bytes, before, "memory untouched for {err:?}");
}

/// Runs `f` with exactly `cost - 1` gas (out of gas: nothing charged, nothing written)
/// and with exactly `cost` (succeeds, meter at zero).
fn exact_gas<R: std::fmt::Debug>(
    mem: &mut Mem,
    cost: u64,
    mut f: impl FnMut(&mut [u8], &mut Gas) -> Result<R, Error>,
) -> R {
    let before = mem.bytes.clone();
    let mut gas = Gas::new(cost - 1);
    assert_eq!(
        f(&mut mem.bytes[..], &mut gas).unwrap_err(),
        Error::OutOfGas
    );
    assert_eq!(gas.used(), 0);
    assert_eq!(mem.bytes, before, "nothing written when out of gas");
    let mut gas = Gas::new(cost);
    let r = f(&mut mem.bytes[..], &mut gas).unwrap();
    assert_eq!(gas.remaining(), 0);
    r
}

// ---------------------------------------------------------------------------------------
// Hashing, MAC, KDF
// ---------------------------------------------------------------------------------------

#[test]
fn hashes_match_the_library_and_charge_the_schedule() {
    let _s = serial();
    for alg in HashAlg::ALL {
        for len in [0usize, 1, 55, 1000] {
            let data: Vec<u8> = (0..len).map(|i| i as u8).collect();
            let mut mem = Mem::default();
            let input = mem.put(&data);
            let out = mem.zeros(64);
            let cost = Op::hash(alg).cost().gas(len as u64, 0);
            let n = exact_gas(&mut mem, cost, |m, g| {
                metered::hash::hash(m, g, alg, input, out)
            });
            assert_eq!(n as usize, alg.output_len());
            assert_eq!(
                &mem.get(out)[..alg.output_len()],
                hash::hash(alg, &data).as_bytes()
            );
            // Bytes past the digest are untouched.
            assert!(mem.get(out)[alg.output_len()..].iter().all(|&b| b == 0));
        }
    }
}

#[test]
fn bad_ranges_charge_nothing_and_touch_nothing() {
    let _s = serial();
    let mut mem = Mem::default();
    mem.zeros(100);
    let alg = HashAlg::Sha256;
    let cases = [
        (
            Span::new(u32::MAX, 2),
            Span::new(0, 32),
            Error::MemoryOutOfBounds,
        ),
        (Span::new(99, 2), Span::new(0, 32), Error::MemoryOutOfBounds),
        (
            Span::new(0, 101),
            Span::new(0, 32),
            Error::MemoryOutOfBounds,
        ),
        (
            Span::new(0, 10),
            Span::new(u32::MAX - 1, 32),
            Error::MemoryOutOfBounds,
        ),
        (
            Span::new(0, 10),
            Span::new(80, 32),
            Error::MemoryOutOfBounds,
        ),
        (
            Span::new(0, 10),
            Span::new(0, 31),
            Error::BufferTooSmall {
                needed: 32,
                got: 31,
            },
        ),
    ];
    for (input, out, err) in cases {
        rejected_free(&mut mem, err, |m, g| {
            metered::hash::hash(m, g, alg, input, out).map(drop)
        });
    }
    // Over the cap: refused before gas, even though the range is fine.
    let mut big = Mem::default();
    big.zeros(MAX_HASH_INPUT as usize + 64);
    rejected_free(&mut big, Error::LimitExceeded, |m, g| {
        metered::hash::hash(
            m,
            g,
            alg,
            Span::new(0, MAX_HASH_INPUT + 1),
            Span::new(0, 32),
        )
        .map(drop)
    });
    // The same rule for an operation with several ranges (signature verification).
    let mut mem = Mem::default();
    let (pk, sig) = sig_case(Algorithm::Ed25519, 1, b"m", b"");
    let good = spans(&mut mem, &pk, b"m", b"", &sig);
    for bad in [
        SignatureSpans {
            public_key: Span::new(u32::MAX, 1),
            ..good
        },
        SignatureSpans {
            message: Span::new(1, u32::MAX),
            ..good
        },
        SignatureSpans {
            context: Span::new(200, 0),
            ..good
        },
        SignatureSpans {
            signature: Span::new(good.signature.offset + 1, 64),
            ..good
        },
    ] {
        rejected_free(&mut mem, Error::MemoryOutOfBounds, |m, g| {
            metered::verify::verify(&*m, g, Op::VerifyEd25519, bad).map(drop)
        });
    }
}

#[test]
fn hmac_and_hkdf_match_the_library() {
    let _s = serial();
    for alg in HmacAlg::ALL {
        let mut mem = Mem::default();
        let key = mem.put(b"a key of some length");
        let data = mem.put(&[0x42; 300]);
        let out = mem.zeros(64);
        let cost = Op::hmac(alg).cost().gas(20 + 300, 0);
        let n = exact_gas(&mut mem, cost, |m, g| {
            metered::mac::hmac(m, g, alg, key, data, out)
        });
        assert_eq!(
            &mem.get(out)[..n as usize],
            mac::hmac(alg, b"a key of some length", &[0x42; 300]).as_bytes()
        );
        rejected_free(
            &mut mem,
            Error::BufferTooSmall {
                needed: alg.tag_len(),
                got: 16,
            },
            |m, g| metered::mac::hmac(m, g, alg, key, data, Span::new(0, 16)).map(drop),
        );
    }
    for alg in HkdfAlg::ALL {
        let h = alg.hash_len();
        let mut mem = Mem::default();
        let salt = mem.put(b"salt");
        let ikm = mem.put(&[0x0b; 22]);
        let prk_out = mem.zeros(64);
        let cost = Op::hkdf_extract(alg).cost().gas(4 + 22, 0);
        exact_gas(&mut mem, cost, |m, g| {
            metered::mac::hkdf_extract(m, g, alg, salt, ikm, prk_out)
        });
        let prk = Prk::extract(alg, b"salt", &[0x0b; 22]);
        assert_eq!(&mem.get(prk_out)[..h], prk.as_bytes());

        let prk_span = Span::new(prk_out.offset, h as u32);
        let info = mem.put(b"some info");
        for l in [1usize, h, h + 1, 255 * h] {
            let out = mem.zeros(l);
            let blocks = l.div_ceil(h) as u64;
            let cost = Op::hkdf_expand(alg).cost().gas(l as u64 + blocks * 9, 0);
            exact_gas(&mut mem, cost, |m, g| {
                metered::mac::hkdf_expand(m, g, alg, prk_span, info, out)
            });
            let mut expected = vec![0u8; l];
            prk.expand(b"some info", &mut expected).unwrap();
            assert_eq!(mem.get(out), &expected[..]);
        }
        let too_long = mem.zeros(255 * h + 1);
        rejected_free(
            &mut mem,
            Error::OutputTooLong {
                max: 255 * h,
                requested: 255 * h + 1,
            },
            |m, g| metered::mac::hkdf_expand(m, g, alg, prk_span, info, too_long).map(drop),
        );
        rejected_free(
            &mut mem,
            Error::InvalidLength {
                expected: h,
                got: h - 1,
            },
            |m, g| {
                metered::mac::hkdf_expand(
                    m,
                    g,
                    alg,
                    Span::new(prk_span.offset, h as u32 - 1),
                    info,
                    Span::new(0, 8),
                )
                .map(drop)
            },
        );
        let long_info = mem.zeros(MAX_HKDF_INFO as usize + 1);
        rejected_free(&mut mem, Error::LimitExceeded, |m, g| {
            metered::mac::hkdf_expand(m, g, alg, prk_span, long_info, Span::new(0, 8)).map(drop)
        });
    }
}

// ---------------------------------------------------------------------------------------
// Signature verification
// ---------------------------------------------------------------------------------------

fn library_verdict(op: Op, pk: &[u8], msg: &[u8], ctx: &[u8], sig: &[u8]) -> bool {
    let alg = op.verify_algorithm().unwrap();
    if op == Op::VerifyEd25519 {
        let item = zcrypto::batch::Item::new(alg, pk, msg, sig).with_context(ctx);
        zcrypto::batch::verify_one(&item, zcrypto::batch::Ed25519Rule::Zip215).is_ok()
    } else {
        dynamic::verify(alg, pk, msg, ctx, sig).is_ok()
    }
}

#[test]
fn every_scheme_agrees_with_the_library() {
    let _s = serial();
    for op in VERIFY_OPS {
        if !op.is_available() {
            continue;
        }
        let alg = op.verify_algorithm().unwrap();
        let ctx: &[u8] = if has_context(alg) { b"ctx" } else { b"" };
        let msg = b"metered message".to_vec();
        let (pk, sig) = sig_case(alg, 3, &msg, ctx);
        let (other_pk, _) = sig_case(alg, 4, &msg, ctx);

        let mut flipped_msg = msg.clone();
        flipped_msg[0] ^= 1;
        let mut flipped_sig = sig.clone();
        let last = flipped_sig.len() - 1;
        flipped_sig[last / 2] ^= 0x10;

        let cases: Vec<SigCase> = vec![
            (
                "valid",
                pk.clone(),
                msg.clone(),
                sig.clone(),
                Ok(Verdict::Valid),
            ),
            (
                "wrong key",
                other_pk.clone(),
                msg.clone(),
                sig.clone(),
                Ok(Verdict::Invalid),
            ),
            (
                "flipped message bit",
                pk.clone(),
                flipped_msg,
                sig.clone(),
                Ok(Verdict::Invalid),
            ),
            (
                "flipped signature bit",
                pk.clone(),
                msg.clone(),
                flipped_sig,
                Err(()),
            ),
            (
                "truncated signature",
                pk.clone(),
                msg.clone(),
                sig[..sig.len() - 1].to_vec(),
                Err(()),
            ),
            (
                "truncated key",
                pk[..pk.len() - 1].to_vec(),
                msg.clone(),
                sig.clone(),
                Err(()),
            ),
        ];
        for (what, pk, msg, sig, expected) in cases {
            let mut mem = Mem::default();
            let s = spans(&mut mem, &pk, &msg, ctx, &sig);
            let mut gas = Gas::unlimited();
            let got = metered::verify::verify(&mem.bytes[..], &mut gas, op, s);
            let lib = library_verdict(op, &pk, &msg, ctx, &sig);
            assert_eq!(
                got == Ok(Verdict::Valid),
                lib,
                "{op:?} {what}: metered {got:?}, library {lib}"
            );
            match expected {
                Ok(v) => assert_eq!(got, Ok(v), "{op:?} {what}"),
                // A flipped signature bit may be caught by decoding (Err) or by the
                // check (Invalid), depending on the scheme; never Valid.
                Err(()) => assert_ne!(got, Ok(Verdict::Valid), "{op:?} {what}"),
            }
            if what.starts_with("truncated") {
                assert!(
                    matches!(
                        got,
                        Err(Error::InvalidLength { .. }
                            | Error::InvalidKey
                            | Error::InvalidSignature)
                    ),
                    "{op:?} {what}: {got:?}"
                );
            }
            // Gas is charged whenever the ranges were fine, verdict or decoding error.
            assert_eq!(gas.used(), op.cost().gas((msg.len() + ctx.len()) as u64, 0));
        }
        // Exact gas and out of gas.
        let mut mem = Mem::default();
        let s = spans(&mut mem, &pk, &msg, ctx, &sig);
        let cost = op.cost().gas((msg.len() + ctx.len()) as u64, 0);
        let v = exact_gas(&mut mem, cost, |m, g| {
            metered::verify::verify(&*m, g, op, s)
        });
        assert_eq!(v, Verdict::Valid);
        // Caps.
        let mut mem = Mem::default();
        let big = mem.zeros(MAX_MESSAGE_LEN as usize + 1);
        rejected_free(&mut mem, Error::LimitExceeded, |m, g| {
            metered::verify::verify(
                &*m,
                g,
                op,
                SignatureSpans {
                    message: big,
                    ..Default::default()
                },
            )
            .map(drop)
        });
    }
    // Not a verification operation.
    let mem = [0u8; 8];
    assert_eq!(
        metered::verify::verify(
            &mem[..],
            &mut Gas::unlimited(),
            Op::Sha256,
            SignatureSpans::default()
        ),
        Err(Error::UnsupportedAlgorithm)
    );
}

#[test]
fn ed25519_rules_and_frost() {
    let _s = serial();
    // Identity key, R = identity, s = 0: valid under ZIP-215, refused by the strict rule.
    let mut pk = [0u8; 32];
    pk[0] = 1;
    let mut sig = [0u8; 64];
    sig[0] = 1;
    let mut mem = Mem::default();
    let s = spans(&mut mem, &pk, b"any", b"", &sig);
    let mut gas = Gas::unlimited();
    assert_eq!(
        metered::verify::verify(&mem.bytes[..], &mut gas, Op::VerifyEd25519, s),
        Ok(Verdict::Valid)
    );
    assert_eq!(
        metered::verify::verify(&mem.bytes[..], &mut gas, Op::VerifyEd25519Strict, s),
        Err(Error::InvalidKey)
    );
    // FROST(Ed25519) group signatures are Ed25519 signatures: the same operation.
    assert_eq!(Op::verify(Algorithm::FrostEd25519), Ok(Op::VerifyEd25519));
    // A context on Ed25519 is refused (after charging: it is part of the decoding).
    let (pk, sig) = sig_case(Algorithm::Ed25519, 1, b"m", b"");
    let mut mem = Mem::default();
    let s = spans(&mut mem, &pk, b"m", b"c", &sig);
    assert_eq!(
        metered::verify::verify(&mem.bytes[..], &mut Gas::unlimited(), Op::VerifyEd25519, s),
        Err(Error::UnsupportedAlgorithm)
    );
}

// ---------------------------------------------------------------------------------------
// Recovery
// ---------------------------------------------------------------------------------------

#[test]
fn recover_matches_the_library() {
    let _s = serial();
    let sk = ecdsa::SigningKey::from_seed(&[0x46; 32]).unwrap();
    let vk = sk.verifying_key();
    let prehash = [0x11u8; 32];
    let rsig = sk.sign_prehash_recoverable(&prehash).unwrap();
    let cost = Op::Secp256k1Recover.cost().gas(0, 0);
    for (format, expected) in [
        (RecoverOutput::Uncompressed, vk.to_uncompressed().to_vec()),
        (RecoverOutput::Raw, vk.to_uncompressed()[1..].to_vec()),
        (RecoverOutput::Address, vk.ethereum_address().to_vec()),
    ] {
        let mut mem = Mem::default();
        let h = mem.put(&prehash);
        let s = mem.put(&rsig.to_bytes());
        let out = mem.zeros(65);
        let v = exact_gas(&mut mem, cost, |m, g| {
            metered::recover::recover(m, g, h, s, format, out)
        });
        assert_eq!(v, Verdict::Valid);
        assert_eq!(&mem.get(out)[..format.output_len()], &expected[..]);
        rejected_free(
            &mut mem,
            Error::BufferTooSmall {
                needed: format.output_len(),
                got: 19,
            },
            |m, g| metered::recover::recover(m, g, h, s, format, Span::new(0, 19)).map(drop),
        );
    }
    // High S is accepted (Ethereum's ecrecover), recovering the same key.
    let high = RecoverableSignature::from_bytes(&rsig.to_bytes()).unwrap();
    let mut bytes = high.to_bytes();
    // n − s, v ^ 1
    let n: [u8; 32] = zcrypto::encoding::from_hex(
        "fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141",
    )
    .unwrap()
    .try_into()
    .unwrap();
    let mut borrow = 0i16;
    for i in (0..32).rev() {
        let d = n[i] as i16 - bytes[32 + i] as i16 - borrow;
        bytes[32 + i] = d.rem_euclid(256) as u8;
        borrow = (d < 0) as i16;
    }
    bytes[64] ^= 1;
    let mut mem = Mem::default();
    let h = mem.put(&prehash);
    let s = mem.put(&bytes);
    let out = mem.zeros(20);
    assert_eq!(
        metered::recover::recover(
            &mut mem.bytes[..],
            &mut Gas::unlimited(),
            h,
            s,
            RecoverOutput::Address,
            out
        ),
        Ok(Verdict::Valid)
    );
    assert_eq!(mem.get(out), &vk.ethereum_address());
    // Malformed: v = 27 (Ethereum's offset not stripped), r = 0, wrong lengths.
    for (what, mutate) in [
        (
            "v = 27",
            Box::new(|b: &mut Vec<u8>| b[64] = 27) as Box<dyn Fn(&mut Vec<u8>)>,
        ),
        ("r = 0", Box::new(|b: &mut Vec<u8>| b[..32].fill(0))),
    ] {
        let mut b = rsig.to_bytes();
        mutate(&mut b);
        let mut mem = Mem::default();
        let h = mem.put(&prehash);
        let s = mem.put(&b);
        let out = mem.zeros(20);
        let mut gas = Gas::unlimited();
        assert_eq!(
            metered::recover::recover(
                &mut mem.bytes[..],
                &mut gas,
                h,
                s,
                RecoverOutput::Address,
                out
            ),
            Err(Error::InvalidSignature),
            "{what}"
        );
        assert_eq!(gas.used(), cost);
        assert_eq!(mem.get(out), &[0; 20]);
    }
    let mut mem = Mem::default();
    let h = mem.put(&prehash[..31]);
    let s = mem.put(&rsig.to_bytes());
    rejected_free(
        &mut mem,
        Error::InvalidLength {
            expected: 32,
            got: 31,
        },
        |m, g| {
            metered::recover::recover(m, g, h, s, RecoverOutput::Raw, Span::new(0, 64)).map(drop)
        },
    );
    // Unrecoverable (r is not the x of a curve point): a verdict, nothing written.
    let mut found = false;
    for r in 1u8..=255 {
        let mut b = [0u8; 65];
        b[31] = r;
        b[63] = 1;
        let Ok(sig) = RecoverableSignature::from_bytes(&b) else {
            continue;
        };
        if sig.recover_prehash(&prehash).is_ok() {
            continue;
        }
        let mut mem = Mem::default();
        let h = mem.put(&prehash);
        let s = mem.put(&b);
        let out = mem.zeros(65);
        assert_eq!(
            metered::recover::recover(
                &mut mem.bytes[..],
                &mut Gas::unlimited(),
                h,
                s,
                RecoverOutput::Uncompressed,
                out
            ),
            Ok(Verdict::Invalid)
        );
        assert_eq!(mem.get(out), &[0; 65]);
        found = true;
        break;
    }
    assert!(found);
}

// ---------------------------------------------------------------------------------------
// BLS
// ---------------------------------------------------------------------------------------

#[cfg(feature = "bls")]
mod bls_ops {
    use super::*;
    use zcrypto::sig::bls;

    fn keys(n: usize) -> Vec<bls::SigningKey> {
        (0..n)
            .map(|i| bls::SigningKey::from_seed(&[i as u8 + 1; 32]).unwrap())
            .collect()
    }

    fn encode_messages(msgs: &[Vec<u8>]) -> Vec<u8> {
        msgs.iter()
            .flat_map(|m| [&(m.len() as u32).to_le_bytes()[..], m].concat())
            .collect()
    }

    #[test]
    fn fast_aggregate_verify() {
        let _s = serial();
        let sks = keys(3);
        let pks: Vec<u8> = sks
            .iter()
            .flat_map(|k| k.verifying_key().to_bytes())
            .collect();
        let agg = bls::aggregate_signatures(
            &sks.iter()
                .map(|k| k.sign(b"m").unwrap())
                .collect::<Vec<_>>(),
        )
        .unwrap();
        let mut mem = Mem::default();
        let k = mem.put(&pks);
        let m = mem.put(b"m");
        let wrong = mem.put(b"n");
        let s = mem.put(agg.as_bytes());
        let cost = Op::BlsFastAggregateVerify.cost().gas(1, 3);
        let v = exact_gas(&mut mem, cost, |mm, g| {
            metered::bls::fast_aggregate_verify(&*mm, g, k, m, s)
        });
        assert_eq!(v, Verdict::Valid);
        let mut gas = Gas::unlimited();
        assert_eq!(
            metered::bls::fast_aggregate_verify(&mem.bytes[..], &mut gas, k, wrong, s),
            Ok(Verdict::Invalid)
        );
        // One key missing: invalid, as the library says.
        let two = Span::new(k.offset, 96);
        assert_eq!(
            metered::bls::fast_aggregate_verify(&mem.bytes[..], &mut gas, two, m, s),
            Ok(Verdict::Invalid)
        );
        assert!(
            bls::fast_aggregate_verify(
                &[sks[0].verifying_key(), sks[1].verifying_key()],
                b"m",
                &agg
            )
            .is_err()
        );
        // Malformed lengths, no keys, over the cap: before gas.
        rejected_free(
            &mut mem,
            Error::InvalidLength {
                expected: 48,
                got: 47,
            },
            |mm, g| {
                metered::bls::fast_aggregate_verify(&*mm, g, Span::new(k.offset, 47), m, s)
                    .map(drop)
            },
        );
        rejected_free(&mut mem, Error::InvalidKey, |mm, g| {
            metered::bls::fast_aggregate_verify(&*mm, g, Span::new(0, 0), m, s).map(drop)
        });
        let mut big = Mem::default();
        let many = big.zeros(48 * (MAX_BLS_KEYS as usize + 1));
        let s = big.zeros(96);
        rejected_free(&mut big, Error::LimitExceeded, |mm, g| {
            metered::bls::fast_aggregate_verify(&*mm, g, many, Span::new(0, 0), s).map(drop)
        });
        // A key that does not decode: an error after charging.
        let mut mem = Mem::default();
        let k = mem.put(&[0xff; 48]);
        let m = mem.put(b"m");
        let s = mem.put(agg.as_bytes());
        let mut gas = Gas::unlimited();
        assert_eq!(
            metered::bls::fast_aggregate_verify(&mem.bytes[..], &mut gas, k, m, s),
            Err(Error::InvalidKey)
        );
        assert_eq!(gas.used(), Op::BlsFastAggregateVerify.cost().gas(1, 1));
    }

    #[test]
    fn aggregate_verify_and_aggregation() {
        let _s = serial();
        let sks = keys(3);
        let msgs: Vec<Vec<u8>> = vec![b"x".to_vec(), b"yy".to_vec(), b"zzz".to_vec()];
        let sigs: Vec<bls::Signature> = sks
            .iter()
            .zip(&msgs)
            .map(|(k, m)| k.sign(m).unwrap())
            .collect();
        let sig_bytes: Vec<u8> = sigs.iter().flat_map(|s| s.to_bytes()).collect();
        let agg = bls::aggregate_signatures(&sigs).unwrap();
        let pks: Vec<u8> = sks
            .iter()
            .flat_map(|k| k.verifying_key().to_bytes())
            .collect();

        // Aggregation against the library.
        let mut mem = Mem::default();
        let s = mem.put(&sig_bytes);
        let out = mem.zeros(96);
        let cost = Op::BlsAggregateSignatures.cost().gas(0, 3);
        exact_gas(&mut mem, cost, |m, g| {
            metered::bls::aggregate_signatures(m, g, s, out)
        });
        assert_eq!(mem.get(out), agg.as_bytes());
        let mut bad = sig_bytes.clone();
        bad[100] ^= 1;
        let mut mem2 = Mem::default();
        let s2 = mem2.put(&bad);
        let out2 = mem2.zeros(96);
        assert_eq!(
            metered::bls::aggregate_signatures(
                &mut mem2.bytes[..],
                &mut Gas::unlimited(),
                s2,
                out2
            ),
            Err(Error::InvalidSignature)
        );
        assert_eq!(mem2.get(out2), &[0; 96]);
        rejected_free(
            &mut mem,
            Error::BufferTooSmall {
                needed: 96,
                got: 95,
            },
            |m, g| metered::bls::aggregate_signatures(m, g, s, Span::new(out.offset, 95)).map(drop),
        );

        // AggregateVerify.
        let mut mem = Mem::default();
        let k = mem.put(&pks);
        let e = mem.put(&encode_messages(&msgs));
        let swapped = mem.put(&encode_messages(&[
            msgs[1].clone(),
            msgs[0].clone(),
            msgs[2].clone(),
        ]));
        let a = mem.put(agg.as_bytes());
        let cost = Op::BlsAggregateVerify.cost().gas(6, 3);
        let v = exact_gas(&mut mem, cost, |m, g| {
            metered::bls::aggregate_verify(&*m, g, k, e, a)
        });
        assert_eq!(v, Verdict::Valid);
        assert_eq!(
            metered::bls::aggregate_verify(&mem.bytes[..], &mut Gas::unlimited(), k, swapped, a),
            Ok(Verdict::Invalid)
        );
        // Messages that do not match the key count, or trailing bytes: before gas.
        rejected_free(&mut mem, Error::InvalidEncoding, |m, g| {
            metered::bls::aggregate_verify(&*m, g, Span::new(k.offset, 96), e, a).map(drop)
        });
        rejected_free(&mut mem, Error::InvalidEncoding, |m, g| {
            metered::bls::aggregate_verify(&*m, g, k, Span::new(e.offset, e.len - 1), a).map(drop)
        });
    }
}

// ---------------------------------------------------------------------------------------
// M-of-N
// ---------------------------------------------------------------------------------------

fn sig_list(sigs: &[(u8, &[u8])]) -> Vec<u8> {
    let mut out = vec![sigs.len() as u8];
    for (i, s) in sigs {
        out.push(*i);
        out.extend_from_slice(&(s.len() as u16).to_be_bytes());
        out.extend_from_slice(s);
    }
    out
}

#[test]
fn multisig_matches_the_library() {
    let _s = serial();
    let algs = [
        Algorithm::Ed25519,
        Algorithm::EcdsaSecp256k1,
        Algorithm::MlDsa65,
    ];
    let keys: Vec<_> = algs
        .iter()
        .enumerate()
        .map(|(i, &alg)| {
            let seed = vec![i as u8 + 9; dynamic::seed_len(alg).unwrap()];
            dynamic::keygen(alg, &seed).unwrap()
        })
        .collect();
    let policy = MultisigPolicy::new(
        2,
        algs.iter().zip(&keys).map(|(&a, (_, pk))| (a, pk.clone())),
    )
    .unwrap();
    let encoded = policy.to_bytes();
    let msg = b"release funds";
    let ctx = b"";
    let sigs: Vec<Vec<u8>> = algs
        .iter()
        .zip(&keys)
        .map(|(&a, (sk, _))| dynamic::sign(a, sk, msg, ctx).unwrap())
        .collect();
    let mut bad = sigs[1].clone();
    bad[5] ^= 1;
    let cases: Vec<ListCase<'_>> = vec![
        ("2 of 3", vec![(0, &sigs[0]), (2, &sigs[2])], Verdict::Valid),
        (
            "3 of 3",
            vec![(0, &sigs[0]), (1, &sigs[1]), (2, &sigs[2])],
            Verdict::Valid,
        ),
        ("1 of 3", vec![(1, &sigs[1])], Verdict::Invalid),
        (
            "duplicate signer",
            vec![(0, &sigs[0]), (0, &sigs[0])],
            Verdict::Invalid,
        ),
        (
            "unknown index",
            vec![(0, &sigs[0]), (7, &sigs[1])],
            Verdict::Invalid,
        ),
        (
            "bad signature",
            vec![(0, &sigs[0]), (1, &bad)],
            Verdict::Invalid,
        ),
        (
            "wrong key's signature",
            vec![(0, &sigs[0]), (1, &sigs[2])],
            Verdict::Invalid,
        ),
    ];
    let verify_ops = [
        Op::VerifyEd25519Strict,
        Op::VerifyEcdsaSecp256k1,
        Op::VerifyMlDsa65,
    ];
    for (what, list, expected) in cases {
        let lib: Vec<(usize, &[u8])> = list.iter().map(|&(i, s)| (usize::from(i), s)).collect();
        assert_eq!(
            policy.verify(msg, ctx, &lib).is_ok(),
            expected == Verdict::Valid,
            "{what}"
        );
        let mut mem = Mem::default();
        let p = mem.put(&encoded);
        let m = mem.put(msg);
        let c = mem.put(ctx);
        let l = mem.put(&sig_list(&list));
        let mut cost = Op::MultisigVerify.cost().gas(0, 3);
        for &(i, _) in &list {
            if let Some(op) = verify_ops.get(usize::from(i)) {
                cost += op.cost().gas(msg.len() as u64, 0);
            }
        }
        let v = exact_gas(&mut mem, cost, |mm, g| {
            metered::multisig::verify(&*mm, g, p, m, c, l)
        });
        assert_eq!(v, expected, "{what}");
    }
    // Malformed encodings and caps: before gas.
    let mut mem = Mem::default();
    let p = mem.put(&encoded[..encoded.len() - 1]);
    let m = mem.put(msg);
    let l = mem.put(&sig_list(&[(0, &sigs[0])]));
    rejected_free(&mut mem, Error::InvalidEncoding, |mm, g| {
        metered::multisig::verify(&*mm, g, p, m, Span::default(), l).map(drop)
    });
    let mut wide = vec![1u8, MAX_MULTISIG_KEYS as u8 + 1];
    for i in 0..=MAX_MULTISIG_KEYS as u8 {
        let (_, pk) = dynamic::keygen(Algorithm::Ed25519, &[i; 32]).unwrap();
        wide.push(7);
        wide.extend_from_slice(b"ed25519");
        wide.extend_from_slice(&32u16.to_be_bytes());
        wide.extend_from_slice(&pk);
    }
    let mut mem = Mem::default();
    let p = mem.put(&wide);
    let l = mem.put(&[0]);
    rejected_free(&mut mem, Error::LimitExceeded, |mm, g| {
        metered::multisig::verify(&*mm, g, p, Span::default(), Span::default(), l).map(drop)
    });
    // A policy that does not validate: an error, after charging.
    let mut broken = encoded.clone();
    broken[0] = 0; // threshold 0: refused by `MultisigPolicy::from_bytes`
    let mut mem = Mem::default();
    let p = mem.put(&broken);
    let l = mem.put(&[0]);
    let mut gas = Gas::unlimited();
    assert!(
        metered::multisig::verify(
            &mem.bytes[..],
            &mut gas,
            p,
            Span::default(),
            Span::default(),
            l
        )
        .is_err()
    );
    assert_eq!(gas.used(), Op::MultisigVerify.cost().gas(0, 3));
}

// ---------------------------------------------------------------------------------------
// Batch
// ---------------------------------------------------------------------------------------

#[test]
fn batch_matches_batch_verifier() {
    let _s = serial();
    let mut schemes = vec![
        Op::VerifyEd25519,
        Op::VerifyEd25519,
        Op::VerifyEd25519,
        Op::VerifyEcdsaSecp256k1,
        Op::VerifyBip340,
        Op::VerifyMlDsa44,
    ];
    if Op::VerifyBls12381.is_available() {
        schemes.extend([Op::VerifyBls12381, Op::VerifyBls12381, Op::VerifyBls12381]);
    }
    let items: Vec<BatchEntry> = schemes
        .iter()
        .enumerate()
        .map(|(i, &op)| {
            let alg = op.verify_algorithm().unwrap();
            let ctx = if has_context(alg) {
                b"c".to_vec()
            } else {
                vec![]
            };
            let msg = format!("item {}", i % 2).into_bytes();
            let (pk, sig) = sig_case(alg, i as u8 + 1, &msg, &ctx);
            (op, pk, sig, ctx, msg)
        })
        .collect();
    for bad in [
        None,
        Some(0usize),
        Some(1),
        Some(3),
        Some(5),
        Some(items.len() - 1),
    ] {
        let mut blob = vec![0, 0];
        let mut verifier = zcrypto::batch::BatchVerifier::new();
        let mut tampered = items.clone();
        if let Some(b) = bad {
            tampered[b].4.push(b'!');
        }
        for (op, pk, sig, ctx, msg) in &tampered {
            metered::batch::push_item(&mut blob, *op, pk, sig, ctx, msg).unwrap();
            let alg = op.verify_algorithm().unwrap();
            verifier
                .push(zcrypto::batch::Item::new(alg, pk, msg, sig).with_context(ctx))
                .unwrap();
        }
        let mut mem = Mem::default();
        let span = mem.put(&blob);
        let cost = metered::batch::gas_for(&blob).unwrap();
        let v = exact_gas(&mut mem, cost, |m, g| metered::batch::verify(&*m, g, span));
        assert_eq!(
            v == Verdict::Valid,
            verifier.verify_all().is_ok(),
            "bad item {bad:?}"
        );
        assert_eq!(v == Verdict::Valid, bad.is_none());
    }
    // The gas formula, spelled out for an Ed25519-only batch.
    let mut blob = vec![0, 0];
    for (op, pk, sig, ctx, msg) in &items[..3] {
        metered::batch::push_item(&mut blob, *op, pk, sig, ctx, msg).unwrap();
    }
    let per_byte = Op::VerifyEd25519.cost().milli_per_byte;
    let expected = Op::BatchVerify.cost().gas(blob.len() as u64, 0)
        + 3 * zcrypto::metered::Cost::new(metered::schedule::BATCH_ED25519_ITEM, per_byte, 0)
            .gas(6, 0);
    assert_eq!(metered::batch::gas_for(&blob), Ok(expected));
    // A malformed key inside the batch: the batch is invalid (after charging).
    let mut blob = vec![0, 0];
    metered::batch::push_item(
        &mut blob,
        Op::VerifyEd25519,
        &[0xff; 31],
        &[0; 64],
        b"",
        b"m",
    )
    .unwrap();
    let mut mem = Mem::default();
    let span = mem.put(&blob);
    assert_eq!(
        metered::batch::verify(&mem.bytes[..], &mut Gas::unlimited(), span),
        Ok(Verdict::Invalid)
    );
    // Empty batch: valid.
    let mut mem = Mem::default();
    let span = mem.put(&[0, 0]);
    assert_eq!(
        metered::batch::verify(&mem.bytes[..], &mut Gas::unlimited(), span),
        Ok(Verdict::Valid)
    );
    // Encoding errors, unsupported items and caps: before gas.
    let (op, pk, sig, ctx, msg) = &items[0];
    let mut blob = vec![0, 0];
    metered::batch::push_item(&mut blob, *op, pk, sig, ctx, msg).unwrap();
    let mut trailing = blob.clone();
    trailing.push(0);
    let mut strict = vec![0, 0];
    metered::batch::push_item(&mut strict, Op::VerifyEd25519Strict, pk, sig, ctx, msg).unwrap();
    let mut count_over = vec![0, 0];
    count_over[..2].copy_from_slice(&(MAX_BATCH_ITEMS as u16 + 1).to_le_bytes());
    for (what, b, err) in [
        ("trailing", trailing, Error::InvalidEncoding),
        (
            "truncated",
            blob[..blob.len() - 1].to_vec(),
            Error::InvalidEncoding,
        ),
        ("strict", strict, Error::UnsupportedAlgorithm),
        ("count", count_over, Error::LimitExceeded),
    ] {
        let mut mem = Mem::default();
        let span = mem.put(&b);
        let before = mem.bytes.clone();
        let mut gas = Gas::unlimited();
        assert_eq!(
            metered::batch::verify(&mem.bytes[..], &mut gas, span),
            Err(err),
            "{what}"
        );
        assert_eq!(gas.used(), 0, "{what}");
        assert_eq!(mem.bytes, before);
    }
}

// ---------------------------------------------------------------------------------------
// KEM
// ---------------------------------------------------------------------------------------

#[test]
fn kem_matches_the_library() {
    let _s = serial();
    for params in MlKem::ALL {
        let dk = DecapsulationKey::from_seed(params, &[3; 64]).unwrap();
        let ek = dk.encapsulation_key().as_bytes().to_vec();
        let m = [0x5au8; 32];
        let mut mem = Mem::default();
        let e = mem.put(&ek);
        let r = mem.put(&m);
        let ct = mem.zeros(params.ciphertext_len());
        let ss = mem.zeros(32);
        let cost = Op::kem_encapsulate(params).cost().gas(0, 0);
        let n = exact_gas(&mut mem, cost, |mm, g| {
            metered::kem::encapsulate(mm, g, params, e, r, ct, ss)
        });
        assert_eq!(n as usize, params.ciphertext_len());
        let (lib_ct, lib_ss) = EncapsulationKey::from_bytes(params, &ek)
            .unwrap()
            .encapsulate_deterministic(&m)
            .unwrap();
        assert_eq!(mem.get(ct), lib_ct.as_bytes());
        assert_eq!(mem.get(ss), lib_ss.as_bytes());
        assert_eq!(dk.decapsulate(mem.get(ct)).unwrap().as_bytes(), mem.get(ss));
        // Wrong lengths and small outputs: before gas.
        rejected_free(
            &mut mem,
            Error::InvalidLength {
                expected: ek.len(),
                got: ek.len() - 1,
            },
            |mm, g| {
                metered::kem::encapsulate(mm, g, params, Span::new(e.offset, e.len - 1), r, ct, ss)
                    .map(drop)
            },
        );
        rejected_free(
            &mut mem,
            Error::InvalidLength {
                expected: 32,
                got: 31,
            },
            |mm, g| {
                metered::kem::encapsulate(mm, g, params, e, Span::new(r.offset, 31), ct, ss)
                    .map(drop)
            },
        );
        rejected_free(
            &mut mem,
            Error::BufferTooSmall {
                needed: 32,
                got: 31,
            },
            |mm, g| {
                metered::kem::encapsulate(mm, g, params, e, r, ct, Span::new(ss.offset, 31))
                    .map(drop)
            },
        );
        // A key failing the modulus check: an error after charging, nothing written.
        let mut bad = ek.clone();
        bad[..2].fill(0xff);
        let mut mem = Mem::default();
        let e = mem.put(&bad);
        let r = mem.put(&m);
        let ct = mem.zeros(params.ciphertext_len());
        let ss = mem.zeros(32);
        let mut gas = Gas::unlimited();
        assert_eq!(
            metered::kem::encapsulate(&mut mem.bytes[..], &mut gas, params, e, r, ct, ss),
            Err(Error::InvalidKey)
        );
        assert_eq!(gas.used(), cost);
        assert!(mem.get(ct).iter().all(|&b| b == 0));
    }
}

// ---------------------------------------------------------------------------------------
// Streaming
// ---------------------------------------------------------------------------------------

#[test]
fn streaming_lifecycle_quota_and_misuse() {
    let _s = serial();
    let data: Vec<u8> = (0..5000u32).map(|i| (i * 7) as u8).collect();
    for alg in HashAlg::ALL {
        let mut mem = Mem::default();
        let d = mem.put(&data);
        let out = mem.zeros(64);
        let mut gas = Gas::unlimited();
        let mut t = HashStreams::new();
        let h = t.init(&mut gas, alg).unwrap();
        assert_eq!(gas.used(), Op::HashInit.cost().gas(0, 0));
        let mut expected = Op::HashInit.cost().gas(0, 0);
        for (a, b) in [(0u32, 1u32), (1, 999), (1000, 0), (1000, 4000)] {
            t.update(&mem.bytes[..], &mut gas, h, Span::new(d.offset + a, b))
                .unwrap();
            expected += zcrypto::metered::Cost::new(
                Op::HashUpdate.cost().base,
                Op::hash(alg).cost().milli_per_byte,
                0,
            )
            .gas(u64::from(b), 0);
            assert_eq!(gas.used(), expected);
        }
        // Output too small: error, stream still open, no gas.
        assert_eq!(
            t.finish(
                &mut mem.bytes[..],
                &mut gas,
                h,
                Span::new(out.offset, alg.output_len() as u32 - 1)
            ),
            Err(Error::BufferTooSmall {
                needed: alg.output_len(),
                got: alg.output_len() - 1
            })
        );
        assert_eq!(gas.used(), expected);
        // Out of gas on finish: stream still open.
        let finish = Op::HashFinish.cost().base + Op::hash(alg).cost().base;
        let mut tight = Gas::new(finish - 1);
        assert_eq!(
            t.finish(&mut mem.bytes[..], &mut tight, h, out),
            Err(Error::OutOfGas)
        );
        assert_eq!(tight.used(), 0);
        assert!(mem.get(out).iter().all(|&b| b == 0));
        let mut exact = Gas::new(finish);
        assert_eq!(
            t.finish(&mut mem.bytes[..], &mut exact, h, out),
            Ok(alg.output_len() as u32)
        );
        assert_eq!(exact.remaining(), 0);
        assert_eq!(
            &mem.get(out)[..alg.output_len()],
            hash::hash(alg, &data).as_bytes()
        );
        // Closed handle.
        assert_eq!(
            t.update(&mem.bytes[..], &mut gas, h, d),
            Err(Error::InvalidKey)
        );
        assert_eq!(
            t.finish(&mut mem.bytes[..], &mut gas, h, out),
            Err(Error::InvalidKey)
        );
        assert_eq!(t.open(), 0);
    }
    // Quota.
    let mut gas = Gas::unlimited();
    let mut t = HashStreams::new();
    let handles: Vec<u32> = (0..MAX_STREAMS)
        .map(|_| t.init(&mut gas, HashAlg::Sha256).unwrap())
        .collect();
    let used = gas.used();
    assert_eq!(t.init(&mut gas, HashAlg::Sha256), Err(Error::LimitExceeded));
    assert_eq!(gas.used(), used, "no gas for a refused init");
    t.abort(handles[3]).unwrap();
    let again = t.init(&mut gas, HashAlg::Blake3).unwrap();
    assert!(
        !handles.contains(&again),
        "a reused slot gets a fresh handle"
    );
    // Misuse: never-issued handles, a stale handle, a bad range (stream unchanged).
    let mut mem = Mem::default();
    let d = mem.put(b"abc");
    let out = mem.zeros(32);
    for bogus in [0u32, 9, 1000, u32::MAX, handles[3]] {
        assert_eq!(
            t.update(&mem.bytes[..], &mut gas, bogus, d),
            Err(Error::InvalidKey),
            "{bogus}"
        );
        assert_eq!(t.abort(bogus), Err(Error::InvalidKey));
    }
    let used = gas.used();
    assert_eq!(
        t.update(&mem.bytes[..], &mut gas, handles[0], Span::new(30, 10)),
        Err(Error::MemoryOutOfBounds)
    );
    assert_eq!(gas.used(), used);
    let mut tight = Gas::new(0);
    assert_eq!(
        t.update(&mem.bytes[..], &mut tight, handles[0], d),
        Err(Error::OutOfGas)
    );
    t.update(&mem.bytes[..], &mut gas, handles[0], d).unwrap();
    t.finish(&mut mem.bytes[..], &mut gas, handles[0], out)
        .unwrap();
    assert_eq!(
        mem.get(out),
        &hash::sha256(b"abc"),
        "failed calls left the stream as it was"
    );
    assert_eq!(t.open(), MAX_STREAMS - 1);
}

// ---------------------------------------------------------------------------------------
// Working memory at the caps
// ---------------------------------------------------------------------------------------

fn report(name: &str, bytes: usize, table: &mut Vec<(String, usize)>) {
    eprintln!("peak working memory {name:<40} {bytes:>7} B");
    table.push((name.to_string(), bytes));
}

#[test]
fn working_memory_at_the_caps_is_under_100_kib() {
    let _s = serial();
    let mut table = Vec::new();
    let max_msg = vec![0x77u8; MAX_MESSAGE_LEN as usize];

    // Hashes and MACs at the input cap; HKDF-Expand at its longest output and info.
    let mut mem = Mem::default();
    let input = mem.put(&max_msg);
    let out = mem.zeros(64);
    for alg in HashAlg::ALL {
        let (r, p) = peak(|| {
            metered::hash::hash(&mut mem.bytes[..], &mut Gas::unlimited(), alg, input, out)
        });
        r.unwrap();
        report(Op::hash(alg).name(), p, &mut table);
    }
    let key = Span::new(0, 64);
    let data = Span::new(64, MAX_HASH_INPUT - 64);
    for alg in HmacAlg::ALL {
        let (r, p) = peak(|| {
            metered::mac::hmac(
                &mut mem.bytes[..],
                &mut Gas::unlimited(),
                alg,
                key,
                data,
                out,
            )
        });
        r.unwrap();
        report(Op::hmac(alg).name(), p, &mut table);
    }
    for alg in HkdfAlg::ALL {
        let (r, p) = peak(|| {
            metered::mac::hkdf_extract(
                &mut mem.bytes[..],
                &mut Gas::unlimited(),
                alg,
                key,
                data,
                out,
            )
        });
        r.unwrap();
        report(Op::hkdf_extract(alg).name(), p, &mut table);
        let l = 255 * alg.hash_len() as u32;
        let (r, p) = peak(|| {
            metered::mac::hkdf_expand(
                &mut mem.bytes[..],
                &mut Gas::unlimited(),
                alg,
                Span::new(0, alg.hash_len() as u32),
                Span::new(0, MAX_HKDF_INFO),
                Span::new(100_000, l),
            )
        });
        r.unwrap();
        report(Op::hkdf_expand(alg).name(), p, &mut table);
    }

    // Streams: a full table, 1 MiB per update.
    let (_, p) = peak(|| {
        let mut gas = Gas::unlimited();
        let mut t = HashStreams::new();
        let hs: Vec<u32> = HashAlg::ALL
            .iter()
            .map(|&a| t.init(&mut gas, a).unwrap())
            .collect();
        for &h in &hs {
            t.update(&mem.bytes[..], &mut gas, h, input).unwrap();
        }
        for &h in &hs {
            t.finish(&mut mem.bytes[..], &mut gas, h, out).unwrap();
        }
    });
    report("hash streams (8 open, 1 MiB each)", p, &mut table);
    drop(mem);

    // Every verification at the longest message and context.
    for op in VERIFY_OPS {
        if !op.is_available() {
            continue;
        }
        let alg = op.verify_algorithm().unwrap();
        let ctx = if has_context(alg) {
            vec![9u8; MAX_CONTEXT_LEN as usize]
        } else {
            vec![]
        };
        let (pk, sig) = sig_case(alg, 1, &max_msg, &ctx);
        let mut mem = Mem::default();
        let s = spans(&mut mem, &pk, &max_msg, &ctx, &sig);
        let (r, p) = peak(|| metered::verify::verify(&mem.bytes[..], &mut Gas::unlimited(), op, s));
        assert_eq!(r, Ok(Verdict::Valid), "{op:?}");
        report(op.name(), p, &mut table);
    }

    // Recovery.
    let sk = ecdsa::SigningKey::from_seed(&[1; 32]).unwrap();
    let rsig = sk.sign_prehash_recoverable(&[2; 32]).unwrap();
    let mut mem = Mem::default();
    let h = mem.put(&[2; 32]);
    let s = mem.put(&rsig.to_bytes());
    let out = mem.zeros(65);
    let (r, p) = peak(|| {
        metered::recover::recover(
            &mut mem.bytes[..],
            &mut Gas::unlimited(),
            h,
            s,
            RecoverOutput::Address,
            out,
        )
    });
    assert_eq!(r, Ok(Verdict::Valid));
    report(Op::Secp256k1Recover.name(), p, &mut table);

    #[cfg(feature = "bls")]
    {
        use zcrypto::sig::bls;
        let n = MAX_BLS_KEYS as usize;
        let sks: Vec<bls::SigningKey> = (0..n)
            .map(|i| {
                let mut seed = [7u8; 32];
                seed[0] = i as u8;
                seed[1] = (i >> 8) as u8;
                bls::SigningKey::from_seed(&seed).unwrap()
            })
            .collect();
        let pks: Vec<u8> = sks
            .iter()
            .flat_map(|k| k.verifying_key().to_bytes())
            .collect();
        let msg = &max_msg[..];
        let same: Vec<bls::Signature> = sks.iter().map(|k| k.sign(msg).unwrap()).collect();
        let agg_same = bls::aggregate_signatures(&same).unwrap();
        let mut mem = Mem::default();
        let k = mem.put(&pks);
        let m = mem.put(msg);
        let a = mem.put(agg_same.as_bytes());
        let (r, p) = peak(|| {
            metered::bls::fast_aggregate_verify(&mem.bytes[..], &mut Gas::unlimited(), k, m, a)
        });
        assert_eq!(r, Ok(Verdict::Valid));
        report(Op::BlsFastAggregateVerify.name(), p, &mut table);

        // AggregateVerify: 128 distinct messages sharing the 1 MiB cap.
        let per = (MAX_MESSAGE_LEN as usize - 4 * n) / n;
        let msgs: Vec<Vec<u8>> = (0..n)
            .map(|i| {
                let mut m = vec![0x55u8; per];
                m[0] = i as u8;
                m[1] = (i >> 8) as u8;
                m
            })
            .collect();
        let sigs: Vec<bls::Signature> = sks
            .iter()
            .zip(&msgs)
            .map(|(k, m)| k.sign(m).unwrap())
            .collect();
        let agg = bls::aggregate_signatures(&sigs).unwrap();
        let enc: Vec<u8> = msgs
            .iter()
            .flat_map(|m| [&(m.len() as u32).to_le_bytes()[..], m].concat())
            .collect();
        let e = mem.put(&enc);
        let a2 = mem.put(agg.as_bytes());
        let (r, p) = peak(|| {
            metered::bls::aggregate_verify(&mem.bytes[..], &mut Gas::unlimited(), k, e, a2)
        });
        assert_eq!(r, Ok(Verdict::Valid));
        report(Op::BlsAggregateVerify.name(), p, &mut table);

        let sig_bytes: Vec<u8> = sigs.iter().flat_map(|s| s.to_bytes()).collect();
        let sg = mem.put(&sig_bytes);
        let out = mem.zeros(96);
        let (r, p) = peak(|| {
            metered::bls::aggregate_signatures(&mut mem.bytes[..], &mut Gas::unlimited(), sg, out)
        });
        r.unwrap();
        report(Op::BlsAggregateSignatures.name(), p, &mut table);
    }

    // M-of-N: N = 16 keys of the largest scheme, all 16 signing, longest message and context.
    let mut multisig_schemes = vec![Algorithm::MlDsa87, Algorithm::HybridEd25519MlDsa65];
    if Op::VerifyBls12381.is_available() {
        multisig_schemes.push(Algorithm::Bls12381);
    }
    for alg in multisig_schemes {
        let n = MAX_MULTISIG_KEYS as usize;
        let ctx = if has_context(alg) {
            vec![1u8; MAX_CONTEXT_LEN as usize]
        } else {
            vec![]
        };
        let keys: Vec<_> = (0..n)
            .map(|i| {
                let mut seed = vec![7u8; dynamic::seed_len(alg).unwrap()];
                seed[0] = i as u8;
                dynamic::keygen(alg, &seed).unwrap()
            })
            .collect();
        let policy = MultisigPolicy::new(n, keys.iter().map(|(_, pk)| (alg, pk.clone())))
            .unwrap()
            .to_bytes();
        assert!(
            policy.len() <= MAX_POLICY_LEN as usize,
            "{alg}: {}",
            policy.len()
        );
        let sigs: Vec<Vec<u8>> = keys
            .iter()
            .map(|(sk, _)| dynamic::sign(alg, sk, &max_msg, &ctx).unwrap())
            .collect();
        let list = sig_list(
            &sigs
                .iter()
                .enumerate()
                .map(|(i, s)| (i as u8, &s[..]))
                .collect::<Vec<_>>(),
        );
        let mut mem = Mem::default();
        let p_ = mem.put(&policy);
        let m = mem.put(&max_msg);
        let c = mem.put(&ctx);
        let l = mem.put(&list);
        let (r, p) =
            peak(|| metered::multisig::verify(&mem.bytes[..], &mut Gas::unlimited(), p_, m, c, l));
        assert_eq!(r, Ok(Verdict::Valid), "{alg}");
        report(&format!("multisig_verify ({n} × {alg})"), p, &mut table);
    }

    // Batches: 64 items of one scheme, messages filling the blob cap.
    let mut batch_schemes = vec![
        Op::VerifyEd25519,
        Op::VerifyMlDsa87,
        Op::VerifyEcdsaSecp256k1,
    ];
    if Op::VerifyBls12381.is_available() {
        batch_schemes.push(Op::VerifyBls12381);
    }
    for op in batch_schemes {
        let alg = op.verify_algorithm().unwrap();
        let n = MAX_BATCH_ITEMS as usize;
        let ctx = if has_context(alg) {
            vec![2u8; MAX_CONTEXT_LEN as usize]
        } else {
            vec![]
        };
        let (probe_pk, probe_sig) = sig_case(alg, 1, b"", &ctx);
        let per =
            (MAX_BATCH_LEN as usize - 2) / n - (probe_pk.len() + probe_sig.len() + ctx.len() + 11);
        let mut blob = vec![0, 0];
        for i in 0..n {
            let mut msg = vec![0x31u8; per];
            msg[0] = i as u8;
            let (pk, sig) = sig_case(alg, i as u8 + 1, &msg, &ctx);
            metered::batch::push_item(&mut blob, op, &pk, &sig, &ctx, &msg).unwrap();
        }
        assert!(blob.len() <= MAX_BATCH_LEN as usize);
        let mut mem = Mem::default();
        let b = mem.put(&blob);
        let (r, p) = peak(|| metered::batch::verify(&mem.bytes[..], &mut Gas::unlimited(), b));
        assert_eq!(r, Ok(Verdict::Valid), "{op:?}");
        report(
            &format!("batch_verify ({n} × {})", op.name()),
            p,
            &mut table,
        );
    }

    // KEM.
    for params in MlKem::ALL {
        let dk = DecapsulationKey::from_seed(params, &[3; 64]).unwrap();
        let mut mem = Mem::default();
        let e = mem.put(dk.encapsulation_key().as_bytes());
        let r = mem.put(&[1; 32]);
        let ct = mem.zeros(params.ciphertext_len());
        let ss = mem.zeros(32);
        let (res, p) = peak(|| {
            metered::kem::encapsulate(
                &mut mem.bytes[..],
                &mut Gas::unlimited(),
                params,
                e,
                r,
                ct,
                ss,
            )
        });
        res.unwrap();
        report(Op::kem_encapsulate(params).name(), p, &mut table);
    }

    let over: Vec<_> = table.iter().filter(|(_, b)| *b >= WORKING_MEMORY).collect();
    assert!(over.is_empty(), "over {WORKING_MEMORY} B: {over:?}");
}

#[test]
fn every_op_has_a_schedule_entry_and_a_home() {
    let _s = serial();
    for &op in Op::ALL {
        let c = op.cost();
        assert!(c.base > 0, "{op:?}");
        assert_eq!(Op::from_id(op.id()), Some(op));
    }
    assert_eq!(Op::from_id(0x0700), Some(Op::MerkleInclusionSha256));
    assert_eq!(Op::from_id(0x0800), Some(Op::PoseidonBn254));
    // The error codes the metered path adds.
    assert_eq!(Error::OutOfGas.code(), 18);
    assert_eq!(Error::MemoryOutOfBounds.code(), 19);
    // GasMeter through a `&mut` reference.
    let mut g = Gas::new(5);
    let r = &mut g;
    r.charge(5).unwrap();
    assert_eq!(GasMeter::remaining(&r), 0);
    let mem: &mut [u8] = &mut [0u8; 4];
    assert_eq!(mem.read(Span::new(4, 1)), Err(Error::MemoryOutOfBounds));
}

/// Random mixed batches with random corruptions: the metered verdict (batch equations
/// without bisection) is exactly `BatchVerifier::verify_all().is_ok()`.
#[test]
fn random_batches_agree_with_verify_all() {
    let _s = serial();
    let mut state = 0x9e37_79b9_7f4a_7c15u64;
    let mut next = move |n: usize| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % n as u64) as usize
    };
    let mut pool: Vec<BatchEntry> = Vec::new();
    let mut schemes = vec![
        Op::VerifyEd25519,
        Op::VerifyEd25519,
        Op::VerifyEd25519,
        Op::VerifyEcdsaSecp256k1,
        Op::VerifyBip340,
        Op::VerifyMlDsa44,
    ];
    if Op::VerifyBls12381.is_available() {
        schemes.extend([Op::VerifyBls12381; 4]);
    }
    for (i, &op) in schemes.iter().enumerate() {
        let alg = op.verify_algorithm().unwrap();
        let ctx = if has_context(alg) {
            b"c".to_vec()
        } else {
            vec![]
        };
        // Two messages only, so BLS items share messages (same-message groups).
        let msg = format!("msg {}", i % 2).into_bytes();
        let (pk, sig) = sig_case(alg, i as u8 + 1, &msg, &ctx);
        pool.push((op, pk, sig, ctx, msg));
    }
    // ZIP-215 small-order item: identity key and R, s = 0 (valid for the batch rule).
    let mut id = vec![0u8; 32];
    id[0] = 1;
    let mut id_sig = vec![0u8; 64];
    id_sig[0] = 1;
    pool.push((Op::VerifyEd25519, id, id_sig, vec![], b"any".to_vec()));

    let mut invalid_seen = 0;
    for round in 0..60 {
        let n = next(MAX_BATCH_ITEMS as usize + 1);
        let mut items: Vec<BatchEntry> = (0..n).map(|_| pool[next(pool.len())].clone()).collect();
        let bad = if n == 0 { 0 } else { next(3) };
        for _ in 0..bad {
            let k = next(n);
            match next(4) {
                0 => items[k].4.push(b'!'),
                1 => {
                    let j = next(items[k].2.len());
                    items[k].2[j] ^= 1 << next(8);
                }
                2 => {
                    items[k].1.pop();
                }
                _ => {
                    let other = pool[next(pool.len())].2.clone();
                    items[k].2 = other;
                }
            }
        }
        let mut blob = vec![0, 0];
        let mut verifier = zcrypto::batch::BatchVerifier::new();
        for (op, pk, sig, ctx, msg) in &items {
            metered::batch::push_item(&mut blob, *op, pk, sig, ctx, msg).unwrap();
            let alg = op.verify_algorithm().unwrap();
            verifier
                .push(zcrypto::batch::Item::new(alg, pk, msg, sig).with_context(ctx))
                .unwrap();
        }
        let mut mem = Mem::default();
        let span = mem.put(&blob);
        let mut gas = Gas::unlimited();
        let v = metered::batch::verify(&mem.bytes[..], &mut gas, span).unwrap();
        let expected = verifier.verify_all().is_ok();
        assert_eq!(
            v == Verdict::Valid,
            expected,
            "round {round}: {n} items, {bad} corrupted"
        );
        assert_eq!(gas.used(), metered::batch::gas_for(&blob).unwrap());
        invalid_seen += usize::from(!expected);
    }
    assert!(
        invalid_seen > 5,
        "the corruptions were exercised ({invalid_seen})"
    );
}

// ---------------------------------------------------------------------------------------
// Merkle proofs and Poseidon
// ---------------------------------------------------------------------------------------

mod merkle_ops {
    use super::*;
    use zcrypto::merkle::sparse::{MemoryStore, SparseMerkleTree};
    use zcrypto::merkle::{Blake3, Keccak256, MerkleHash, MerkleTree, Sha256, ethereum};
    use zcrypto::poseidon;

    fn inclusion_case<H: MerkleHash>(op: Op) {
        let leaves: Vec<Vec<u8>> = (0..13u8).map(|i| vec![i; 1 + i as usize]).collect();
        let tree = MerkleTree::<H>::from_leaves(&leaves);
        for (i, leaf) in leaves.iter().enumerate() {
            let proof = tree.inclusion_proof(i as u64).unwrap();
            let mut mem = Mem::default();
            let root = mem.put(&tree.root());
            let leaf_span = mem.put(leaf);
            let proof_span = mem.put(&proof.to_bytes());
            let cost = op.cost().gas(leaf.len() as u64, proof.path.len() as u64);
            let v = exact_gas(&mut mem, cost, |m, g| {
                metered::merkle::verify_inclusion(&*m, g, op, leaf_span, proof_span, root)
            });
            assert_eq!(v, Verdict::Valid, "{op:?} leaf {i}");
            // A flipped bit in the leaf, the root or any path node: Invalid.
            let flips = [leaf_span.offset, root.offset, proof_span.offset + 17];
            for at in flips {
                let mut bad = Mem {
                    bytes: mem.bytes.clone(),
                };
                bad.bytes[at as usize] ^= 1;
                let v = metered::merkle::verify_inclusion(
                    &bad.bytes[..],
                    &mut Gas::unlimited(),
                    op,
                    leaf_span,
                    proof_span,
                    root,
                );
                assert_eq!(v, Ok(Verdict::Invalid), "{op:?} flip at {at}");
            }
            // A truncated proof does not decode: an error, and free.
            let short = Span::new(proof_span.offset, proof_span.len - 1);
            rejected_free(
                &mut mem,
                Error::InvalidLength {
                    expected: proof_span.len_usize(),
                    got: short.len_usize(),
                },
                |m, g| {
                    metered::merkle::verify_inclusion(&*m, g, op, leaf_span, short, root)
                        .map(|_| ())
                },
            );
        }
    }

    #[test]
    fn inclusion_proofs_match_the_library() {
        let _s = serial();
        inclusion_case::<Sha256>(Op::MerkleInclusionSha256);
        inclusion_case::<Keccak256>(Op::MerkleInclusionKeccak256);
        inclusion_case::<Blake3>(Op::MerkleInclusionBlake3);
        let mut mem = Mem::default();
        let s = mem.put(&[0u8; 64]);
        rejected_free(&mut mem, Error::UnsupportedAlgorithm, |m, g| {
            metered::merkle::verify_inclusion(
                &*m,
                g,
                Op::Sha256,
                s,
                Span::new(0, 17),
                Span::new(0, 32),
            )
            .map(|_| ())
        });
    }

    #[test]
    fn ethereum_proofs_match_openzeppelin_semantics() {
        let _s = serial();
        let leaves: Vec<Vec<u8>> = (0..7u8).map(|i| vec![i; 64]).collect();
        let tree = ethereum::StandardMerkleTree::from_encoded_leaves(&leaves).unwrap();
        for i in 0..leaves.len() {
            let proof = tree.proof(i).unwrap();
            let mut mem = Mem::default();
            let leaf = mem.put(&tree.leaf_hash(i).unwrap());
            let root = mem.put(&tree.root());
            let p = mem.put(&proof.concat());
            let cost = Op::MerkleVerifyEthereum.cost().gas(0, proof.len() as u64);
            let v = exact_gas(&mut mem, cost, |m, g| {
                metered::merkle::verify_ethereum(&*m, g, leaf, p, root)
            });
            assert_eq!(v, Verdict::Valid);
            mem.bytes[leaf.offset as usize] ^= 0x80;
            let v = metered::merkle::verify_ethereum(
                &mem.bytes[..],
                &mut Gas::unlimited(),
                leaf,
                p,
                root,
            );
            assert_eq!(v, Ok(Verdict::Invalid));
        }
        let mut mem = Mem::default();
        mem.put(&[0u8; 100]);
        rejected_free(
            &mut mem,
            Error::InvalidLength {
                expected: 64,
                got: 33,
            },
            |m, g| {
                metered::merkle::verify_ethereum(
                    &*m,
                    g,
                    Span::new(0, 32),
                    Span::new(32, 33),
                    Span::new(0, 32),
                )
                .map(|_| ())
            },
        );
    }

    #[test]
    fn sparse_proofs_match_the_library() {
        let _s = serial();
        for op in [
            Op::SparseMerkleVerifySha256,
            Op::SparseMerkleVerifyKeccak256,
            Op::SparseMerkleVerifyBlake3,
        ] {
            fn build<H: MerkleHash>() -> (zcrypto::merkle::Node, Vec<(u8, Vec<u8>)>) {
                let mut t = SparseMerkleTree::<H, _>::new(MemoryStore::new());
                let root = t
                    .update((0..40u8).map(|i| ([i.wrapping_mul(37); 32], Some(vec![i; 5]))))
                    .unwrap();
                let proofs = [3u8, 200]
                    .iter()
                    .map(|&k| (k, t.prove(&[k.wrapping_mul(37); 32]).unwrap().encode()))
                    .collect();
                (root, proofs)
            }
            let (root, proofs) = match op {
                Op::SparseMerkleVerifySha256 => build::<Sha256>(),
                Op::SparseMerkleVerifyKeccak256 => build::<Keccak256>(),
                _ => build::<Blake3>(),
            };
            for (k, proof) in proofs {
                let present = k < 40;
                let mut mem = Mem::default();
                let r = mem.put(&root);
                let key = mem.put(&[k.wrapping_mul(37); 32]);
                let value = mem.put(&[k; 5]);
                let p = mem.put(&proof);
                let claim = present.then_some(value);
                let v = metered::merkle::verify_sparse(
                    &mem.bytes[..],
                    &mut Gas::unlimited(),
                    op,
                    r,
                    key,
                    claim,
                    p,
                );
                assert_eq!(v, Ok(Verdict::Valid), "{op:?} key {k}");
                // The opposite claim fails.
                let wrong = (!present).then_some(value);
                let v = metered::merkle::verify_sparse(
                    &mem.bytes[..],
                    &mut Gas::unlimited(),
                    op,
                    r,
                    key,
                    wrong,
                    p,
                );
                assert_eq!(v, Ok(Verdict::Invalid), "{op:?} key {k}");
            }
        }
    }

    #[test]
    fn poseidon_matches_the_library() {
        let _s = serial();
        for n in 1..=12usize {
            let inputs: Vec<[u8; 32]> = (0..n)
                .map(|i| {
                    let mut b = [0u8; 32];
                    b[31] = i as u8 + 1;
                    b[0] = 0x17;
                    b
                })
                .collect();
            let mut mem = Mem::default();
            let inp = mem.put(&inputs.concat());
            let out = mem.zeros(32);
            let cost = Op::PoseidonBn254.cost().gas(0, n as u64);
            let written = exact_gas(&mut mem, cost, |m, g| {
                metered::poseidon::hash(m, g, inp, out)
            });
            assert_eq!(written, 32);
            assert_eq!(mem.get(out), poseidon::hash_be_bytes(&inputs).unwrap());
        }
        let mut mem = Mem::default();
        let too_many = mem.put(&[0u8; 13 * 32]);
        let out = mem.zeros(32);
        rejected_free(&mut mem, Error::LimitExceeded, |m, g| {
            metered::poseidon::hash(m, g, too_many, out).map(|_| ())
        });
        rejected_free(
            &mut mem,
            Error::InvalidLength {
                expected: 64,
                got: 33,
            },
            |m, g| metered::poseidon::hash(m, g, Span::new(0, 33), out).map(|_| ()),
        );
        let p = mem.put(&poseidon::MODULUS_BE);
        rejected_free(&mut mem, Error::InvalidEncoding, |m, g| {
            metered::poseidon::hash(m, g, p, out).map(|_| ())
        });
    }

    #[test]
    fn working_memory_of_proofs_and_poseidon_is_small() {
        let _s = serial();
        let mut mem = Mem::default();
        let root = mem.put(&[1u8; 32]);
        let leaf = mem.put(&vec![2u8; MAX_MESSAGE_LEN as usize]);
        let proof = zcrypto::merkle::InclusionProof {
            index: 0,
            tree_size: 1 << 63,
            path: vec![[3u8; 32]; 63],
        };
        let p = mem.put(&proof.to_bytes());
        let eth = mem.put(&vec![
            4u8;
            32 * metered::merkle::MAX_ETHEREUM_PROOF_NODES as usize
        ]);
        let inputs = mem.put(&[0u8; 12 * 32]);
        let out = mem.zeros(32);
        let (r, inclusion) = peak(|| {
            metered::merkle::verify_inclusion(
                &mem.bytes[..],
                &mut Gas::unlimited(),
                Op::MerkleInclusionKeccak256,
                leaf,
                p,
                root,
            )
        });
        assert_eq!(r, Ok(Verdict::Invalid));
        let (r, ethereum) = peak(|| {
            metered::merkle::verify_ethereum(&mem.bytes[..], &mut Gas::unlimited(), root, eth, root)
        });
        assert_eq!(r, Ok(Verdict::Invalid));
        let (r, pos) = peak(|| {
            metered::poseidon::hash(&mut mem.bytes[..], &mut Gas::unlimited(), inputs, out)
        });
        assert_eq!(r, Ok(32));
        for (name, bytes) in [
            ("inclusion", inclusion),
            ("ethereum", ethereum),
            ("poseidon", pos),
        ] {
            println!("peak working memory {name:<12} {bytes} B");
            assert!(bytes < WORKING_MEMORY, "{name}: {bytes}");
        }
    }
}

// ---------------------------------------------------------------------------------------
// Bulletproofs and KZG point evaluation
// ---------------------------------------------------------------------------------------

mod zk_ops {
    use super::*;
    use zcrypto::metered::limits::MAX_BULLETPROOFS_COMMITMENTS;

    /// The bound the Bulletproofs verifier is held to instead of `WORKING_MEMORY`
    /// (measured: 1,008,800 B for 16 × 64-bit values; 373,056 B for one 64-bit value).
    const BULLETPROOFS_WORKING_MEMORY: usize = 5 << 18;
    use zcrypto::zk::bulletproofs::{BitSize, Blinding, RangeProof};

    /// Memory `proof ‖ commitments ‖ bits` for a valid proof of `m` values of `bits` bits.
    fn bulletproofs_mem(bits: BitSize, m: usize) -> (Mem, Span, Span, Span) {
        let values: Vec<u64> = (0..m as u64).map(|i| i * 3).collect();
        let blindings: Vec<Blinding> = (0..m)
            .map(|i| {
                let mut b = [i as u8 + 1; 32];
                b[31] = 0;
                Blinding::from_bytes(b).unwrap()
            })
            .collect();
        let (proof, cs) =
            RangeProof::prove_with_entropy(bits, &values, &blindings, &[5; 32]).unwrap();
        let mut mem = Mem::default();
        let p = mem.put(&proof.to_bytes());
        let c = mem.put(&cs.iter().flat_map(|c| c.to_bytes()).collect::<Vec<_>>());
        let b = mem.put(&[bits.bits() as u8]);
        (mem, p, c, b)
    }

    #[test]
    fn bulletproofs_verdicts_and_gas() {
        let _s = serial();
        let (mem, p, c, b) = bulletproofs_mem(BitSize::Bits32, 2);
        let mut gas = Gas::unlimited();
        let r = metered::zk::verify_bulletproofs(&mem.bytes[..], &mut gas, p, c, b);
        assert_eq!(r, Ok(Verdict::Valid));
        assert_eq!(gas.used(), Op::BulletproofsVerify.cost().gas(0, 2));
        // Swapped commitments: invalid, full price.
        let mut swapped = mem.bytes.clone();
        let (c0, c1) = (c.offset as usize, c.offset as usize + 32);
        let first: Vec<u8> = swapped[c0..c1].to_vec();
        swapped.copy_within(c1..c1 + 32, c0);
        swapped[c1..c1 + 32].copy_from_slice(&first);
        let mut gas = Gas::unlimited();
        let r = metered::zk::verify_bulletproofs(&swapped[..], &mut gas, p, c, b);
        assert_eq!(r, Ok(Verdict::Invalid));
        assert_eq!(gas.used(), Op::BulletproofsVerify.cost().gas(0, 2));
        // Out of gas: nothing charged.
        let mut gas = Gas::new(Op::BulletproofsVerify.cost().gas(0, 2) - 1);
        let r = metered::zk::verify_bulletproofs(&mem.bytes[..], &mut gas, p, c, b);
        assert_eq!(r, Err(zcrypto::Error::OutOfGas));
        assert_eq!(gas.used(), 0);
        // Free: another bit size (the proof's length no longer matches), a bad size byte.
        let mut other = mem.bytes.clone();
        other[b.offset as usize] = 64;
        let mut gas = Gas::unlimited();
        assert!(metered::zk::verify_bulletproofs(&other[..], &mut gas, p, c, b).is_err());
        other[b.offset as usize] = 12;
        assert_eq!(
            metered::zk::verify_bulletproofs(&other[..], &mut gas, p, c, b),
            Err(zcrypto::Error::UnsupportedAlgorithm)
        );
        assert_eq!(gas.used(), 0);
    }

    #[test]
    fn working_memory_at_the_caps() {
        let m = MAX_BULLETPROOFS_COMMITMENTS as usize;
        let (mem, p, c, b) = bulletproofs_mem(BitSize::Bits64, m);
        let _s = serial();
        // Warm the generator tables (built once per process, shared by every call).
        let run =
            || metered::zk::verify_bulletproofs(&mem.bytes[..], &mut Gas::unlimited(), p, c, b);
        assert_eq!(run(), Ok(Verdict::Valid));
        let (r, bp) = peak(run);
        assert_eq!(r, Ok(Verdict::Valid));
        // Over the budget, like halo2 (see MAX_BULLETPROOFS_COMMITMENTS): dalek's
        // verifier allocates its multiscalar multiplication, ≈ 1 MB at the cap.
        println!("peak working memory bulletproofs_verify ({m} × 64 bits) {bp} B");
        assert!(bp < BULLETPROOFS_WORKING_MEMORY, "bulletproofs: {bp} B");
        #[cfg_attr(not(feature = "kzg"), allow(unused_mut))] // a KZG row with `kzg`
        let mut table = Vec::<(String, usize)>::new();
        #[cfg(feature = "kzg")]
        {
            // The valid input of vectors/kzg/point_evaluation.json (pointEvaluation1).
            let text = std::fs::read_to_string(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/../vectors/kzg/point_evaluation.json"
            ))
            .unwrap();
            let at = text.find("\"input\": \"").unwrap() + "\"input\": \"".len();
            let hex = &text[at..at + 384];
            let input: Vec<u8> = (0..192)
                .map(|i| u8::from_str_radix(&hex[2 * i..2 * i + 2], 16).unwrap())
                .collect();
            let mut kzg = Mem::default();
            let i = kzg.put(&input);
            let f = || metered::zk::kzg_point_evaluation(&kzg.bytes[..], &mut Gas::unlimited(), i);
            assert_eq!(f(), Ok(Verdict::Valid));
            let (r, k) = peak(f);
            assert_eq!(r, Ok(Verdict::Valid));
            // c-kzg allocates through C's malloc, which the counting allocator does not
            // see: this counts only the Rust side.
            table.push(("kzg_point_evaluation (Rust side)".into(), k));
        }
        for (name, bytes) in &table {
            println!("peak working memory {name:<36} {bytes} B");
        }
        let over: Vec<_> = table.iter().filter(|(_, b)| *b >= WORKING_MEMORY).collect();
        assert!(over.is_empty(), "over {WORKING_MEMORY} B: {over:?}");
    }
}

// ---------------------------------------------------------------------------------------
// halo2
// ---------------------------------------------------------------------------------------

#[cfg(feature = "halo2")]
mod halo2_op {
    use super::*;
    use zcrypto::Error;
    use zcrypto::metered::limits::MAX_HALO2_ENCODING;
    use zcrypto::metered::schedule::{HALO2_VERIFY, halo2_verify_gas};
    use zcrypto::zk::bulletproofs::BitSize;
    use zcrypto::zk::halo2::{self, Blinding, CircuitId, FieldElement, MerkleTree};

    /// The bound the halo2 verifier is held to instead of `WORKING_MEMORY` (see
    /// `MAX_HALO2_ENCODING`; measured: 791,560 B for membership32, k = 11).
    const HALO2_WORKING_MEMORY: usize = 1 << 20;

    /// The encoding of a valid proof: a 16-bit range check, or membership at `depth`.
    fn encoding(circuit: CircuitId) -> Vec<u8> {
        let (statement, proof) = match circuit {
            CircuitId::Range16 => halo2::prove_range_with_entropy(
                BitSize::Bits16,
                65535,
                &Blinding::from_bytes([3; 32]).unwrap(),
                &[5; 32],
            ),
            CircuitId::Membership32 => {
                let leaves: Vec<FieldElement> = (1..=3).map(FieldElement::from_u64).collect();
                let tree = MerkleTree::new(32, &leaves).unwrap();
                halo2::prove_membership_with_entropy(leaves[2], &tree.path(2).unwrap(), &[5; 32])
            }
            other => panic!("no fixture for {other}"),
        }
        .unwrap();
        halo2::encode(&statement, &proof)
    }

    fn verify(mem: &[u8], gas: &mut Gas) -> Result<Verdict, Error> {
        metered::zk::verify_halo2(mem, gas, Span::new(0, mem.len() as u32))
    }

    #[test]
    fn every_circuit_has_a_price() {
        for c in CircuitId::ALL {
            assert!(halo2_verify_gas(c.code()).is_some_and(|g| g > 0), "{c}");
            assert!(c.encoded_len() <= MAX_HALO2_ENCODING as usize);
        }
        assert_eq!(HALO2_VERIFY.len(), CircuitId::ALL.len());
        assert_eq!(MAX_HALO2_ENCODING as usize, halo2::MAX_ENCODED_LEN);
        let most = HALO2_VERIFY.iter().map(|&(_, g)| g).max();
        assert_eq!(most, Some(Op::Halo2Verify.cost().base));
    }

    #[test]
    fn halo2_verdicts_and_gas() {
        let _s = serial();
        let e = encoding(CircuitId::Range16);
        let full = halo2_verify_gas(CircuitId::Range16.code()).unwrap();
        let charged = |mem: &[u8]| {
            let mut gas = Gas::unlimited();
            let r = verify(mem, &mut gas);
            (r, gas.used())
        };
        assert_eq!(charged(&e), (Ok(Verdict::Valid), full));
        // Another commitment, a flipped proof bit: invalid, full price.
        let mut wrong = e.clone();
        wrong[2..34]
            .copy_from_slice(&halo2::commit(7, &Blinding::from_bytes([3; 32]).unwrap()).to_bytes());
        assert_eq!(charged(&wrong), (Ok(Verdict::Invalid), full));
        let mut flipped = e.clone();
        flipped[500] ^= 0x10;
        assert_eq!(charged(&flipped), (Ok(Verdict::Invalid), full));
        // Named as another range circuit (same length): that circuit's price, invalid.
        let mut range64 = e.clone();
        range64[..2].copy_from_slice(&CircuitId::Range64.code().to_be_bytes());
        let price64 = halo2_verify_gas(CircuitId::Range64.code()).unwrap();
        assert_eq!(charged(&range64), (Ok(Verdict::Invalid), price64));
        // A public input ≥ p: malformed, full price.
        let mut big = e.clone();
        big[2..34].fill(0xff);
        assert_eq!(charged(&big), (Err(Error::InvalidEncoding), full));
        // Out of gas: nothing charged.
        let mut gas = Gas::new(full - 1);
        assert_eq!(verify(&e, &mut gas), Err(Error::OutOfGas));
        assert_eq!(gas.used(), 0);
        // Free, in order: over the cap, shorter than the id, unknown id, wrong length.
        let len = |expected, got| Err(Error::InvalidLength { expected, got });
        let over = vec![0u8; MAX_HALO2_ENCODING as usize + 1];
        assert_eq!(charged(&over), (Err(Error::LimitExceeded), 0));
        assert_eq!(charged(&e[..1]), (len(2, 1), 0));
        let mut unknown = e.clone();
        unknown[..2].copy_from_slice(&0x0200u16.to_be_bytes());
        assert_eq!(charged(&unknown), (Err(Error::UnsupportedAlgorithm), 0));
        assert_eq!(charged(&e[..e.len() - 1]), (len(e.len(), e.len() - 1), 0));
        let mut membership = e.clone();
        membership[..2].copy_from_slice(&CircuitId::Membership8.code().to_be_bytes());
        let m8 = CircuitId::Membership8.encoded_len();
        assert_eq!(charged(&membership), (len(m8, e.len()), 0));
        // A range outside memory.
        let mut gas = Gas::unlimited();
        let r = metered::zk::verify_halo2(&e[..], &mut gas, Span::new(1, e.len() as u32));
        assert_eq!((r, gas.used()), (Err(Error::MemoryOutOfBounds), 0));
    }

    #[test]
    fn working_memory_of_the_largest_circuit() {
        // Serial from the start: proving allocates megabytes, which would show in the
        // other tests' peaks.
        let _s = serial();
        let e = encoding(CircuitId::Membership32);
        // The parameters and verifying key are built on the first call and kept.
        let mut gas = Gas::unlimited();
        assert_eq!(verify(&e, &mut gas), Ok(Verdict::Valid));
        assert_eq!(
            Some(gas.used()),
            halo2_verify_gas(CircuitId::Membership32.code())
        );
        let (r, bytes) = peak(|| verify(&e, &mut Gas::unlimited()));
        assert_eq!(r, Ok(Verdict::Valid));
        println!("peak working memory halo2_verify (membership32, k = 11) {bytes} B");
        assert!(bytes < HALO2_WORKING_MEMORY, "halo2: {bytes} B");
    }
}
