module zcrypto.dev/zcrypto

go 1.24
