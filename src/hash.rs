//! The crate's one hash, stable on every run and machine (caches, posting lists and tag files
//! keep its values): splitmix64's finalizer to mix a word, and [`hash64`] over bytes built on it.
//! Fast and well spread, not meant against an attacker. Also the hasher of the maps and sets
//! whose keys are such hashes already ([`HashedMap`], [`HashedSet`]): hashing them again with
//! the standard library's SipHash was a tenth of a scan.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

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

/// A map whose keys are well-spread hashes (n-gram hashes, or numbers made of them): their
/// bits are used nearly as they are. Lookups and iteration order differ from a standard
/// `HashMap`'s; nothing that is written out may depend on the iteration order of either.
pub(crate) type HashedMap<K, V> = HashMap<K, V, BuildHasherDefault<Hashed>>;

/// A set of well-spread hashes: see [`HashedMap`].
pub(crate) type HashedSet<K> = HashSet<K, BuildHasherDefault<Hashed>>;

/// The hasher of [`HashedMap`]: each integer written is folded in with a multiply (odd, so no
/// two keys of one integer collide), which keeps the top bits the table uses spread.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Hashed(u64);

impl Hasher for Hashed {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.write_u64(u64::from(b));
        }
    }

    fn write_u64(&mut self, x: u64) {
        self.0 = (self.0.rotate_left(26) ^ x).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    }

    fn write_u32(&mut self, x: u32) {
        self.write_u64(u64::from(x));
    }

    fn write_usize(&mut self, x: usize) {
        self.write_u64(x as u64);
    }
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

    #[test]
    fn hashed_maps_find_what_they_hold() {
        let mut map: HashedMap<(u64, u64), u32> = HashedMap::default();
        for i in 0..1000u64 {
            map.insert((mix(i), mix(i + 1)), i as u32);
        }
        assert_eq!(map.len(), 1000);
        assert_eq!(map.get(&(mix(7), mix(8))), Some(&7));
        assert_eq!(map.get(&(mix(8), mix(7))), None);
        let set: HashedSet<u64> = (0..10u64).collect();
        assert!(set.contains(&3) && !set.contains(&10));
    }
}
