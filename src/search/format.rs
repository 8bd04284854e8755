//! The binary pieces of the index files, written here and read back by `reader.rs` and by
//! `themes/default/static/search.js`.
//!
//! - varint: unsigned LEB128 (7 bits a byte, low bits first).
//! - document set: varint count, then one byte: 0 = the ids as varint gaps (first id, then
//!   each id minus the one before), 1 = a bitmap of all documents (bit `id % 8` of byte
//!   `id / 8`), whichever is smaller.
//! - postings: the document set, then one nibble per document of the set in id order (two a
//!   byte, the first in the low half).
//! - shard record: varint term length, the folded term (UTF-8; a syllable pair is two
//!   syllables with one space), varint length of the postings, the postings. Length 0: the
//!   term's postings are a file of their own, `t/<fnv1a(term) as 8 hex digits>.bin`.

/// Shard files aim at this size on average; a shard is one request.
pub const SHARD_TARGET: usize = 2 * 1024;
/// Postings of at least this many bytes go to a file of their own.
pub const OWN_FILE_MIN: usize = 1024;
/// At most this many shard files per language.
pub const MAX_SHARDS: u32 = 4096;

pub fn put_varint(out: &mut Vec<u8>, mut v: u32) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

/// Reads a varint at `*pos`, moving past it; `None` at a truncated or overlong one.
pub fn get_varint(bytes: &[u8], pos: &mut usize) -> Option<u32> {
    let mut v: u32 = 0;
    for shift in (0..35).step_by(7) {
        let b = *bytes.get(*pos)?;
        *pos += 1;
        v |= u32::from(b & 0x7f).checked_shl(shift)?;
        if b < 0x80 {
            return Some(v);
        }
    }
    None
}

/// FNV-1a, 32 bits: which shard a term is in (the browser computes it with Math.imul).
pub fn fnv1a(bytes: &[u8]) -> u32 {
    let mut h: u32 = 0x811c_9dc5;
    for &b in bytes {
        h ^= u32::from(b);
        h = h.wrapping_mul(0x0100_0193);
    }
    h
}

/// How many shards (a power of two) an index of `total` bytes of records is cut into.
pub fn shard_count(total: usize) -> u32 {
    let want = total.div_ceil(SHARD_TARGET).clamp(1, MAX_SHARDS as usize) as u32;
    want.next_power_of_two().min(MAX_SHARDS)
}

/// Appends the document set of `ids` (ascending) among `n` documents.
pub fn encode_set(ids: &[u32], n: usize, out: &mut Vec<u8>) {
    put_varint(out, ids.len() as u32);
    let mut gaps = Vec::with_capacity(ids.len() + 4);
    let mut prev = 0u32;
    for (k, &id) in ids.iter().enumerate() {
        put_varint(&mut gaps, if k == 0 { id } else { id - prev });
        prev = id;
    }
    let bitmap_len = n.div_ceil(8);
    if bitmap_len < gaps.len() {
        out.push(1);
        let mut bitmap = vec![0u8; bitmap_len];
        for &id in ids {
            bitmap[id as usize / 8] |= 1 << (id % 8);
        }
        out.extend_from_slice(&bitmap);
    } else {
        out.push(0);
        out.extend_from_slice(&gaps);
    }
}

/// Reads a document set at `*pos` among `n` documents.
pub fn decode_set(bytes: &[u8], pos: &mut usize, n: usize) -> Option<Vec<u32>> {
    let count = get_varint(bytes, pos)? as usize;
    let kind = *bytes.get(*pos)?;
    *pos += 1;
    let mut ids = Vec::with_capacity(count.min(n));
    match kind {
        0 => {
            let mut prev = 0u32;
            for k in 0..count {
                let gap = get_varint(bytes, pos)?;
                prev = if k == 0 { gap } else { prev.checked_add(gap)? };
                ids.push(prev);
            }
        }
        1 => {
            let bitmap = bytes.get(*pos..*pos + n.div_ceil(8))?;
            *pos += bitmap.len();
            for (i, &b) in bitmap.iter().enumerate() {
                for bit in 0..8 {
                    if b & (1 << bit) != 0 {
                        ids.push((i * 8 + bit) as u32);
                    }
                }
            }
            if ids.len() != count {
                return None;
            }
        }
        _ => return None,
    }
    Some(ids)
}

/// A term's postings as read from a shard: documents and their nibbles.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Postings {
    pub ids: Vec<u32>,
    pub nibbles: Vec<u8>,
}

/// What a shard says about a term.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Found {
    Postings(Postings),
    /// The postings are in the term's own file.
    OwnFile(String),
    Absent,
}

/// Looks `term` up in a shard file.
pub fn find_term(shard: &[u8], term: &str, n: usize) -> Option<Found> {
    let mut pos = 0;
    while pos < shard.len() {
        let len = get_varint(shard, &mut pos)? as usize;
        let key = shard.get(pos..pos + len)?;
        pos += len;
        let rest = get_varint(shard, &mut pos)? as usize;
        let end = pos + rest;
        if key == term.as_bytes() {
            if rest == 0 {
                return Some(Found::OwnFile(format!("t/{:08x}.bin", fnv1a(term.as_bytes()))));
            }
            return decode_postings(shard.get(..end)?, pos, n).map(Found::Postings);
        }
        pos = end;
    }
    Some(Found::Absent)
}

/// Reads postings from `pos` to the end of `bytes`.
pub fn decode_postings(bytes: &[u8], mut pos: usize, n: usize) -> Option<Postings> {
    let ids = decode_set(bytes, &mut pos, n)?;
    let packed = bytes.get(pos..)?;
    if packed.len() != ids.len().div_ceil(2) {
        return None;
    }
    let nibbles = (0..ids.len()).map(|k| (packed[k / 2] >> ((k % 2) * 4)) & 0xf).collect();
    Some(Postings { ids, nibbles })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn varints_round_trip() {
        let mut out = Vec::new();
        for v in [0, 1, 127, 128, 300, 16_384, u32::MAX] {
            put_varint(&mut out, v);
        }
        let mut pos = 0;
        for v in [0, 1, 127, 128, 300, 16_384, u32::MAX] {
            assert_eq!(get_varint(&out, &mut pos), Some(v));
        }
        assert_eq!(get_varint(&out, &mut pos), None);
    }

    #[test]
    fn sparse_sets_are_gap_lists_and_dense_sets_bitmaps() {
        for ids in [vec![], vec![5], vec![3, 200, 201, 9_000], (0..10_000).step_by(3).collect::<Vec<u32>>()] {
            let mut out = Vec::new();
            encode_set(&ids, 10_000, &mut out);
            let mut pos = 0;
            assert_eq!(decode_set(&out, &mut pos, 10_000).unwrap(), ids);
            assert_eq!(pos, out.len());
        }
        let mut dense = Vec::new();
        encode_set(&(0..10_000).collect::<Vec<u32>>(), 10_000, &mut dense);
        assert!(dense.len() <= 1_250 + 4, "a set of every document is a bitmap: {} bytes", dense.len());
    }

    #[test]
    fn fnv1a_matches_the_reference_values() {
        assert_eq!(fnv1a(b""), 0x811c_9dc5);
        assert_eq!(fnv1a(b"a"), 0xe40c_292c);
        assert_eq!(fnv1a(b"foobar"), 0xbf9c_f968);
    }

    #[test]
    fn shard_count_grows_with_the_index_and_stays_a_power_of_two() {
        assert_eq!(shard_count(0), 1);
        assert_eq!(shard_count(SHARD_TARGET), 1);
        assert_eq!(shard_count(SHARD_TARGET + 1), 2);
        assert_eq!(shard_count(usize::MAX / 2), MAX_SHARDS);
    }
}
