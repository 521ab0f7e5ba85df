//! ML-KEM encapsulation with caller-supplied randomness ([`Op::MlKem512Encapsulate`],
//! [`Op::MlKem768Encapsulate`], [`Op::MlKem1024Encapsulate`]).
//!
//! The 32 random bytes `m` of FIPS 203 `ML-KEM.Encaps_internal` are read from guest
//! memory, so the operation is deterministic: no operating-system randomness (it runs
//! on `wasm32-unknown-unknown`) and every node computes the same ciphertext. The guest
//! is responsible for `m` being fresh and secret (e.g. derived from a VRF output or a
//! commit-reveal); reusing `m` with the same key reveals the shared secret to anyone
//! who saw the first encapsulation.
//!
//! Gas: constant per parameter set. Errors before charging: ranges, an encapsulation
//! key or randomness of the wrong length ([`Error::InvalidLength`]), an output range
//! too small. After charging: a key failing the FIPS 203 modulus check
//! ([`Error::InvalidKey`]).

use zeroize::Zeroizing;

use super::memory::output;
use super::{GasMeter, GuestMemory, Op, Span, fixed};
use crate::kem::{ENCAPS_RANDOMNESS_LEN, EncapsulationKey, MlKem, SHARED_SECRET_LEN};
use crate::{Backend, Error};

/// Encapsulates to `encapsulation_key` with randomness `randomness` (32 bytes); writes
/// the ciphertext to the start of `ciphertext_out` and the 32-byte shared secret to
/// the start of `shared_secret_out` (the two should not overlap; if they do, the
/// shared secret is written last). Returns the ciphertext length.
///
/// ```
/// use zcrypto::metered::{kem::encapsulate, Gas, Span};
/// use zcrypto::kem::{DecapsulationKey, MlKem};
/// let dk = DecapsulationKey::from_seed(MlKem::MlKem512, &[1; 64])?;
/// let ek = dk.encapsulation_key().as_bytes();
/// let ct_len = MlKem::MlKem512.ciphertext_len() as u32;
/// let mut mem = [ek, &[7u8; 32][..]].concat();
/// let ek_len = ek.len() as u32;
/// mem.resize(mem.len() + ct_len as usize + 32, 0);
/// let (ct, ss) = (Span::new(ek_len + 32, ct_len), Span::new(ek_len + 32 + ct_len, 32));
/// encapsulate(&mut mem[..], &mut Gas::unlimited(), MlKem::MlKem512, Span::new(0, ek_len), Span::new(ek_len, 32), ct, ss)?;
/// let secret = dk.decapsulate(&mem[ct.offset as usize..][..ct_len as usize])?;
/// assert_eq!(&mem[ss.offset as usize..], secret.as_bytes());
/// # Ok::<(), zcrypto::Error>(())
/// ```
pub fn encapsulate<M: GuestMemory + ?Sized, G: GasMeter + ?Sized>(
    mem: &mut M,
    gas: &mut G,
    params: MlKem,
    encapsulation_key: Span,
    randomness: Span,
    ciphertext_out: Span,
    shared_secret_out: Span,
) -> Result<u32, Error> {
    mem.check(encapsulation_key)?;
    mem.check(randomness)?;
    let ct_out = output(mem, ciphertext_out, params.ciphertext_len())?;
    let ss_out = output(mem, shared_secret_out, SHARED_SECRET_LEN)?;
    fixed(encapsulation_key, params.encapsulation_key_len())?;
    fixed(randomness, ENCAPS_RANDOMNESS_LEN)?;
    gas.charge(Op::kem_encapsulate(params).cost().gas(0, 0))?;
    let ek = EncapsulationKey::from_bytes_with_backend(
        params,
        mem.read(encapsulation_key)?,
        Backend::Portable,
    )?;
    let m: Zeroizing<[u8; ENCAPS_RANDOMNESS_LEN]> =
        Zeroizing::new(crate::util::array(mem.read(randomness)?)?);
    let (ct, ss) = ek.encapsulate_deterministic(&m)?;
    mem.write(ct_out, ct.as_bytes())?;
    mem.write(ss_out, ss.as_bytes())?;
    Ok(ct_out.len)
}
