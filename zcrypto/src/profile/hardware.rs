//! [`Hardware`]: the CPU features that decide how fast each AEAD runs, detected at run time.

use crate::aead::AeadAlg;

/// CPU features relevant to packet crypto, detected at run time (not compile time):
/// the same binary reports what the machine it runs on offers.
///
/// On x86-64: AES-NI, VAES (AES over AVX-512/AVX2 vectors), PCLMULQDQ (GHASH), AVX2,
/// AVX-512F and SHA-NI. On aarch64: AES, PMULL (GHASH) and SHA2. Elsewhere every flag
/// is false.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Hardware {
    /// AES rounds in hardware (AES-NI on x86-64, the AES extension on aarch64).
    pub aes: bool,
    /// Vector AES (x86-64 VAES): several AES blocks per instruction.
    pub vaes: bool,
    /// Carry-less multiplication for GHASH (PCLMULQDQ on x86-64, PMULL on aarch64).
    pub clmul: bool,
    /// AVX2 (x86-64): ChaCha20 and Poly1305 run 8 lanes wide.
    pub avx2: bool,
    /// AVX-512F (x86-64): ChaCha20 runs 16 lanes wide.
    pub avx512: bool,
    /// SHA-256 in hardware (SHA-NI on x86-64, SHA2 on aarch64): HKDF and key updates.
    pub sha: bool,
}

impl Hardware {
    /// The features of the CPU this runs on.
    pub fn detect() -> Hardware {
        #[cfg(target_arch = "x86_64")]
        {
            use std::arch::is_x86_feature_detected as has;
            Hardware {
                aes: has!("aes"),
                vaes: has!("vaes"),
                clmul: has!("pclmulqdq"),
                avx2: has!("avx2"),
                avx512: has!("avx512f"),
                sha: has!("sha"),
            }
        }
        #[cfg(target_arch = "aarch64")]
        {
            use std::arch::is_aarch64_feature_detected as has;
            Hardware {
                aes: has!("aes"),
                vaes: false,
                clmul: has!("pmull"),
                avx2: false,
                avx512: false,
                sha: has!("sha2"),
            }
        }
        #[cfg(not(any(target_arch = "x86_64", target_arch = "aarch64")))]
        {
            Hardware::default()
        }
    }

    /// The target architecture (`"x86_64"`, `"aarch64"`, ...).
    pub const fn arch() -> &'static str {
        std::env::consts::ARCH
    }

    /// Every flag under its name on this architecture (`"aes-ni"`, `"pmull"`, ...),
    /// for reports. Flags that do not exist on the architecture are left out.
    pub fn features(&self) -> Vec<(&'static str, bool)> {
        match Self::arch() {
            "x86_64" => vec![
                ("aes-ni", self.aes),
                ("vaes", self.vaes),
                ("pclmulqdq", self.clmul),
                ("avx2", self.avx2),
                ("avx512f", self.avx512),
                ("sha-ni", self.sha),
            ],
            "aarch64" => vec![("aes", self.aes), ("pmull", self.clmul), ("sha2", self.sha)],
            _ => Vec::new(),
        }
    }

    /// Whether AES-GCM runs in hardware (AES rounds and carry-less multiply): without
    /// both, AES-GCM is slow and leaks timing in table-based software, and
    /// ChaCha20-Poly1305 should be preferred.
    pub fn aes_gcm_accelerated(&self) -> bool {
        self.aes && self.clmul
    }

    /// The suite to prefer from the feature flags alone, before any measurement
    /// (the [`MachineProfile`](super::MachineProfile) measures instead): AES-128-GCM
    /// with AES-GCM hardware, ChaCha20-Poly1305 without.
    pub fn preferred_suite(&self) -> AeadAlg {
        if self.aes_gcm_accelerated() {
            AeadAlg::Aes128Gcm
        } else {
            AeadAlg::ChaCha20Poly1305
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detection_is_stable_and_named() {
        let hw = Hardware::detect();
        assert_eq!(hw, Hardware::detect());
        let names: Vec<&str> = hw.features().iter().map(|f| f.0).collect();
        if cfg!(target_arch = "x86_64") {
            assert_eq!(names.len(), 6);
            // VAES and AVX-512 imply the base features on every shipping CPU.
            assert!(!hw.vaes || hw.aes);
            assert!(!hw.avx512 || hw.avx2);
        }
        let software = Hardware::default();
        assert_eq!(software.preferred_suite(), AeadAlg::ChaCha20Poly1305);
        let aes = Hardware {
            aes: true,
            clmul: true,
            ..software
        };
        assert_eq!(aes.preferred_suite(), AeadAlg::Aes128Gcm);
    }
}
