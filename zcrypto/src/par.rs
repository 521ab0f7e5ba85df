//! Data parallelism with one switch: rayon across cores when the `std` feature is on,
//! the calling thread otherwise (portable-only and `wasm32-unknown-unknown` builds).
//! Results are identical either way; only the speed differs.

/// Runs `a` and `b`, in parallel where threads are available.
pub(crate) fn join<A, B, RA, RB>(a: A, b: B) -> (RA, RB)
where
    A: FnOnce() -> RA + Send,
    B: FnOnce() -> RB + Send,
    RA: Send,
    RB: Send,
{
    #[cfg(feature = "std")]
    {
        rayon::join(a, b)
    }
    #[cfg(not(feature = "std"))]
    {
        (a(), b())
    }
}

/// `items.iter().map(f).collect()`, in parallel where threads are available; the output
/// order is the input order.
pub(crate) fn map<T, R, F>(items: &[T], f: F) -> Vec<R>
where
    T: Sync,
    R: Send,
    F: Fn(&T) -> R + Sync + Send,
{
    #[cfg(feature = "std")]
    {
        use rayon::prelude::*;
        items.par_iter().map(f).collect()
    }
    #[cfg(not(feature = "std"))]
    {
        items.iter().map(f).collect()
    }
}

/// The number of threads parallel work is spread over (1 without `std`).
pub(crate) fn threads() -> usize {
    #[cfg(feature = "std")]
    {
        rayon::current_num_threads()
    }
    #[cfg(not(feature = "std"))]
    {
        1
    }
}
