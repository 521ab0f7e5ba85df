package zcrypto

/*
#include "zcrypto.h"
*/
import "C"

import (
	"runtime"
	"sync"
)

// QUIC versions, as their 32-bit wire numbers (what a long header carries).
const (
	// QUICv1 is QUIC version 1 (RFC 9000, RFC 9001).
	QUICv1 uint32 = C.ZC_QUIC_V1
	// QUICv2 is QUIC version 2 (RFC 9369).
	QUICv2 uint32 = C.ZC_QUIC_V2
)

// QUICSide says which end of the connection this endpoint is.
type QUICSide int32

const (
	// QUICClient is the endpoint that sent the first Initial.
	QUICClient QUICSide = C.ZC_QUIC_CLIENT
	// QUICServer is the endpoint that accepted it.
	QUICServer QUICSide = C.ZC_QUIC_SERVER
)

// QUICPacketType is the type of a long-header packet (the same numbers for v1 and v2).
type QUICPacketType uint8

const (
	// QUICInitial is an Initial packet.
	QUICInitial QUICPacketType = C.ZC_QUIC_INITIAL
	// QUIC0RTT is a 0-RTT packet.
	QUIC0RTT QUICPacketType = C.ZC_QUIC_0RTT
	// QUICHandshake is a Handshake packet.
	QUICHandshake QUICPacketType = C.ZC_QUIC_HANDSHAKE
)

const (
	// QUICTagSize is the 16 bytes protection adds after the payload.
	QUICTagSize = C.ZC_QUIC_TAG_LEN
	// QUICMaxPacketNumber is the largest packet number, 2^62 − 1.
	QUICMaxPacketNumber uint64 = C.ZC_QUIC_MAX_PACKET_NUMBER
	// QUICNoPacket is the largestReceived of Decrypt when nothing was received yet in
	// the packet number space.
	QUICNoPacket uint64 = C.ZC_QUIC_PN_NONE
)

// QUICKeys protects the packets of one direction (packet key, IV, header protection
// key) over a C ZcQuicKeys handle. It is safe for concurrent Encrypt/Decrypt calls on
// distinct packets. Close frees it (zeroizing the secrets); a finalizer frees a
// forgotten one.
type QUICKeys struct {
	mu sync.RWMutex
	k  *C.ZcQuicKeys
}

func newQUICKeys(k *C.ZcQuicKeys) *QUICKeys {
	q := &QUICKeys{k: k}
	runtime.SetFinalizer(q, (*QUICKeys).Close)
	return q
}

// NewQUICInitialKeys returns the Initial keys (AES-128-GCM) for the client's first
// Destination Connection ID: local protects the packets this endpoint sends, remote
// opens the peer's. An unknown version or side is ErrUnsupportedAlgorithm; a DCID over
// 20 bytes is ErrInvalidLength.
func NewQUICInitialKeys(version uint32, dcid []byte, side QUICSide) (local, remote *QUICKeys, err error) {
	var l, r *C.ZcQuicKeys
	rc := C.zc_quic_keys_initial(C.uint32_t(version), ptr(dcid), clen(dcid), C.int32_t(side), &l, &r)
	if err := codeError(rc); err != nil {
		return nil, nil, err
	}
	return newQUICKeys(l), newQUICKeys(r), nil
}

// NewQUICKeys returns the keys of one direction from a TLS 1.3 traffic secret. suite
// is the negotiated TLS suite's AEAD: "aes-128-gcm", "aes-256-gcm" (48-byte secret) or
// "chacha20-poly1305".
func NewQUICKeys(version uint32, suite string, secret []byte) (*QUICKeys, error) {
	cs, err := cname(suite)
	if err != nil {
		return nil, err
	}
	defer free(cs)
	var k *C.ZcQuicKeys
	if err := codeError(C.zc_quic_keys_from_secret(C.uint32_t(version), cs, ptr(secret), clen(secret), &k)); err != nil {
		return nil, err
	}
	return newQUICKeys(k), nil
}

// Update returns the keys of the next key phase (RFC 9001 §6): the secret advances
// with "quic ku", new packet keys, the same header protection key. k stays valid (keep
// it for reordered packets of the previous phase, then Close it).
func (k *QUICKeys) Update() (*QUICKeys, error) {
	k.mu.RLock()
	defer k.mu.RUnlock()
	if k.k == nil {
		return nil, ErrClosed
	}
	var next *C.ZcQuicKeys
	rc := C.zc_quic_key_update(k.k, &next)
	runtime.KeepAlive(k)
	if err := codeError(rc); err != nil {
		return nil, err
	}
	return newQUICKeys(next), nil
}

// Generation returns how many key updates led to k (0 for new keys); its low bit is
// the key phase.
func (k *QUICKeys) Generation() (uint64, error) {
	k.mu.RLock()
	defer k.mu.RUnlock()
	if k.k == nil {
		return 0, ErrClosed
	}
	var g C.uint64_t
	rc := C.zc_quic_keys_generation(k.k, &g)
	runtime.KeepAlive(k)
	return uint64(g), codeError(rc)
}

// Encrypt protects a packet in place: packet holds the unprotected header (headerLen
// bytes, ending with the truncated packet number), payloadLen bytes of plaintext and
// at least QUICTagSize spare bytes. It returns the protected length
// headerLen+payloadLen+QUICTagSize. On error packet is unchanged.
func (k *QUICKeys) Encrypt(packetNumber uint64, packet []byte, headerLen, payloadLen int) (int, error) {
	if headerLen < 0 || payloadLen < 0 {
		return 0, ErrInvalidLength
	}
	k.mu.RLock()
	defer k.mu.RUnlock()
	if k.k == nil {
		return 0, ErrClosed
	}
	var w C.size_t
	rc := C.zc_quic_encrypt(k.k, C.uint64_t(packetNumber), ptr(packet), clen(packet),
		C.size_t(headerLen), C.size_t(payloadLen), &w)
	runtime.KeepAlive(k)
	if err := codeError(rc); err != nil {
		return 0, err
	}
	return int(w), nil
}

// QUICDecrypted is the result of QUICKeys.Decrypt.
type QUICDecrypted struct {
	// PacketNumber is the decoded full packet number.
	PacketNumber uint64
	// HeaderLen is the length of the now unprotected header.
	HeaderLen int
	// Payload is the plaintext, a subslice of the packet.
	Payload []byte
}

// Decrypt removes protection from one packet in place. packet is exactly the packet
// (for a long header up to QUICLongHeader.End), pnOffset where its packet number starts
// (QUICLongHeader.PNOffset, or 1+len(dcid) for a short header), largestReceived the
// largest packet number processed so far in this space or QUICNoPacket. On
// ErrDecryptionFailed the payload is zeroed and header protection applied again.
func (k *QUICKeys) Decrypt(packet []byte, pnOffset int, largestReceived uint64) (QUICDecrypted, error) {
	if pnOffset < 0 {
		return QUICDecrypted{}, ErrInvalidEncoding
	}
	k.mu.RLock()
	defer k.mu.RUnlock()
	if k.k == nil {
		return QUICDecrypted{}, ErrClosed
	}
	var pn C.uint64_t
	var hl, po, pl C.size_t
	rc := C.zc_quic_decrypt(k.k, ptr(packet), clen(packet), C.size_t(pnOffset),
		C.uint64_t(largestReceived), &pn, &hl, &po, &pl)
	runtime.KeepAlive(k)
	if err := codeError(rc); err != nil {
		return QUICDecrypted{}, err
	}
	return QUICDecrypted{
		PacketNumber: uint64(pn),
		HeaderLen:    int(hl),
		Payload:      packet[int(po) : int(po)+int(pl) : int(po)+int(pl)],
	}, nil
}

// Close frees the handle (zeroizing the secrets). Idempotent; later calls of the other
// methods return ErrClosed.
func (k *QUICKeys) Close() error {
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.k != nil {
		C.zc_quic_keys_free(k.k)
		k.k = nil
		runtime.SetFinalizer(k, nil)
	}
	return nil
}

// QUICLongHeader is a parsed long header (Initial, 0-RTT or Handshake).
type QUICLongHeader struct {
	// Version is the wire version (QUICv1 or QUICv2).
	Version uint32
	// Type is the packet type.
	Type QUICPacketType
	// DCID is the Destination Connection ID (a subslice of the datagram).
	DCID []byte
	// PNOffset is where the protected packet number starts.
	PNOffset int
	// End is the offset just past this packet (more packets may follow).
	End int
}

// ParseQUICLongHeader parses the long header at the start of datagram. A malformed
// header or a Retry packet is ErrInvalidEncoding; another version
// ErrUnsupportedAlgorithm.
func ParseQUICLongHeader(datagram []byte) (QUICLongHeader, error) {
	var version C.uint32_t
	var ty C.uint8_t
	var dco, dcl, pno, end C.size_t
	rc := C.zc_quic_parse_long_header(ptr(datagram), clen(datagram), &version, &ty, &dco, &dcl, &pno, &end)
	if err := codeError(rc); err != nil {
		return QUICLongHeader{}, err
	}
	return QUICLongHeader{
		Version:  uint32(version),
		Type:     QUICPacketType(ty),
		DCID:     datagram[int(dco) : int(dco)+int(dcl) : int(dco)+int(dcl)],
		PNOffset: int(pno),
		End:      int(end),
	}, nil
}

// QUICRetryTag returns the 16-byte Retry Integrity Tag to append to retry (a Retry
// packet of version up to and including its token) answering a client Initial whose
// Destination Connection ID was originalDCID.
func QUICRetryTag(version uint32, originalDCID, retry []byte) ([]byte, error) {
	return output(QUICTagSize, func(out *C.uint8_t, outLen C.size_t, w *C.size_t) C.int32_t {
		return C.zc_quic_retry_tag(C.uint32_t(version), ptr(originalDCID), clen(originalDCID),
			ptr(retry), clen(retry), out, outLen, w)
	})
}

// VerifyQUICRetry checks the Retry Integrity Tag at the end of retryPacket against the
// originalDCID the client sent: nil, ErrDecryptionFailed (wrong tag) or
// ErrInvalidEncoding (not a Retry of version).
func VerifyQUICRetry(version uint32, originalDCID, retryPacket []byte) error {
	return codeError(C.zc_quic_verify_retry(C.uint32_t(version), ptr(originalDCID), clen(originalDCID),
		ptr(retryPacket), clen(retryPacket)))
}
