//! BIP-32 (secp256k1) and SLIP-0010 (Ed25519) hierarchical derivation: every published
//! BIP-32 test vector (1–5) and SLIP-0010 Ed25519 vectors 1 and 2, negative cases, and
//! an independent cross-check against a from-the-spec Python implementation
//! (vectors/requirements.txt).

mod common;

use zcrypto::Error;
use zcrypto::sig::hd::{
    ChildNumber, DerivationPath, ExtendedPrivateKey, ExtendedPublicKey, Slip10Ed25519Key,
};
use zcrypto::sig::{Encoding, Signer, Verifier};

/// (path, xpub, xprv)
type Node = (&'static str, &'static str, &'static str);

const BIP32_TV1_SEED: &str = "000102030405060708090a0b0c0d0e0f";
const BIP32_TV1: &[Node] = &[
    (
        "m",
        "xpub661MyMwAqRbcFtXgS5sYJABqqG9YLmC4Q1Rdap9gSE8NqtwybGhePY2gZ29ESFjqJoCu1Rupje8YtGqsefD265TMg7usUDFdp6W1EGMcet8",
        "xprv9s21ZrQH143K3QTDL4LXw2F7HEK3wJUD2nW2nRk4stbPy6cq3jPPqjiChkVvvNKmPGJxWUtg6LnF5kejMRNNU3TGtRBeJgk33yuGBxrMPHi",
    ),
    (
        "m/0H",
        "xpub68Gmy5EdvgibQVfPdqkBBCHxA5htiqg55crXYuXoQRKfDBFA1WEjWgP6LHhwBZeNK1VTsfTFUHCdrfp1bgwQ9xv5ski8PX9rL2dZXvgGDnw",
        "xprv9uHRZZhk6KAJC1avXpDAp4MDc3sQKNxDiPvvkX8Br5ngLNv1TxvUxt4cV1rGL5hj6KCesnDYUhd7oWgT11eZG7XnxHrnYeSvkzY7d2bhkJ7",
    ),
    (
        "m/0H/1",
        "xpub6ASuArnXKPbfEwhqN6e3mwBcDTgzisQN1wXN9BJcM47sSikHjJf3UFHKkNAWbWMiGj7Wf5uMash7SyYq527Hqck2AxYysAA7xmALppuCkwQ",
        "xprv9wTYmMFdV23N2TdNG573QoEsfRrWKQgWeibmLntzniatZvR9BmLnvSxqu53Kw1UmYPxLgboyZQaXwTCg8MSY3H2EU4pWcQDnRnrVA1xe8fs",
    ),
    (
        "m/0H/1/2H",
        "xpub6D4BDPcP2GT577Vvch3R8wDkScZWzQzMMUm3PWbmWvVJrZwQY4VUNgqFJPMM3No2dFDFGTsxxpG5uJh7n7epu4trkrX7x7DogT5Uv6fcLW5",
        "xprv9z4pot5VBttmtdRTWfWQmoH1taj2axGVzFqSb8C9xaxKymcFzXBDptWmT7FwuEzG3ryjH4ktypQSAewRiNMjANTtpgP4mLTj34bhnZX7UiM",
    ),
    (
        "m/0H/1/2H/2",
        "xpub6FHa3pjLCk84BayeJxFW2SP4XRrFd1JYnxeLeU8EqN3vDfZmbqBqaGJAyiLjTAwm6ZLRQUMv1ZACTj37sR62cfN7fe5JnJ7dh8zL4fiyLHV",
        "xprvA2JDeKCSNNZky6uBCviVfJSKyQ1mDYahRjijr5idH2WwLsEd4Hsb2Tyh8RfQMuPh7f7RtyzTtdrbdqqsunu5Mm3wDvUAKRHSC34sJ7in334",
    ),
    (
        "m/0H/1/2H/2/1000000000",
        "xpub6H1LXWLaKsWFhvm6RVpEL9P4KfRZSW7abD2ttkWP3SSQvnyA8FSVqNTEcYFgJS2UaFcxupHiYkro49S8yGasTvXEYBVPamhGW6cFJodrTHy",
        "xprvA41z7zogVVwxVSgdKUHDy1SKmdb533PjDz7J6N6mV6uS3ze1ai8FHa8kmHScGpWmj4WggLyQjgPie1rFSruoUihUZREPSL39UNdE3BBDu76",
    ),
];

const BIP32_TV2_SEED: &str = "fffcf9f6f3f0edeae7e4e1dedbd8d5d2cfccc9c6c3c0bdbab7b4b1aeaba8a5a29f9c999693908d8a8784817e7b7875726f6c696663605d5a5754514e4b484542";
const BIP32_TV2: &[Node] = &[
    (
        "m",
        "xpub661MyMwAqRbcFW31YEwpkMuc5THy2PSt5bDMsktWQcFF8syAmRUapSCGu8ED9W6oDMSgv6Zz8idoc4a6mr8BDzTJY47LJhkJ8UB7WEGuduB",
        "xprv9s21ZrQH143K31xYSDQpPDxsXRTUcvj2iNHm5NUtrGiGG5e2DtALGdso3pGz6ssrdK4PFmM8NSpSBHNqPqm55Qn3LqFtT2emdEXVYsCzC2U",
    ),
    (
        "m/0",
        "xpub69H7F5d8KSRgmmdJg2KhpAK8SR3DjMwAdkxj3ZuxV27CprR9LgpeyGmXUbC6wb7ERfvrnKZjXoUmmDznezpbZb7ap6r1D3tgFxHmwMkQTPH",
        "xprv9vHkqa6EV4sPZHYqZznhT2NPtPCjKuDKGY38FBWLvgaDx45zo9WQRUT3dKYnjwih2yJD9mkrocEZXo1ex8G81dwSM1fwqWpWkeS3v86pgKt",
    ),
    (
        "m/0/2147483647H",
        "xpub6ASAVgeehLbnwdqV6UKMHVzgqAG8Gr6riv3Fxxpj8ksbH9ebxaEyBLZ85ySDhKiLDBrQSARLq1uNRts8RuJiHjaDMBU4Zn9h8LZNnBC5y4a",
        "xprv9wSp6B7kry3Vj9m1zSnLvN3xH8RdsPP1Mh7fAaR7aRLcQMKTR2vidYEeEg2mUCTAwCd6vnxVrcjfy2kRgVsFawNzmjuHc2YmYRmagcEPdU9",
    ),
    (
        "m/0/2147483647H/1",
        "xpub6DF8uhdarytz3FWdA8TvFSvvAh8dP3283MY7p2V4SeE2wyWmG5mg5EwVvmdMVCQcoNJxGoWaU9DCWh89LojfZ537wTfunKau47EL2dhHKon",
        "xprv9zFnWC6h2cLgpmSA46vutJzBcfJ8yaJGg8cX1e5StJh45BBciYTRXSd25UEPVuesF9yog62tGAQtHjXajPPdbRCHuWS6T8XA2ECKADdw4Ef",
    ),
    (
        "m/0/2147483647H/1/2147483646H",
        "xpub6ERApfZwUNrhLCkDtcHTcxd75RbzS1ed54G1LkBUHQVHQKqhMkhgbmJbZRkrgZw4koxb5JaHWkY4ALHY2grBGRjaDMzQLcgJvLJuZZvRcEL",
        "xprvA1RpRA33e1JQ7ifknakTFpgNXPmW2YvmhqLQYMmrj4xJXXWYpDPS3xz7iAxn8L39njGVyuoseXzU6rcxFLJ8HFsTjSyQbLYnMpCqE2VbFWc",
    ),
    (
        "m/0/2147483647H/1/2147483646H/2",
        "xpub6FnCn6nSzZAw5Tw7cgR9bi15UV96gLZhjDstkXXxvCLsUXBGXPdSnLFbdpq8p9HmGsApME5hQTZ3emM2rnY5agb9rXpVGyy3bdW6EEgAtqt",
        "xprvA2nrNbFZABcdryreWet9Ea4LvTJcGsqrMzxHx98MMrotbir7yrKCEXw7nadnHM8Dq38EGfSh6dqA9QWTyefMLEcBYJUuekgW4BYPJcr9E7j",
    ),
];

/// Retention of leading zeros (bitpay/bitcore-lib#47).
const BIP32_TV3_SEED: &str = "4b381541583be4423346c643850da4b320e46a87ae3d2a4e6da11eba819cd4acba45d239319ac14f863b8d5ab5a0d0c64d2e8a1e7d1457df2e5a3c51c73235be";
const BIP32_TV3: &[Node] = &[
    (
        "m",
        "xpub661MyMwAqRbcEZVB4dScxMAdx6d4nFc9nvyvH3v4gJL378CSRZiYmhRoP7mBy6gSPSCYk6SzXPTf3ND1cZAceL7SfJ1Z3GC8vBgp2epUt13",
        "xprv9s21ZrQH143K25QhxbucbDDuQ4naNntJRi4KUfWT7xo4EKsHt2QJDu7KXp1A3u7Bi1j8ph3EGsZ9Xvz9dGuVrtHHs7pXeTzjuxBrCmmhgC6",
    ),
    (
        "m/0H",
        "xpub68NZiKmJWnxxS6aaHmn81bvJeTESw724CRDs6HbuccFQN9Ku14VQrADWgqbhhTHBaohPX4CjNLf9fq9MYo6oDaPPLPxSb7gwQN3ih19Zm4Y",
        "xprv9uPDJpEQgRQfDcW7BkF7eTya6RPxXeJCqCJGHuCJ4GiRVLzkTXBAJMu2qaMWPrS7AANYqdq6vcBcBUdJCVVFceUvJFjaPdGZ2y9WACViL4L",
    ),
];

/// Retention of leading zeros (btcsuite/btcutil#172).
const BIP32_TV4_SEED: &str = "3ddd5602285899a946114506157c7997e5444528f3003f6134712147db19b678";
const BIP32_TV4: &[Node] = &[
    (
        "m",
        "xpub661MyMwAqRbcGczjuMoRm6dXaLDEhW1u34gKenbeYqAix21mdUKJyuyu5F1rzYGVxyL6tmgBUAEPrEz92mBXjByMRiJdba9wpnN37RLLAXa",
        "xprv9s21ZrQH143K48vGoLGRPxgo2JNkJ3J3fqkirQC2zVdk5Dgd5w14S7fRDyHH4dWNHUgkvsvNDCkvAwcSHNAQwhwgNMgZhLtQC63zxwhQmRv",
    ),
    (
        "m/0H",
        "xpub69AUMk3qDBi3uW1sXgjCmVjJ2G6WQoYSnNHyzkmdCHEhSZ4tBok37xfFEqHd2AddP56Tqp4o56AePAgCjYdvpW2PU2jbUPFKsav5ut6Ch1m",
        "xprv9vB7xEWwNp9kh1wQRfCCQMnZUEG21LpbR9NPCNN1dwhiZkjjeGRnaALmPXCX7SgjFTiCTT6bXes17boXtjq3xLpcDjzEuGLQBM5ohqkao9G",
    ),
    (
        "m/0H/1H",
        "xpub6BJA1jSqiukeaesWfxe6sNK9CCGaujFFSJLomWHprUL9DePQ4JDkM5d88n49sMGJxrhpjazuXYWdMf17C9T5XnxkopaeS7jGk1GyyVziaMt",
        "xprv9xJocDuwtYCMNAo3Zw76WENQeAS6WGXQ55RCy7tDJ8oALr4FWkuVoHJeHVAcAqiZLE7Je3vZJHxspZdFHfnBEjHqU5hG1Jaj32dVoS6XLT1",
    ),
];

const BIP32_VALID: &[(&str, &[Node])] = &[
    (BIP32_TV1_SEED, BIP32_TV1),
    (BIP32_TV2_SEED, BIP32_TV2),
    (BIP32_TV3_SEED, BIP32_TV3),
    (BIP32_TV4_SEED, BIP32_TV4),
];

/// BIP-32 test vector 5: invalid extended keys, with the reason from the BIP.
const BIP32_TV5: &[(&str, &str)] = &[
    (
        "xpub661MyMwAqRbcEYS8w7XLSVeEsBXy79zSzH1J8vCdxAZningWLdN3zgtU6LBpB85b3D2yc8sfvZU521AAwdZafEz7mnzBBsz4wKY5fTtTQBm",
        "pubkey version / prvkey mismatch",
    ),
    (
        "xprv9s21ZrQH143K24Mfq5zL5MhWK9hUhhGbd45hLXo2Pq2oqzMMo63oStZzFGTQQD3dC4H2D5GBj7vWvSQaaBv5cxi9gafk7NF3pnBju6dwKvH",
        "prvkey version / pubkey mismatch",
    ),
    (
        "xpub661MyMwAqRbcEYS8w7XLSVeEsBXy79zSzH1J8vCdxAZningWLdN3zgtU6Txnt3siSujt9RCVYsx4qHZGc62TG4McvMGcAUjeuwZdduYEvFn",
        "invalid pubkey prefix 04",
    ),
    (
        "xprv9s21ZrQH143K24Mfq5zL5MhWK9hUhhGbd45hLXo2Pq2oqzMMo63oStZzFGpWnsj83BHtEy5Zt8CcDr1UiRXuWCmTQLxEK9vbz5gPstX92JQ",
        "invalid prvkey prefix 04",
    ),
    (
        "xpub661MyMwAqRbcEYS8w7XLSVeEsBXy79zSzH1J8vCdxAZningWLdN3zgtU6N8ZMMXctdiCjxTNq964yKkwrkBJJwpzZS4HS2fxvyYUA4q2Xe4",
        "invalid pubkey prefix 01",
    ),
    (
        "xprv9s21ZrQH143K24Mfq5zL5MhWK9hUhhGbd45hLXo2Pq2oqzMMo63oStZzFAzHGBP2UuGCqWLTAPLcMtD9y5gkZ6Eq3Rjuahrv17fEQ3Qen6J",
        "invalid prvkey prefix 01",
    ),
    (
        "xprv9s2SPatNQ9Vc6GTbVMFPFo7jsaZySyzk7L8n2uqKXJen3KUmvQNTuLh3fhZMBoG3G4ZW1N2kZuHEPY53qmbZzCHshoQnNf4GvELZfqTUrcv",
        "zero depth with non-zero parent fingerprint",
    ),
    (
        "xpub661no6RGEX3uJkY4bNnPcw4URcQTrSibUZ4NqJEw5eBkv7ovTwgiT91XX27VbEXGENhYRCf7hyEbWrR3FewATdCEebj6znwMfQkhRYHRLpJ",
        "zero depth with non-zero parent fingerprint",
    ),
    (
        "xprv9s21ZrQH4r4TsiLvyLXqM9P7k1K3EYhA1kkD6xuquB5i39AU8KF42acDyL3qsDbU9NmZn6MsGSUYZEsuoePmjzsB3eFKSUEh3Gu1N3cqVUN",
        "zero depth with non-zero index",
    ),
    (
        "xpub661MyMwAuDcm6CRQ5N4qiHKrJ39Xe1R1NyfouMKTTWcguwVcfrZJaNvhpebzGerh7gucBvzEQWRugZDuDXjNDRmXzSZe4c7mnTK97pTvGS8",
        "zero depth with non-zero index",
    ),
    (
        "DMwo58pR1QLEFihHiXPVykYB6fJmsTeHvyTp7hRThAtCX8CvYzgPcn8XnmdfHGMQzT7ayAmfo4z3gY5KfbrZWZ6St24UVf2Qgo6oujFktLHdHY4",
        "unknown extended key version",
    ),
    (
        "DMwo58pR1QLEFihHiXPVykYB6fJmsTeHvyTp7hRThAtCX8CvYzgPcn8XnmdfHPmHJiEDXkTiJTVV9rHEBUem2mwVbbNfvT2MTcAqj3nesx8uBf9",
        "unknown extended key version",
    ),
    (
        "xprv9s21ZrQH143K24Mfq5zL5MhWK9hUhhGbd45hLXo2Pq2oqzMMo63oStZzF93Y5wvzdUayhgkkFoicQZcP3y52uPPxFnfoLZB21Teqt1VvEHx",
        "private key 0 not in 1..n-1",
    ),
    (
        "xprv9s21ZrQH143K24Mfq5zL5MhWK9hUhhGbd45hLXo2Pq2oqzMMo63oStZzFAzHGBP2UuGCqWLTAPLcMtD5SDKr24z3aiUvKr9bJpdrcLg1y3G",
        "private key n not in 1..n-1",
    ),
    (
        "xpub661MyMwAqRbcEYS8w7XLSVeEsBXy79zSzH1J8vCdxAZningWLdN3zgtU6Q5JXayek4PRsn35jii4veMimro1xefsM58PgBMrvdYre8QyULY",
        "invalid pubkey 020000000000000000000000000000000000000000000000000000000000000007",
    ),
    (
        "xprv9s21ZrQH143K3QTDL4LXw2F7HEK3wJUD2nW2nRk4stbPy6cq3jPPqjiChkVvvNKmPGJxWUtg6LnF5kejMRNNU3TGtRBeJgk33yuGBxrMPHL",
        "invalid checksum",
    ),
];

/// SLIP-0010 Ed25519: (path, parent fingerprint, chain code, private key, public key).
type SlipNode = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
);

const SLIP10_TV1: &[SlipNode] = &[
    (
        "m",
        "00000000",
        "90046a93de5380a72b5e45010748567d5ea02bbf6522f979e05c0d8d8ca9fffb",
        "2b4be7f19ee27bbf30c667b642d5f4aa69fd169872f8fc3059c08ebae2eb19e7",
        "00a4b2856bfec510abab89753fac1ac0e1112364e7d250545963f135f2a33188ed",
    ),
    (
        "m/0H",
        "ddebc675",
        "8b59aa11380b624e81507a27fedda59fea6d0b779a778918a2fd3590e16e9c69",
        "68e0fe46dfb67e368c75379acec591dad19df3cde26e63b93a8e704f1dade7a3",
        "008c8a13df77a28f3445213a0f432fde644acaa215fc72dcdf300d5efaa85d350c",
    ),
    (
        "m/0H/1H",
        "13dab143",
        "a320425f77d1b5c2505a6b1b27382b37368ee640e3557c315416801243552f14",
        "b1d0bad404bf35da785a64ca1ac54b2617211d2777696fbffaf208f746ae84f2",
        "001932a5270f335bed617d5b935c80aedb1a35bd9fc1e31acafd5372c30f5c1187",
    ),
    (
        "m/0H/1H/2H",
        "ebe4cb29",
        "2e69929e00b5ab250f49c3fb1c12f252de4fed2c1db88387094a0f8c4c9ccd6c",
        "92a5b23c0b8a99e37d07df3fb9966917f5d06e02ddbd909c7e184371463e9fc9",
        "00ae98736566d30ed0e9d2f4486a64bc95740d89c7db33f52121f8ea8f76ff0fc1",
    ),
    (
        "m/0H/1H/2H/2H",
        "316ec1c6",
        "8f6d87f93d750e0efccda017d662a1b31a266e4a6f5993b15f5c1f07f74dd5cc",
        "30d1dc7e5fc04c31219ab25a27ae00b50f6fd66622f6e9c913253d6511d1e662",
        "008abae2d66361c879b900d204ad2cc4984fa2aa344dd7ddc46007329ac76c429c",
    ),
    (
        "m/0H/1H/2H/2H/1000000000H",
        "d6322ccd",
        "68789923a0cac2cd5a29172a475fe9e0fb14cd6adb5ad98a3fa70333e7afa230",
        "8f94d394a8e8fd6b1bc2f3f49f5c47e385281d5c17e65324b0f62483e37e8793",
        "003c24da049451555d51a7014a37337aa4e12d41e485abccfa46b47dfb2af54b7a",
    ),
];

const SLIP10_TV2: &[SlipNode] = &[
    (
        "m",
        "00000000",
        "ef70a74db9c3a5af931b5fe73ed8e1a53464133654fd55e7a66f8570b8e33c3b",
        "171cb88b1b3c1db25add599712e36245d75bc65a1a5c9e18d76f9f2b1eab4012",
        "008fe9693f8fa62a4305a140b9764c5ee01e455963744fe18204b4fb948249308a",
    ),
    (
        "m/0H",
        "31981b50",
        "0b78a3226f915c082bf118f83618a618ab6dec793752624cbeb622acb562862d",
        "1559eb2bbec5790b0c65d8693e4d0875b1747f4970ae8b650486ed7470845635",
        "0086fab68dcb57aa196c77c5f264f215a112c22a912c10d123b0d03c3c28ef1037",
    ),
    (
        "m/0H/2147483647H",
        "1e9411b1",
        "138f0b2551bcafeca6ff2aa88ba8ed0ed8de070841f0c4ef0165df8181eaad7f",
        "ea4f5bfe8694d8bb74b7b59404632fd5968b774ed545e810de9c32a4fb4192f4",
        "005ba3b9ac6e90e83effcd25ac4e58a1365a9e35a3d3ae5eb07b9e4d90bcf7506d",
    ),
    (
        "m/0H/2147483647H/1H",
        "fcadf38c",
        "73bd9fff1cfbde33a1b846c27085f711c0fe2d66fd32e139d3ebc28e5a4a6b90",
        "3757c7577170179c7868353ada796c839135b3d30554bbb74a4b1e4a5a58505c",
        "002e66aa57069c86cc18249aecf5cb5a9cebbfd6fadeab056254763874a9352b45",
    ),
    (
        "m/0H/2147483647H/1H/2147483646H",
        "aca70953",
        "0902fe8a29f9140480a00ef244bd183e8a13288e4412d8389d140aac1794825a",
        "5837736c89570de861ebc173b1086da4f505d4adb387c6a1b1342d5e4ac9ec72",
        "00e33c0f7d81d843c572275f287498e8d408654fdf0d1e065b84e2e6f157aab09b",
    ),
    (
        "m/0H/2147483647H/1H/2147483646H/2H",
        "422c654b",
        "5d70af781f3a37b829f0d060924d5e960bdc02e85423494afc0b1a41bbe196d4",
        "551d333177df541ad876a60ea71f00447931c0a9da16f227c11ea080d7391b8d",
        "0047150c75db263559a70d5778bf36abbab30fb061ad69f69ece61a72b0cfa4fc0",
    ),
];

const SLIP10_VECTORS: &[(&str, &[SlipNode])] =
    &[(BIP32_TV1_SEED, SLIP10_TV1), (BIP32_TV2_SEED, SLIP10_TV2)];

fn path(s: &str) -> DerivationPath {
    s.parse().unwrap_or_else(|e| panic!("{s}: {e}"))
}

fn check_bip32_vector(seed_hex: &str, nodes: &[Node]) {
    let master = ExtendedPrivateKey::from_seed(&common::unhex(seed_hex)).unwrap();
    for (i, &(p, xpub, xprv)) in nodes.iter().enumerate() {
        let p = path(p);
        let k = master.derive_path(&p).unwrap();
        assert_eq!(k.to_xprv().as_str(), xprv, "xprv {p}");
        assert_eq!(k.public_key().to_xpub(), xpub, "xpub {p}");
        assert_eq!(usize::from(k.depth()), p.as_slice().len());
        // Parsing round-trips and yields the same key.
        assert_eq!(ExtendedPrivateKey::from_xprv(xprv).unwrap(), k, "{p}");
        let parsed_pub = ExtendedPublicKey::from_xpub(xpub).unwrap();
        assert_eq!(parsed_pub, k.public_key(), "{p}");
        assert_eq!(parsed_pub.to_string(), xpub);
        // Each node is the child of the previous one, by private and (where the index
        // is normal) public derivation.
        if i > 0 {
            let parent = master.derive_path(&path(nodes[i - 1].0)).unwrap();
            let c = *p.as_slice().last().unwrap();
            assert_eq!(k.parent_fingerprint(), parent.fingerprint());
            assert_eq!(k.child_number(), c);
            assert_eq!(parent.derive_child(c).unwrap(), k);
            let from_pub = ExtendedPublicKey::from_xpub(nodes[i - 1].1)
                .unwrap()
                .derive_child(c);
            if c.is_hardened() {
                assert_eq!(from_pub.unwrap_err(), Error::UnsupportedAlgorithm);
            } else {
                assert_eq!(from_pub.unwrap().to_xpub(), xpub, "CKDpub {p}");
            }
        }
        // The key signs, and the xpub's verifying key verifies.
        let sig = k.signing_key().unwrap().sign(b"hd").unwrap();
        parsed_pub
            .verifying_key()
            .unwrap()
            .verify(b"hd", &sig)
            .unwrap();
    }
}

#[test]
fn bip32_test_vector_1() {
    check_bip32_vector(BIP32_TV1_SEED, BIP32_TV1);
}

#[test]
fn bip32_test_vector_2() {
    check_bip32_vector(BIP32_TV2_SEED, BIP32_TV2);
}

#[test]
fn bip32_test_vector_3_leading_zeros() {
    check_bip32_vector(BIP32_TV3_SEED, BIP32_TV3);
}

#[test]
fn bip32_test_vector_4_leading_zeros() {
    check_bip32_vector(BIP32_TV4_SEED, BIP32_TV4);
}

#[test]
fn bip32_test_vector_5_invalid_keys_rejected() {
    for &(s, why) in BIP32_TV5 {
        let prv = ExtendedPrivateKey::from_xprv(s);
        let publ = ExtendedPublicKey::from_xpub(s);
        assert!(prv.is_err() && publ.is_err(), "accepted: {why}");
        let expected = match why {
            "invalid checksum" | "unknown extended key version" => Error::InvalidEncoding,
            _ => Error::InvalidKey,
        };
        let got = if s.starts_with("xpub") {
            publ.unwrap_err()
        } else {
            prv.unwrap_err()
        };
        assert_eq!(got, expected, "{why}");
    }
}

#[test]
fn public_chain_derivation_matches_private() {
    // m/0H/1/2H/2/1000000000 from the m/0H/1/2H xpub by CKDpub along "m/2/1000000000".
    let xpub = ExtendedPublicKey::from_xpub(BIP32_TV1[3].1).unwrap();
    let leaf = xpub.derive_path(&path("m/2/1000000000")).unwrap();
    assert_eq!(leaf.to_xpub(), BIP32_TV1[5].1);
    assert_eq!(
        xpub.derive_path(&path("m/2/3'")).unwrap_err(),
        Error::UnsupportedAlgorithm
    );
}

#[test]
fn slip10_ed25519_vectors_1_and_2() {
    for &(seed, nodes) in SLIP10_VECTORS {
        let master = Slip10Ed25519Key::from_seed(&common::unhex(seed)).unwrap();
        for &(p, fp, cc, sk, pk) in nodes {
            let p = path(p);
            let k = master.derive_path(&p).unwrap();
            assert_eq!(hex::encode(k.parent_fingerprint()), fp, "fingerprint {p}");
            assert_eq!(hex::encode(*k.chain_code()), cc, "chain code {p}");
            assert_eq!(hex::encode(*k.private_key_bytes()), sk, "private {p}");
            assert_eq!(hex::encode(k.public_key_bytes()), pk, "public {p}");
            assert_eq!(usize::from(k.depth()), p.as_slice().len());
            let signing = k.signing_key().unwrap();
            assert_eq!(signing.verifying_key(), k.verifying_key().unwrap());
            let sig = signing.sign(b"slip10").unwrap();
            k.verifying_key().unwrap().verify(b"slip10", &sig).unwrap();
        }
    }
}

#[test]
fn slip10_ed25519_rejects_normal_indices() {
    let m = Slip10Ed25519Key::from_seed(&common::unhex(BIP32_TV1_SEED)).unwrap();
    assert_eq!(
        m.derive_child(ChildNumber::normal(0).unwrap()).unwrap_err(),
        Error::UnsupportedAlgorithm
    );
    assert_eq!(
        m.derive_path(&path("m/0'/1")).unwrap_err(),
        Error::UnsupportedAlgorithm
    );
}

#[test]
fn seed_length_bounds() {
    for len in [0usize, 1, 15, 65, 128] {
        let err = Error::InvalidLength {
            expected: 16,
            got: len,
        };
        assert_eq!(
            ExtendedPrivateKey::from_seed(&vec![7; len]).unwrap_err(),
            err
        );
        assert_eq!(Slip10Ed25519Key::from_seed(&vec![7; len]).unwrap_err(), err);
    }
    for len in [16usize, 32, 64] {
        ExtendedPrivateKey::from_seed(&vec![7; len]).unwrap();
        Slip10Ed25519Key::from_seed(&vec![7; len]).unwrap();
    }
}

#[test]
fn bad_paths() {
    for bad in [
        "",
        "m/",
        "/0",
        "0/1",
        "M/0",
        "m/0/",
        "m//0",
        "m/a",
        "m/0x1",
        "m/+1",
        "m/-1",
        "m/1'h",
        "m/1 ",
        " m/1",
        "m/2147483648",
        "m/2147483648'",
        "m/4294967296",
        "m/0'/x'",
    ] {
        assert_eq!(
            bad.parse::<DerivationPath>(),
            Err(Error::InvalidEncoding),
            "{bad:?}"
        );
    }
    let p = path("m/44'/0h/0H/0/1");
    assert_eq!(p.to_string(), "m/44'/0'/0'/0/1");
    assert_eq!(
        p.as_slice(),
        &[
            ChildNumber::hardened(44).unwrap(),
            ChildNumber::hardened(0).unwrap(),
            ChildNumber::hardened(0).unwrap(),
            ChildNumber::normal(0).unwrap(),
            ChildNumber::normal(1).unwrap(),
        ]
    );
    assert_eq!(path("m/2147483647'").as_slice()[0].to_u32(), u32::MAX);
}

#[test]
fn serialisation_negatives() {
    let good = BIP32_TV1[0].2;
    // Bad Base58 alphabet (0, O, I, l are not in it).
    assert_eq!(
        ExtendedPrivateKey::from_xprv(&good.replace('9', "0")).unwrap_err(),
        Error::InvalidEncoding
    );
    // Checksum: flip the last character.
    let mut bad = good.to_owned();
    bad.pop();
    bad.push('j');
    assert_eq!(
        ExtendedPrivateKey::from_xprv(&bad).unwrap_err(),
        Error::InvalidEncoding
    );
    // Wrong version bytes: an xpub parsed as xprv and vice versa.
    assert_eq!(
        ExtendedPrivateKey::from_xprv(BIP32_TV1[0].1).unwrap_err(),
        Error::InvalidKey
    );
    assert_eq!(
        ExtendedPublicKey::from_xpub(good).unwrap_err(),
        Error::InvalidKey
    );
    // A well-formed Base58Check string of the wrong length.
    let short = bs58_check(&[0x04, 0x88, 0xAD, 0xE4, 0]);
    assert_eq!(
        ExtendedPrivateKey::from_xprv(&short).unwrap_err(),
        Error::InvalidLength {
            expected: 78,
            got: 5
        }
    );
    assert_eq!(
        ExtendedPrivateKey::from_xprv("").unwrap_err(),
        Error::InvalidEncoding
    );
    // Tampered depth (depth byte changed, fingerprint kept) fails only via the
    // depth-0 rule: depth 0 with a parent fingerprint.
    let child = ExtendedPrivateKey::from_xprv(BIP32_TV1[1].2).unwrap();
    let mut raw = decode_check(BIP32_TV1[1].2);
    raw[4] = 0;
    assert_eq!(
        ExtendedPrivateKey::from_xprv(&bs58_check(&raw)).unwrap_err(),
        Error::InvalidKey
    );
    assert_eq!(child.depth(), 1);
}

/// Base58Check encoding for building malformed inputs (double SHA-256 checksum).
fn bs58_check(payload: &[u8]) -> String {
    let check = zcrypto::hash::sha256(&zcrypto::hash::sha256(payload));
    let mut v = payload.to_vec();
    v.extend_from_slice(&check[..4]);
    base58_encode(&v)
}

/// Independent, minimal Base58 (no crate) for the negative tests.
fn base58_encode(data: &[u8]) -> String {
    const ALPHABET: &[u8] = b"123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
    let mut digits: Vec<u8> = Vec::new();
    for &byte in data {
        let mut carry = u32::from(byte);
        for d in digits.iter_mut() {
            carry += u32::from(*d) << 8;
            *d = (carry % 58) as u8;
            carry /= 58;
        }
        while carry > 0 {
            digits.push((carry % 58) as u8);
            carry /= 58;
        }
    }
    let zeros = data.iter().take_while(|&&b| b == 0).count();
    std::iter::repeat_n('1', zeros)
        .chain(digits.iter().rev().map(|&d| ALPHABET[d as usize] as char))
        .collect()
}

fn decode_check(s: &str) -> Vec<u8> {
    const ALPHABET: &[u8] = b"123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
    let mut bytes: Vec<u8> = Vec::new();
    for c in s.bytes() {
        let mut carry = ALPHABET.iter().position(|&a| a == c).unwrap() as u32;
        for b in bytes.iter_mut() {
            carry += u32::from(*b) * 58;
            *b = (carry & 0xff) as u8;
            carry >>= 8;
        }
        while carry > 0 {
            bytes.push((carry & 0xff) as u8);
            carry >>= 8;
        }
    }
    let zeros = s.bytes().take_while(|&c| c == b'1').count();
    let mut out = vec![0u8; zeros];
    out.extend(bytes.iter().rev());
    out.truncate(out.len() - 4);
    out
}

#[test]
fn python_cross_check_bip32() {
    // A from-the-spec BIP-32 in Python: hmac/hashlib, coincurve (libsecp256k1) for public
    // keys, pycryptodome for RIPEMD-160 and Python integers for the scalar addition.
    const SCRIPT: &str = r#"
import sys, hmac, hashlib
from coincurve import PrivateKey
from Crypto.Hash import RIPEMD160
N = 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141
B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
def b58check(b):
    b = b + hashlib.sha256(hashlib.sha256(b).digest()).digest()[:4]
    n, s = int.from_bytes(b, "big"), ""
    while n:
        n, r = divmod(n, 58)
        s = B58[r] + s
    return "1" * (len(b) - len(b.lstrip(b"\0"))) + s
def h160(b):
    return RIPEMD160.new(hashlib.sha256(b).digest()).digest()
def pub(k):
    return PrivateKey(k).public_key.format(compressed=True)
def ser(version, depth, fp, child, c, key):
    return b58check(bytes.fromhex(version) + bytes([depth]) + fp + child.to_bytes(4, "big") + c + key)
for line in sys.stdin:
    seed, path = line.split()
    I = hmac.new(b"Bitcoin seed", bytes.fromhex(seed), hashlib.sha512).digest()
    k, c, depth, fp, child = I[:32], I[32:], 0, bytes(4), 0
    for part in path.split("/")[1:]:
        hard = part.endswith("'")
        i = int(part.rstrip("'")) + (0x80000000 if hard else 0)
        data = (b"\0" + k if hard else pub(k)) + i.to_bytes(4, "big")
        I = hmac.new(c, data, hashlib.sha512).digest()
        fp, depth, child = h160(pub(k))[:4], depth + 1, i
        k = ((int.from_bytes(I[:32], "big") + int.from_bytes(k, "big")) % N).to_bytes(32, "big")
        c = I[32:]
    print(ser("0488ADE4", depth, fp, child, c, b"\0" + k), ser("0488B21E", depth, fp, child, c, pub(k)))
"#;
    let mut input = String::new();
    let mut expected = Vec::new();
    for &(seed, nodes) in BIP32_VALID {
        for &(p, xpub, xprv) in nodes {
            input.push_str(&format!("{seed} {}\n", p.replace('H', "'")));
            expected.push(format!("{xprv} {xpub}"));
        }
    }
    // A longer BIP-44 path beyond the published vectors.
    let seed = "5eb00bbddcf069084889a8ab9155568165f5c453ccb85e70811aaed6f6da5fc1";
    let k = ExtendedPrivateKey::from_seed(&common::unhex(seed))
        .unwrap()
        .derive_path(&path("m/44'/0'/0'/0/1"))
        .unwrap();
    input.push_str(&format!("{seed} m/44'/0'/0'/0/1\n"));
    expected.push(format!(
        "{} {}",
        k.to_xprv().as_str(),
        k.public_key().to_xpub()
    ));
    assert_eq!(common::python_lines(SCRIPT, &input, "coincurve"), expected);
}

#[test]
fn python_cross_check_slip10() {
    // A from-the-spec SLIP-0010 (Ed25519) in Python: hmac/hashlib, pyca/cryptography for
    // public keys, pycryptodome for RIPEMD-160.
    const SCRIPT: &str = r#"
import sys, hmac, hashlib
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from Crypto.Hash import RIPEMD160
def pub(k):
    return b"\0" + Ed25519PrivateKey.from_private_bytes(k).public_key().public_bytes_raw()
def h160(b):
    return RIPEMD160.new(hashlib.sha256(b).digest()).digest()
for line in sys.stdin:
    seed, path = line.split()
    I = hmac.new(b"ed25519 seed", bytes.fromhex(seed), hashlib.sha512).digest()
    k, c, fp = I[:32], I[32:], bytes(4)
    for part in path.split("/")[1:]:
        i = int(part.rstrip("'")) + 0x80000000
        fp = h160(pub(k))[:4]
        I = hmac.new(c, b"\0" + k + i.to_bytes(4, "big"), hashlib.sha512).digest()
        k, c = I[:32], I[32:]
    print(fp.hex(), c.hex(), k.hex(), pub(k).hex())
"#;
    let mut input = String::new();
    let mut expected = Vec::new();
    for &(seed, nodes) in SLIP10_VECTORS {
        for &(p, fp, cc, sk, pk) in nodes {
            input.push_str(&format!("{seed} {}\n", p.replace('H', "'")));
            expected.push(format!("{fp} {cc} {sk} {pk}"));
        }
    }
    let seed = "5eb00bbddcf069084889a8ab9155568165f5c453ccb85e70811aaed6f6da5fc1";
    let k = Slip10Ed25519Key::from_seed(&common::unhex(seed))
        .unwrap()
        .derive_path(&path("m/44'/501'/0'/0'"))
        .unwrap();
    input.push_str(&format!("{seed} m/44'/501'/0'/0'\n"));
    expected.push(format!(
        "{} {} {} {}",
        hex::encode(k.parent_fingerprint()),
        hex::encode(*k.chain_code()),
        hex::encode(*k.private_key_bytes()),
        hex::encode(k.public_key_bytes())
    ));
    assert_eq!(
        common::python_lines(SCRIPT, &input, "cryptography"),
        expected
    );
}

#[test]
fn derived_keys_are_independent_of_encoding() {
    // Encoding round trip of the verifying key from public derivation.
    let m = ExtendedPrivateKey::from_seed(&[5; 64]).unwrap();
    let vk = m
        .public_key()
        .derive_path(&path("m/0/1/2"))
        .unwrap()
        .verifying_key()
        .unwrap();
    let sk = m
        .derive_path(&path("m/0/1/2"))
        .unwrap()
        .signing_key()
        .unwrap();
    assert_eq!(sk.verifying_key().to_bytes(), vk.to_bytes());
}
