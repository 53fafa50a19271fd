//! Word-level inline diff of two cell texts (longest common subsequence of words).

use serde::Serialize;

/// One run of a word diff.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "op", content = "text", rename_all = "snake_case")]
pub enum WordOp {
    Equal(String),
    Delete(String),
    Insert(String),
}

/// Beyond this many word pairs the diff is not searched: the whole old text is replaced.
const MAX_PAIRS: usize = 4_000_000;

/// The words of `old` and `new` (split at white space) as runs kept, deleted and inserted.
pub fn word_diff(old: &str, new: &str) -> Vec<WordOp> {
    let a: Vec<&str> = old.split_whitespace().collect();
    let b: Vec<&str> = new.split_whitespace().collect();
    let mut ops: Vec<(u8, &str)> = Vec::new(); // 0 equal, 1 delete, 2 insert
    if a.len().saturating_mul(b.len()) > MAX_PAIRS {
        ops.extend(a.iter().map(|w| (1, *w)));
        ops.extend(b.iter().map(|w| (2, *w)));
    } else {
        // lcs[i][j]: LCS length of a[i..] and b[j..]
        let (n, m) = (a.len(), b.len());
        let mut lcs = vec![0u32; (n + 1) * (m + 1)];
        let at = |i: usize, j: usize| i * (m + 1) + j;
        for i in (0..n).rev() {
            for j in (0..m).rev() {
                lcs[at(i, j)] = if a[i] == b[j] {
                    lcs[at(i + 1, j + 1)] + 1
                } else {
                    lcs[at(i + 1, j)].max(lcs[at(i, j + 1)])
                };
            }
        }
        let (mut i, mut j) = (0, 0);
        while i < n || j < m {
            if i < n && j < m && a[i] == b[j] {
                ops.push((0, a[i]));
                i += 1;
                j += 1;
            } else if j < m && (i == n || lcs[at(i, j + 1)] >= lcs[at(i + 1, j)]) {
                ops.push((2, b[j]));
                j += 1;
            } else {
                ops.push((1, a[i]));
                i += 1;
            }
        }
        // Deletions before insertions within a changed stretch reads best: "[-a-]{+b+}".
        let mut k = 0;
        while k < ops.len() {
            if ops[k].0 == 0 {
                k += 1;
                continue;
            }
            let start = k;
            while k < ops.len() && ops[k].0 != 0 {
                k += 1;
            }
            ops[start..k].sort_by_key(|o| if o.0 == 1 { 0 } else { 1 });
        }
    }
    let mut out: Vec<WordOp> = Vec::new();
    for (kind, w) in ops {
        match (out.last_mut(), kind) {
            (Some(WordOp::Equal(s)), 0)
            | (Some(WordOp::Delete(s)), 1)
            | (Some(WordOp::Insert(s)), 2) => {
                s.push(' ');
                s.push_str(w);
            }
            _ => out.push(match kind {
                0 => WordOp::Equal(w.to_string()),
                1 => WordOp::Delete(w.to_string()),
                _ => WordOp::Insert(w.to_string()),
            }),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changed_words_only() {
        let d = word_diff("Sở Tư pháp chủ trì", "Sở Nội vụ chủ trì");
        assert_eq!(
            d,
            vec![
                WordOp::Equal("Sở".into()),
                WordOp::Delete("Tư pháp".into()),
                WordOp::Insert("Nội vụ".into()),
                WordOp::Equal("chủ trì".into()),
            ]
        );
        assert_eq!(word_diff("a b", "a b"), vec![WordOp::Equal("a b".into())]);
        assert_eq!(word_diff("", "x"), vec![WordOp::Insert("x".into())]);
        assert_eq!(
            word_diff("a  b\nc", "a b c d"),
            vec![WordOp::Equal("a b c".into()), WordOp::Insert("d".into())],
            "white space is not a difference of words"
        );
    }
}
