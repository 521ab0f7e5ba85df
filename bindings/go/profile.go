package zcrypto

/*
#include "zcrypto.h"
*/
import "C"

import (
	"encoding/json"
	"time"
)

// HardwareFlags is the bitmask of CPU features relevant to packet crypto.
type HardwareFlags uint32

// The bits of HardwareFlags (ZC_HW_* in the C header).
const (
	// HardwareAES: AES rounds in hardware (AES-NI, aarch64 AES).
	HardwareAES HardwareFlags = C.ZC_HW_AES
	// HardwareVAES: vector AES (x86-64 VAES).
	HardwareVAES HardwareFlags = C.ZC_HW_VAES
	// HardwareCLMUL: carry-less multiplication for GHASH (PCLMULQDQ, PMULL).
	HardwareCLMUL HardwareFlags = C.ZC_HW_CLMUL
	// HardwareAVX2: AVX2 (x86-64).
	HardwareAVX2 HardwareFlags = C.ZC_HW_AVX2
	// HardwareAVX512: AVX-512F (x86-64).
	HardwareAVX512 HardwareFlags = C.ZC_HW_AVX512
	// HardwareSHA: SHA-256 in hardware (SHA-NI, aarch64 SHA2).
	HardwareSHA HardwareFlags = C.ZC_HW_SHA
	// HardwareAESGCM: AES-GCM runs in hardware (AES and CLMUL).
	HardwareAESGCM HardwareFlags = C.ZC_HW_AES_GCM
)

// HardwareFeatures returns the CPU features detected at run time.
func HardwareFeatures() HardwareFlags {
	var f C.uint32_t
	if codeError(C.zc_hardware_features(&f)) != nil {
		return 0
	}
	return HardwareFlags(f)
}

// ProfileCostModel is one suite's cost in one direction: a fixed cost per packet plus
// a cost per byte, and the throughput it allows.
type ProfileCostModel struct {
	PerPacketNs                float64 `json:"per_packet_ns"`
	PerByteNs                  float64 `json:"per_byte_ns"`
	PacketNs                   float64 `json:"packet_ns"`
	MaxRateBytesPerSec1Core    float64 `json:"max_rate_bytes_per_sec_1_core"`
	MaxRateBytesPerSecAllCores float64 `json:"max_rate_bytes_per_sec_all_cores"`
}

// ProfileSuite is the measured profile of one QUIC suite.
type ProfileSuite struct {
	Suite   string           `json:"suite"`
	Backend string           `json:"backend"`
	Seal    ProfileCostModel `json:"seal"`
	Open    ProfileCostModel `json:"open"`
}

// Profile is the machine's packet-crypto report (the JSON of `zcrypto profile --json`).
type Profile struct {
	Arch                  string          `json:"arch"`
	Cores                 int             `json:"cores"`
	Hardware              map[string]bool `json:"hardware"`
	AESGCMAccelerated     bool            `json:"aes_gcm_accelerated"`
	PacketBytes           int             `json:"packet_bytes"`
	Suites                []ProfileSuite  `json:"suites"`
	BestSuite             string          `json:"best_suite"`
	PreferredSuiteByFlags string          `json:"preferred_suite_by_flags"`
	BottleneckUtilization float64         `json:"bottleneck_utilization"`
}

// ProfileReportJSON measures every QUIC suite (about 24 × budget, budget from 1 ms to
// 10 s) and returns the JSON report for packets of packetBytes (1..65535) bytes. Other
// values are ErrLimitExceeded.
func ProfileReportJSON(budget time.Duration, packetBytes int) ([]byte, error) {
	ms := budget.Milliseconds()
	if ms < 1 || ms > 10000 || packetBytes < 1 || packetBytes > 65535 {
		return nil, ErrLimitExceeded
	}
	return output(C.ZC_PROFILE_REPORT_MAX_LEN, func(out *C.uint8_t, outLen C.size_t, w *C.size_t) C.int32_t {
		return C.zc_profile_report(C.uint32_t(ms), C.uint32_t(packetBytes), out, outLen, w)
	})
}

// MeasureProfile is ProfileReportJSON, decoded.
func MeasureProfile(budget time.Duration, packetBytes int) (*Profile, error) {
	data, err := ProfileReportJSON(budget, packetBytes)
	if err != nil {
		return nil, err
	}
	var p Profile
	if err := json.Unmarshal(data, &p); err != nil {
		return nil, ErrInternal
	}
	return &p, nil
}
