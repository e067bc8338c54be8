//! The machinery shared by the tag, enumeration and mask tables: a name index sorted at compile
//! time, so name lookups are a binary search over a `static` array (no runtime-built map).

/// `true` when `a` sorts before `b` in byte order, the order `str::cmp` uses.
const fn str_less(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    let mut i = 0;
    while i < a.len() && i < b.len() {
        // Both indices are below their slice's length (checked just above).
        #[allow(clippy::indexing_slicing)]
        let (x, y) = (a[i], b[i]);
        if x != y {
            return x < y;
        }
        i += 1;
    }
    a.len() < b.len()
}

/// The `(name, value)` rows of a table sorted by name, for [`lookup_by_name`].
///
/// Runs at compile time (an insertion sort: tables hold a few hundred rows at most).
#[allow(clippy::indexing_slicing)] // every index is below N, the length of both arrays
pub(crate) const fn sort_by_name<const N: usize>(
    rows: &[(&'static str, u32)],
) -> [(&'static str, u32); N] {
    let mut out = [("", 0u32); N];
    let mut i = 0;
    while i < N {
        out[i] = rows[i];
        i += 1;
    }
    let mut i = 1;
    while i < N {
        let mut j = i;
        while j > 0 && str_less(out[j].0, out[j - 1].0) {
            let swapped = out[j];
            out[j] = out[j - 1];
            out[j - 1] = swapped;
            j -= 1;
        }
        i += 1;
    }
    out
}

/// The value for `name` in rows sorted by [`sort_by_name`].
pub(crate) fn lookup_by_name(sorted: &[(&'static str, u32)], name: &str) -> Option<u32> {
    sorted
        .binary_search_by(|(row, _)| (*row).cmp(name))
        .ok()
        .and_then(|i| sorted.get(i))
        .map(|(_, value)| *value)
}

/// Whether a table sorted by [`sort_by_name`] has two rows with one name (checked by tests).
#[cfg(test)]
pub(crate) fn has_duplicate_names(sorted: &[(&'static str, u32)]) -> Option<&'static str> {
    sorted.windows(2).find(|w| w[0].0 == w[1].0).map(|w| w[0].0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorts_like_str_cmp_and_finds_every_row() {
        const ROWS: &[(&str, u32)] = &[("b", 2), ("ab", 1), ("a", 0), ("B", 9), ("abc", 5)];
        const SORTED: [(&str, u32); 5] = sort_by_name(ROWS);
        let mut expected = ROWS.to_vec();
        expected.sort();
        assert_eq!(SORTED.to_vec(), expected);
        for (name, value) in ROWS {
            assert_eq!(lookup_by_name(&SORTED, name), Some(*value));
        }
        assert_eq!(lookup_by_name(&SORTED, "abd"), None);
        assert_eq!(lookup_by_name(&SORTED, ""), None);
        assert_eq!(has_duplicate_names(&SORTED), None);
    }
}
