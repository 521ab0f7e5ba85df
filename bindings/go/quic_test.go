package zcrypto_test

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"zcrypto.dev/zcrypto"
)

type quicVectors struct {
	DCID          string `json:"dcid"`
	ClientInitial struct {
		CryptoFrame  string `json:"crypto_frame"`
		Header       string `json:"header"`
		Packet       string `json:"packet"`
		PacketNumber uint64 `json:"packet_number"`
		PayloadLen   int    `json:"payload_len"`
	} `json:"client_initial"`
	ServerInitial struct {
		Header       string `json:"header"`
		Packet       string `json:"packet"`
		Payload      string `json:"payload"`
		PacketNumber uint64 `json:"packet_number"`
	} `json:"server_initial"`
	Retry struct {
		OriginalDCID string `json:"original_dcid"`
		Packet       string `json:"packet"`
	} `json:"retry"`
	ChaCha struct {
		Secret       string `json:"secret"`
		KU           string `json:"ku"`
		Header       string `json:"header"`
		Packet       string `json:"packet"`
		Payload      string `json:"payload"`
		PacketNumber uint64 `json:"packet_number"`
	} `json:"chacha20_short_header"`
}

func unhex(t *testing.T, s string) []byte {
	t.Helper()
	b, err := hex.DecodeString(s)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// quicPacket protects header ‖ payload with sealer, compares with expected, then opens
// expected with opener and checks the result and a flipped bit.
func quicPacket(t *testing.T, sealer, opener *zcrypto.QUICKeys, pn uint64, header, payload, expected []byte, largest uint64) {
	t.Helper()
	buf := make([]byte, len(header)+len(payload)+zcrypto.QUICTagSize)
	copy(buf, header)
	copy(buf[len(header):], payload)
	n, err := sealer.Encrypt(pn, buf, len(header), len(payload))
	if err != nil || !bytes.Equal(buf[:n], expected) {
		t.Fatalf("Encrypt: %v\n got %x\nwant %x", err, buf[:n], expected)
	}
	if _, err := sealer.Encrypt(pn, buf[:len(buf)-1], len(header), len(payload)); !errors.Is(err, zcrypto.ErrBufferTooSmall) {
		t.Errorf("short buffer: %v", err)
	}
	pnOffset, end := 1, len(expected)
	if expected[0]&0x80 != 0 {
		h, err := zcrypto.ParseQUICLongHeader(expected)
		if err != nil || h.Type != zcrypto.QUICInitial || h.End != len(expected) {
			t.Fatalf("ParseQUICLongHeader: %+v %v", h, err)
		}
		pnOffset, end = h.PNOffset, h.End
	}
	pkt := bytes.Clone(expected)
	d, err := opener.Decrypt(pkt[:end], pnOffset, largest)
	if err != nil || d.PacketNumber != pn || d.HeaderLen != len(header) || !bytes.Equal(d.Payload, payload) ||
		!bytes.Equal(pkt[:d.HeaderLen], header) {
		t.Fatalf("Decrypt: %+v %v", d.PacketNumber, err)
	}
	bad := flip(expected, len(expected)-1)
	if _, err := opener.Decrypt(bad, pnOffset, largest); !errors.Is(err, zcrypto.ErrDecryptionFailed) {
		t.Errorf("flipped bit: %v", err)
	}
	if _, err := opener.Decrypt(bytes.Clone(expected[:pnOffset+19]), pnOffset, largest); !errors.Is(err, zcrypto.ErrInvalidLength) {
		t.Errorf("truncated: %v", err)
	}
	if _, err := opener.Decrypt(bytes.Clone(expected), 0, largest); !errors.Is(err, zcrypto.ErrInvalidEncoding) {
		t.Errorf("pn_offset 0: %v", err)
	}
}

func TestQUICVectors(t *testing.T) {
	for _, f := range []struct {
		file    string
		version uint32
	}{{"vectors/quic/rfc9001.json", zcrypto.QUICv1}, {"vectors/quic/rfc9369.json", zcrypto.QUICv2}} {
		t.Run(filepath.Base(f.file), func(t *testing.T) {
			var v quicVectors
			loadJSON(t, f.file, &v)
			dcid := unhex(t, v.DCID)
			cl, cr, err := zcrypto.NewQUICInitialKeys(f.version, dcid, zcrypto.QUICClient)
			if err != nil {
				t.Fatal(err)
			}
			defer cl.Close()
			defer cr.Close()
			sl, sr, err := zcrypto.NewQUICInitialKeys(f.version, dcid, zcrypto.QUICServer)
			if err != nil {
				t.Fatal(err)
			}
			defer sl.Close()
			defer sr.Close()

			c := v.ClientInitial
			payload := make([]byte, c.PayloadLen)
			copy(payload, unhex(t, c.CryptoFrame))
			quicPacket(t, cl, sr, c.PacketNumber, unhex(t, c.Header), payload, unhex(t, c.Packet), zcrypto.QUICNoPacket)
			h, _ := zcrypto.ParseQUICLongHeader(unhex(t, c.Packet))
			if h.Version != f.version || !bytes.Equal(h.DCID, dcid) {
				t.Errorf("long header %+v", h)
			}

			s := v.ServerInitial
			quicPacket(t, sl, cr, s.PacketNumber, unhex(t, s.Header), unhex(t, s.Payload), unhex(t, s.Packet), 0)

			odcid, retry := unhex(t, v.Retry.OriginalDCID), unhex(t, v.Retry.Packet)
			if err := zcrypto.VerifyQUICRetry(f.version, odcid, retry); err != nil {
				t.Error(err)
			}
			tag, err := zcrypto.QUICRetryTag(f.version, odcid, retry[:len(retry)-16])
			if err != nil || !bytes.Equal(tag, retry[len(retry)-16:]) {
				t.Errorf("QUICRetryTag: %x %v", tag, err)
			}
			if err := zcrypto.VerifyQUICRetry(f.version, flip(odcid, 0), retry); !errors.Is(err, zcrypto.ErrDecryptionFailed) {
				t.Errorf("wrong ODCID: %v", err)
			}
			if err := zcrypto.VerifyQUICRetry(f.version, odcid, flip(retry, 10)); err == nil {
				t.Error("flipped Retry accepted")
			}

			h5 := v.ChaCha
			k, err := zcrypto.NewQUICKeys(f.version, "chacha20-poly1305", unhex(t, h5.Secret))
			if err != nil {
				t.Fatal(err)
			}
			defer k.Close()
			quicPacket(t, k, k, h5.PacketNumber, unhex(t, h5.Header), unhex(t, h5.Payload), unhex(t, h5.Packet), h5.PacketNumber-1)

			// Key update: same packet key as keys from the "ku" secret, old header key.
			next, err := k.Update()
			if err != nil {
				t.Fatal(err)
			}
			defer next.Close()
			if g, _ := next.Generation(); g != 1 {
				t.Errorf("generation %d", g)
			}
			ku, err := zcrypto.NewQUICKeys(f.version, "chacha20-poly1305", unhex(t, h5.KU))
			if err != nil {
				t.Fatal(err)
			}
			defer ku.Close()
			hdr, pl := unhex(t, h5.Header), unhex(t, h5.Payload)
			a := append(append(bytes.Clone(hdr), pl...), make([]byte, 16)...)
			b := bytes.Clone(a)
			na, _ := next.Encrypt(h5.PacketNumber, a, len(hdr), len(pl))
			nb, _ := ku.Encrypt(h5.PacketNumber, b, len(hdr), len(pl))
			if na != nb || !bytes.Equal(a[len(hdr):na], b[len(hdr):nb]) {
				t.Error("key update packet key differs from the ku secret's")
			}
			if _, err := k.Decrypt(bytes.Clone(a[:na]), 1, h5.PacketNumber-1); !errors.Is(err, zcrypto.ErrDecryptionFailed) {
				t.Errorf("old generation opened a new packet: %v", err)
			}
			if d, err := next.Decrypt(a[:na], 1, h5.PacketNumber-1); err != nil || !bytes.Equal(d.Payload, pl) {
				t.Errorf("new generation: %v", err)
			}
		})
	}
}

func TestQUICErrors(t *testing.T) {
	if _, _, err := zcrypto.NewQUICInitialKeys(2, nil, zcrypto.QUICClient); !errors.Is(err, zcrypto.ErrUnsupportedAlgorithm) {
		t.Errorf("bad version: %v", err)
	}
	if _, _, err := zcrypto.NewQUICInitialKeys(zcrypto.QUICv1, make([]byte, 8), 5); !errors.Is(err, zcrypto.ErrUnsupportedAlgorithm) {
		t.Errorf("bad side: %v", err)
	}
	if _, _, err := zcrypto.NewQUICInitialKeys(zcrypto.QUICv1, make([]byte, 21), zcrypto.QUICClient); !errors.Is(err, zcrypto.ErrInvalidLength) {
		t.Errorf("long DCID: %v", err)
	}
	if _, err := zcrypto.NewQUICKeys(zcrypto.QUICv1, "md5", make([]byte, 32)); !errors.Is(err, zcrypto.ErrUnknownAlgorithm) {
		t.Errorf("unknown suite: %v", err)
	}
	if _, err := zcrypto.NewQUICKeys(zcrypto.QUICv1, "aes-256-gcm", make([]byte, 32)); !errors.Is(err, zcrypto.ErrInvalidLength) {
		t.Errorf("short secret: %v", err)
	}
	if _, err := zcrypto.ParseQUICLongHeader([]byte{0x40, 1, 2}); !errors.Is(err, zcrypto.ErrInvalidEncoding) {
		t.Errorf("short header: %v", err)
	}
	k, err := zcrypto.NewQUICKeys(zcrypto.QUICv2, "aes-256-gcm", make([]byte, 48))
	if err != nil {
		t.Fatal(err)
	}
	k.Close()
	k.Close()
	if _, err := k.Encrypt(0, make([]byte, 64), 2, 3); !errors.Is(err, zcrypto.ErrClosed) {
		t.Errorf("after Close: %v", err)
	}
	if _, err := k.Update(); !errors.Is(err, zcrypto.ErrClosed) {
		t.Errorf("after Close: %v", err)
	}
	if _, err := k.Decrypt(make([]byte, 64), 1, 0); !errors.Is(err, zcrypto.ErrClosed) {
		t.Errorf("after Close: %v", err)
	}
	if _, err := k.Generation(); !errors.Is(err, zcrypto.ErrClosed) {
		t.Errorf("after Close: %v", err)
	}
}

func TestProfile(t *testing.T) {
	f := zcrypto.HardwareFeatures()
	if (f&zcrypto.HardwareAESGCM != 0) != (f&zcrypto.HardwareAES != 0 && f&zcrypto.HardwareCLMUL != 0) {
		t.Errorf("flags %b", f)
	}
	p, err := zcrypto.MeasureProfile(time.Millisecond, 1350)
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Suites) != 3 || p.PacketBytes != 1350 || p.BestSuite == "" || p.Cores < 1 {
		t.Errorf("profile %+v", p)
	}
	for _, s := range p.Suites {
		if s.Seal.PerPacketNs < 0 || s.Open.MaxRateBytesPerSec1Core <= 0 {
			t.Errorf("suite %+v", s)
		}
	}
	raw, err := zcrypto.ProfileReportJSON(time.Millisecond, 64)
	if err != nil || !json.Valid(raw) || bytes.IndexByte(raw, 0) >= 0 {
		t.Errorf("ProfileReportJSON: %v %q", err, raw)
	}
	if _, err := zcrypto.ProfileReportJSON(0, 1350); !errors.Is(err, zcrypto.ErrLimitExceeded) {
		t.Errorf("budget 0: %v", err)
	}
}

// TestEveryHeaderFunctionIsCalled checks that every function of ffi/include/zcrypto.h
// is called (C.zc_...) by the package's non-test sources.
func TestEveryHeaderFunctionIsCalled(t *testing.T) {
	header, err := os.ReadFile(filepath.Join("..", "..", "ffi", "include", "zcrypto.h"))
	if err != nil {
		t.Fatal(err)
	}
	decl := regexp.MustCompile(`(?m)\b(zc_[a-z0-9_]+)\(`)
	files, _ := filepath.Glob("*.go")
	var src strings.Builder
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		src.Write(b)
	}
	var missing []string
	seen := map[string]bool{}
	for _, m := range decl.FindAllStringSubmatch(string(header), -1) {
		name := m[1]
		if seen[name] {
			continue
		}
		seen[name] = true
		if !strings.Contains(src.String(), "C."+name+"(") {
			missing = append(missing, name)
		}
	}
	sort.Strings(missing)
	if len(seen) < 60 {
		t.Errorf("only %d functions found in the header", len(seen))
	}
	if len(missing) > 0 {
		t.Errorf("header functions not called from Go: %v", missing)
	}
}
