//! Contract addresses: the EVM `CREATE` rule.
//!
//! A contract deployed by `deployer` whose nonce is `nonce` lives at
//! `keccak256(rlp([deployer, nonce]))[12..]`, exactly as Ethereum's `CREATE`, so the same
//! deployer and nonce give the same address on every node and in every engine.
//!
//! Only two RLP shapes are needed, so they are written by hand:
//!
//! * a byte string of 2..=55 bytes: `0x80 + len ‖ bytes` (the 20-byte address:
//!   `0x94 ‖ address`);
//! * an integer: its minimal big-endian bytes as a string; `0` is the empty string
//!   `0x80`, `1..=0x7f` is the single byte itself, larger values `0x80 + len ‖ bytes`;
//! * the list of both (at most 21 + 9 = 30 bytes of payload): `0xc0 + len ‖ payload`.

use crate::address::Address;

/// The RLP encoding of `[deployer, nonce]`.
pub fn rlp_deployer_nonce(deployer: &Address, nonce: u64) -> Vec<u8> {
    let mut payload = Vec::with_capacity(30);
    payload.push(0x80 + 20);
    payload.extend_from_slice(deployer.as_bytes());
    match nonce {
        0 => payload.push(0x80),
        1..=0x7f => payload.push(nonce as u8),
        _ => {
            let bytes = nonce.to_be_bytes();
            let skip = bytes.iter().take_while(|&&b| b == 0).count();
            payload.push(0x80 + (8 - skip) as u8);
            payload.extend_from_slice(&bytes[skip..]);
        }
    }
    let mut out = Vec::with_capacity(1 + payload.len());
    // The payload is at most 30 bytes, so the short list form applies.
    out.push(0xc0 + payload.len() as u8);
    out.extend_from_slice(&payload);
    out
}

/// The address of the contract `deployer` creates with nonce `nonce`:
/// `keccak256(rlp([deployer, nonce]))[12..]`.
///
/// ```
/// use zvm::address::Address;
/// use zvm::runtime::contract_address;
/// let deployer: Address = "0x6ac7ea33f8831ea9dcc53393aaa88b25a785dbf0".parse().unwrap();
/// assert_eq!(
///     contract_address(&deployer, 0).to_string(),
///     "0xcd234a471b72ba2f1ccf0a70fcaba648a5eecd8d"
/// );
/// ```
pub fn contract_address(deployer: &Address, nonce: u64) -> Address {
    let h = zcrypto::hash::keccak256(&rlp_deployer_nonce(deployer, nonce));
    let mut a = [0u8; 20];
    a.copy_from_slice(&h[12..]);
    Address(a)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn deployer() -> Address {
        "0x6ac7ea33f8831ea9dcc53393aaa88b25a785dbf0"
            .parse()
            .unwrap()
    }

    #[test]
    fn ethereum_vectors() {
        // The well-known CREATE vectors for this deployer (nonces 0..=3).
        let expect = [
            "0xcd234a471b72ba2f1ccf0a70fcaba648a5eecd8d",
            "0x343c43a37d37dff08ae8c4a11544c718abb4fcf8",
            "0xf778b86fa74e846c4f0a1fbd1335fe81c00a0c91",
            "0xfffd933a0bc612844eaf0c6fe3e5b8e9b6c1d19c",
        ];
        for (n, e) in expect.iter().enumerate() {
            assert_eq!(contract_address(&deployer(), n as u64).to_string(), *e);
        }
    }

    #[test]
    fn rlp_integer_forms() {
        let d = Address([0; 20]);
        assert_eq!(rlp_deployer_nonce(&d, 0)[22..], [0x80]);
        assert_eq!(rlp_deployer_nonce(&d, 0x7f)[22..], [0x7f]);
        assert_eq!(rlp_deployer_nonce(&d, 0x80)[22..], [0x81, 0x80]);
        assert_eq!(rlp_deployer_nonce(&d, 0x0100)[22..], [0x82, 0x01, 0x00]);
        let max = rlp_deployer_nonce(&d, u64::MAX);
        assert_eq!(max[0], 0xc0 + 30);
        assert_eq!(
            max[22..],
            [0x88, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]
        );
        assert_eq!(rlp_deployer_nonce(&d, 1)[..2], [0xd6, 0x94]);
    }
}
