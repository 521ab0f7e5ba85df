//! Backend selection: the portable pure-Rust backend and the fast native one.
//!
//! Every primitive with two implementations takes a [`Backend`]. [`Backend::default`]
//! is [`Backend::Native`] when the `native` feature is on (the default on native targets)
//! and [`Backend::Portable`] otherwise, e.g. on `wasm32-unknown-unknown`.
//! Both backends pass the same vectors, and differential tests check that they agree.

/// Which implementation carries out an operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Backend {
    /// Pure Rust (RustCrypto, dalek, `ml-kem`): runs everywhere, including WebAssembly.
    Portable,
    /// Native code measured fastest on x86-64 (see the README's table): aws-lc-rs
    /// (AEAD, X25519, ML-KEM, ML-DSA, Ed25519), libcrux-ml-kem (seeded ML-KEM keygen),
    /// libsecp256k1 (secp256k1); blst (BLS12-381) is native only. Only available with
    /// the `native` feature.
    Native,
}

impl Backend {
    /// The backends compiled into this build, portable first.
    pub const AVAILABLE: &'static [Backend] = &[
        Backend::Portable,
        #[cfg(feature = "native")]
        Backend::Native,
    ];

    /// Whether this backend is compiled in.
    pub fn is_available(self) -> bool {
        Self::AVAILABLE.contains(&self)
    }

    /// A short name: `"portable"` or `"native"`.
    pub const fn name(self) -> &'static str {
        match self {
            Backend::Portable => "portable",
            Backend::Native => "native",
        }
    }
}

impl Default for Backend {
    fn default() -> Self {
        if cfg!(feature = "native") {
            Backend::Native
        } else {
            Backend::Portable
        }
    }
}
