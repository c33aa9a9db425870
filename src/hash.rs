//! The crate's one hash, stable on every run and machine (caches, posting lists and tag files
//! keep its values): splitmix64's finalizer to mix a word, and [`hash64`] over bytes built on it.
//! Fast and well spread, not meant against an attacker.

/// splitmix64's finalizer: cheap, and every input bit reaches every output bit.
pub(crate) fn mix(mut x: u64) -> u64 {
    x ^= x >> 30;
    x = x.wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x ^= x >> 27;
    x = x.wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

/// A stable 64-bit hash of `bytes`, eight bytes at a time through [`mix`]: fast enough to hash
/// a corpus in a few milliseconds per 10 MB, and good enough to tell changed content and corrupt
/// files apart.
pub fn hash64(bytes: &[u8]) -> u64 {
    let mut h = 0x9e37_79b9_7f4a_7c15 ^ bytes.len() as u64;
    let mut chunks = bytes.chunks_exact(8);
    for chunk in &mut chunks {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        h = mix(h ^ u64::from_le_bytes(word));
    }
    let mut tail = [0u8; 8];
    tail[..chunks.remainder().len()].copy_from_slice(chunks.remainder());
    mix(h ^ u64::from_le_bytes(tail) ^ 0xff)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_pinned_since_files_keep_them() {
        // A change here makes every saved cache and tag file look changed.
        assert_eq!(mix(0), 0);
        assert_eq!(mix(1), 0x5692_161d_100b_05e5);
        assert_eq!(hash64(b""), mix(0x9e37_79b9_7f4a_7c15 ^ 0xff));
        assert_eq!(hash64(b"crossread"), 0xd229_1c6d_3877_f56d);
        assert_ne!(hash64(b"a"), hash64(b"b"));
        assert_ne!(hash64(b"abcdefgh"), hash64(b"abcdefgh\0"));
    }
}
