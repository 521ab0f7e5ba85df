//! The checked-in `include/zcrypto.h` is exactly what cbindgen generates from the
//! source. `ZC_BLESS=1 cargo test -p zcrypto-ffi --test header` rewrites it.

use std::path::Path;

#[test]
fn header_is_up_to_date() {
    let crate_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    let config = cbindgen::Config::from_file(crate_dir.join("cbindgen.toml"))
        .expect("ffi/cbindgen.toml parses");
    let bindings = cbindgen::Builder::new()
        .with_crate(crate_dir)
        .with_config(config)
        .generate()
        .expect("cbindgen generates the header");
    let mut generated = Vec::new();
    bindings.write(&mut generated);
    let generated = String::from_utf8(generated).expect("the header is UTF-8");

    let path = crate_dir.join("include/zcrypto.h");
    if std::env::var_os("ZC_BLESS").is_some_and(|v| v == "1") {
        std::fs::write(&path, &generated).expect("write include/zcrypto.h");
        return;
    }
    let checked_in = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        checked_in == generated,
        "ffi/include/zcrypto.h is out of date with ffi/src: regenerate it with \
         `ZC_BLESS=1 cargo test -p zcrypto-ffi --test header` and commit the result"
    );
}
