//! The crypto profiler for congestion control (`zcrypto::profile`): this machine's
//! packet-crypto report as JSON (the same document as `zcrypto profile --json`) and the
//! CPU feature flags.

use std::time::Duration;

use zcrypto::Error;
use zcrypto::profile::{Hardware, MachineProfile};

use crate::boundary::{ffi_boundary, output, store};

/// Hardware AES rounds (AES-NI on x86-64, the AES extension on aarch64).
pub const ZC_HW_AES: u32 = 1 << 0;
/// Vector AES (x86-64 VAES).
pub const ZC_HW_VAES: u32 = 1 << 1;
/// Carry-less multiplication for GHASH (PCLMULQDQ on x86-64, PMULL on aarch64).
pub const ZC_HW_CLMUL: u32 = 1 << 2;
/// AVX2 (x86-64).
pub const ZC_HW_AVX2: u32 = 1 << 3;
/// AVX-512F (x86-64).
pub const ZC_HW_AVX512: u32 = 1 << 4;
/// SHA-256 in hardware (SHA-NI on x86-64, SHA2 on aarch64).
pub const ZC_HW_SHA: u32 = 1 << 5;
/// AES-GCM runs in hardware (`ZC_HW_AES` and `ZC_HW_CLMUL`): prefer AES-128-GCM, else
/// ChaCha20-Poly1305.
pub const ZC_HW_AES_GCM: u32 = 1 << 8;

/// The largest report `zc_profile_report` writes, NUL included; it needs a buffer at
/// least this long.
pub const ZC_PROFILE_REPORT_MAX_LEN: usize = 8192;

/// The CPU features relevant to packet crypto, detected at run time, as a bitmask of
/// `ZC_HW_*` in `*out_flags` (flags that do not exist on this architecture are 0).
///
/// # Safety
/// `out_flags` is NULL or valid for a write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn zc_hardware_features(out_flags: *mut u32) -> i32 {
    ffi_boundary(|| {
        let flags = hardware_flags(Hardware::detect());
        // SAFETY: NULL or valid for a write, per the caller.
        unsafe { store(out_flags, flags) };
        Ok(())
    })
}

fn hardware_flags(h: Hardware) -> u32 {
    [
        (h.aes, ZC_HW_AES),
        (h.vaes, ZC_HW_VAES),
        (h.clmul, ZC_HW_CLMUL),
        (h.avx2, ZC_HW_AVX2),
        (h.avx512, ZC_HW_AVX512),
        (h.sha, ZC_HW_SHA),
        (h.aes_gcm_accelerated(), ZC_HW_AES_GCM),
    ]
    .into_iter()
    .filter(|(on, _)| *on)
    .fold(0, |acc, (_, bit)| acc | bit)
}

/// Measures every QUIC suite on this machine and writes the report as a NUL-terminated
/// UTF-8 JSON object to `out`; `*out_written` is its length without the NUL (as
/// `strlen`). The fields are those of `zcrypto profile --json`: `arch`, `cores`,
/// `hardware` (feature name → bool), `aes_gcm_accelerated`, `packet_bytes`, `suites`
/// (one object per suite: `suite`, `backend`, `seal` and `open` with `per_packet_ns`,
/// `per_byte_ns`, `packet_ns`, `max_rate_bytes_per_sec_1_core`,
/// `max_rate_bytes_per_sec_all_cores`), `best_suite`, `preferred_suite_by_flags` and
/// `bottleneck_utilization`.
///
/// `budget_ms` (1..=10000, else `ZC_ERR_LIMIT_EXCEEDED`) is the measuring time per
/// suite, direction and packet size: 24 measurements, so the call takes about
/// 24 × `budget_ms`. `packet_bytes` (1..=65535, else `ZC_ERR_LIMIT_EXCEEDED`) is the
/// packet size of the throughput fields and of `best_suite` (1350 is typical).
///
/// The report's length depends on the measured numbers, so the buffer is checked before
/// anything is measured: `out_len` below `ZC_PROFILE_REPORT_MAX_LEN` is
/// `ZC_ERR_BUFFER_TOO_SMALL` with `ZC_PROFILE_REPORT_MAX_LEN` in `*out_written` (a
/// size query costs nothing and its answer always suffices).
///
/// # Safety
/// `out` is valid for `out_len` writable bytes (or NULL with 0); `out_written` is NULL
/// or valid for a write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn zc_profile_report(
    budget_ms: u32,
    packet_bytes: u32,
    out: *mut u8,
    out_len: usize,
    out_written: *mut usize,
) -> i32 {
    ffi_boundary(|| {
        if !(1..=10_000).contains(&budget_ms) || !(1..=65_535).contains(&packet_bytes) {
            return Err(Error::LimitExceeded);
        }
        if out_len < ZC_PROFILE_REPORT_MAX_LEN || out.is_null() {
            // SAFETY: the caller's pointer guarantees; nothing is copied (too small or
            // NULL), only the size is stored.
            return unsafe { output(out, out_len, out_written, &[0; ZC_PROFILE_REPORT_MAX_LEN]) };
        }
        let machine = MachineProfile::measure(Duration::from_millis(u64::from(budget_ms)))?;
        let mut text = machine.report_json(packet_bytes as usize).to_string();
        let len = text.len();
        text.push('\0');
        if text.len() > ZC_PROFILE_REPORT_MAX_LEN {
            return Err(Error::Internal);
        }
        // SAFETY: `out` holds `out_len >= text.len()` bytes (checked above).
        unsafe { output(out, out_len, core::ptr::null_mut(), text.as_bytes())? };
        // SAFETY: NULL or valid for a write.
        unsafe { store(out_written, len) };
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use core::ptr::null_mut;
    use serde_json::Value;

    #[test]
    fn report_is_json_with_three_suites() {
        let mut n = 0usize;
        // SAFETY: NULL with length 0 is never written; `n` is a live local.
        let rc = unsafe { zc_profile_report(1, 1350, null_mut(), 0, &mut n) };
        assert_eq!(
            (rc, n),
            (crate::ZC_ERR_BUFFER_TOO_SMALL, ZC_PROFILE_REPORT_MAX_LEN)
        );
        let mut buf = vec![0xffu8; n];
        // SAFETY: `buf` is live for its length.
        let rc = unsafe { zc_profile_report(1, 1350, buf.as_mut_ptr(), buf.len(), &mut n) };
        assert_eq!(rc, 0);
        assert_eq!(buf[n], 0, "NUL-terminated");
        let v: Value = serde_json::from_slice(&buf[..n]).unwrap();
        let suites = v["suites"].as_array().unwrap();
        assert_eq!(suites.len(), 3);
        assert_eq!(v["packet_bytes"], 1350);
        for s in suites {
            assert!(s["seal"]["per_packet_ns"].as_f64().unwrap() >= 0.0);
        }
        // SAFETY: as above.
        unsafe {
            assert_eq!(
                zc_profile_report(0, 1350, buf.as_mut_ptr(), buf.len(), &mut n),
                crate::ZC_ERR_LIMIT_EXCEEDED
            );
            assert_eq!(
                zc_profile_report(1, 70_000, buf.as_mut_ptr(), buf.len(), &mut n),
                crate::ZC_ERR_LIMIT_EXCEEDED
            );
        }
    }

    #[test]
    fn hardware_bits() {
        let mut f = 0u32;
        // SAFETY: a live local; NULL is allowed.
        unsafe {
            assert_eq!(zc_hardware_features(&mut f), 0);
            assert_eq!(zc_hardware_features(null_mut()), 0);
        }
        let h = Hardware::detect();
        assert_eq!(f & ZC_HW_AES != 0, h.aes);
        assert_eq!(f & ZC_HW_AES_GCM != 0, h.aes_gcm_accelerated());
        assert_eq!(hardware_flags(Hardware::default()), 0);
    }
}
