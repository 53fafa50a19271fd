//! CMaps: `/ToUnicode` maps (bfchar, bfrange in both forms) and embedded CID CMaps (cidchar,
//! cidrange), with their codespace ranges for splitting multi-byte codes.

use crate::encoding::glyph_name_to_unicode;
use crate::lexer::{Lexer, Operand, Token};
use std::collections::HashMap;

/// Ranges larger than this stay ranges; smaller ones are expanded into the map.
const EXPAND_RANGE: u32 = 256;
/// Most entries kept from one CMap (a hostile CMap could declare billions).
const MAX_ENTRIES: usize = 1 << 20;
/// Most unexpanded (large) ranges kept: they are searched linearly per code.
const MAX_RANGES: usize = 512;

/// One codespace range: codes of `len` bytes from `low` to `high`, byte by byte.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Codespace {
    pub len: u8,
    pub low: [u8; 4],
    pub high: [u8; 4],
}

impl Codespace {
    fn matches(&self, bytes: &[u8]) -> bool {
        let n = usize::from(self.len);
        bytes.len() >= n
            && (0..n).all(|i| {
                let b = bytes[i];
                b >= self.low[i] && b <= self.high[i]
            })
    }
}

/// Splits a string into codes by codespace ranges; 1 byte when there are none.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Codespaces(pub Vec<Codespace>);

impl Codespaces {
    pub(crate) fn two_byte() -> Codespaces {
        Codespaces(vec![Codespace {
            len: 2,
            low: [0, 0, 0, 0],
            high: [0xff, 0xff, 0, 0],
        }])
    }

    /// The next code at the start of `bytes`: `(code, byte count)`. `bytes` must not be empty.
    pub(crate) fn next_code(&self, bytes: &[u8]) -> (u32, usize) {
        let n = if self.0.is_empty() {
            1
        } else if let Some(cs) = self.0.iter().find(|cs| cs.matches(bytes)) {
            usize::from(cs.len)
        } else {
            // No range matches: take as many bytes as the shortest range (ISO 32000 9.7.6.3).
            self.0
                .iter()
                .map(|cs| usize::from(cs.len))
                .min()
                .unwrap_or(1)
        };
        let n = n.clamp(1, 4).min(bytes.len()).max(1);
        let code = bytes
            .iter()
            .take(n)
            .fold(0u32, |acc, &b| (acc << 8) | u32::from(b));
        (code, n)
    }
}

#[derive(Debug, Clone)]
enum RangeDst {
    /// Incrementing: the first code's UTF-16 units; the last unit grows with the code.
    Incrementing(Vec<u16>),
    /// One string per code.
    Each(Vec<String>),
    /// A CID range: the first code's CID.
    Cid(u32),
}

#[derive(Debug, Clone)]
struct Range {
    len: u8,
    low: u32,
    high: u32,
    dst: RangeDst,
}

/// A parsed CMap.
#[derive(Debug, Clone, Default)]
pub(crate) struct CMap {
    pub codespaces: Codespaces,
    /// Code (with its byte length in the top bits) → Unicode text.
    unicode: HashMap<u64, String>,
    /// Code → CID (for CID CMaps).
    cids: HashMap<u64, u32>,
    ranges: Vec<Range>,
    /// Whether anything went wrong while parsing (skipped tokens, bad entries).
    pub damaged: bool,
}

fn key(code: u32, len: usize) -> u64 {
    ((len as u64) << 32) | u64::from(code)
}

fn code_of(bytes: &[u8]) -> Option<(u32, usize)> {
    if bytes.is_empty() || bytes.len() > 4 {
        return None;
    }
    Some((
        bytes.iter().fold(0u32, |acc, &b| (acc << 8) | u32::from(b)),
        bytes.len(),
    ))
}

fn utf16_units(bytes: &[u8]) -> Vec<u16> {
    bytes
        .chunks(2)
        .map(|c| match c {
            [h, l] => (u16::from(*h) << 8) | u16::from(*l),
            [h] => u16::from(*h),
            _ => 0xfffd,
        })
        .collect()
}

fn utf16_to_string(units: &[u16]) -> String {
    char::decode_utf16(units.iter().copied())
        .map(|r| r.unwrap_or('\u{fffd}'))
        .collect()
}

fn dst_string(op: &Operand<'_>) -> Option<String> {
    match op {
        Operand::Str(s) => Some(utf16_to_string(&utf16_units(s))),
        Operand::Name(n) => glyph_name_to_unicode(&String::from_utf8_lossy(n)),
        _ => None,
    }
}

/// The sections of a CMap: `begin…` and its `end…`.
const SECTIONS: [(&[u8], &[u8]); 5] = [
    (b"begincodespacerange", b"endcodespacerange"),
    (b"beginbfchar", b"endbfchar"),
    (b"beginbfrange", b"endbfrange"),
    (b"begincidchar", b"endcidchar"),
    (b"begincidrange", b"endcidrange"),
];

/// The operands of a section ended by `end`, keeping only well-formed entries: after a damaged
/// entry, reading resumes at the next operand that starts a good one.
fn well_formed<'a>(end: &[u8], ops: &[Operand<'a>]) -> Vec<Operand<'a>> {
    let ok = |g: &[Operand<'_>]| -> bool {
        use Operand::{Array, Name, Number, Str};
        matches!(
            (end, g),
            (b"endcodespacerange", [Str(_), Str(_)])
                | (b"endbfchar", [Str(_), Str(_) | Name(_)])
                | (b"endbfrange", [Str(_), Str(_), Str(_) | Array(_)])
                | (b"endcidchar", [Str(_), Number(_)])
                | (b"endcidrange", [Str(_), Str(_), Number(_)])
        )
    };
    let arity = match end {
        b"endbfrange" | b"endcidrange" => 3,
        _ => 2,
    };
    let mut out = Vec::with_capacity(ops.len());
    let mut i = 0;
    while i < ops.len() {
        match ops.get(i..i + arity) {
            Some(g) if ok(g) => {
                out.extend(g.iter().cloned());
                i += arity;
            }
            _ => i += 1,
        }
    }
    out
}

impl CMap {
    /// Parses CMap text. Never fails: what cannot be read is skipped and `damaged` is set.
    pub(crate) fn parse(data: &[u8]) -> CMap {
        let mut cmap = CMap::default();
        let mut lexer = Lexer::with_max_operands(data, MAX_ENTRIES * 3);
        let mut operands = Vec::new();
        let mut entries = 0usize;
        // The section being read (its `end…` operator) and the operands carried over an
        // unknown word inside it: a damaged entry costs only itself, not its neighbours.
        let mut section: Option<&'static [u8]> = None;
        let mut carry: Vec<Operand<'_>> = Vec::new();
        let mut at_end = false;
        loop {
            let op: &[u8] = match lexer.next_op(&mut operands) {
                Some(Token::Op(op)) => op,
                Some(_) => continue,
                // A CMap cut inside a section: read what it has.
                None => match section {
                    Some(end) if !at_end => {
                        cmap.damaged = true;
                        at_end = true;
                        end
                    }
                    _ => break,
                },
            };
            if let Some(end) = SECTIONS.iter().find(|(b, _)| *b == op).map(|(_, e)| *e) {
                section = Some(end);
                carry.clear();
                continue;
            }
            match section {
                Some(end) if end != op => {
                    cmap.damaged = true;
                    carry.append(&mut operands);
                    continue;
                }
                Some(_) => {
                    carry.append(&mut operands);
                    let groups = well_formed(op, &carry);
                    if groups.len() != carry.len() {
                        cmap.damaged = true;
                    }
                    operands = groups;
                    carry.clear();
                    section = None;
                }
                None => {}
            }
            match op {
                b"endcodespacerange" => {
                    for pair in operands.chunks(2) {
                        if let [Operand::Str(lo), Operand::Str(hi)] = pair {
                            if lo.len() == hi.len() && (1..=4).contains(&lo.len()) {
                                let mut cs = Codespace {
                                    len: lo.len() as u8,
                                    low: [0; 4],
                                    high: [0; 4],
                                };
                                cs.low[..lo.len()].copy_from_slice(lo);
                                cs.high[..hi.len()].copy_from_slice(hi);
                                cmap.codespaces.0.push(cs);
                                continue;
                            }
                        }
                        cmap.damaged = true;
                    }
                }
                b"endbfchar" => {
                    for pair in operands.chunks(2) {
                        entries += 1;
                        match pair {
                            [Operand::Str(src), dst] if entries < MAX_ENTRIES => {
                                match (code_of(src), dst_string(dst)) {
                                    (Some((code, len)), Some(text)) => {
                                        cmap.unicode.insert(key(code, len), text);
                                    }
                                    _ => cmap.damaged = true,
                                }
                            }
                            _ => cmap.damaged = true,
                        }
                    }
                }
                b"endbfrange" => {
                    for triple in operands.chunks(3) {
                        entries += 1;
                        if entries >= MAX_ENTRIES {
                            cmap.damaged = true;
                            break;
                        }
                        let [Operand::Str(lo), Operand::Str(hi), dst] = triple else {
                            cmap.damaged = true;
                            continue;
                        };
                        let (Some((low, len)), Some((high, hlen))) = (code_of(lo), code_of(hi))
                        else {
                            cmap.damaged = true;
                            continue;
                        };
                        if len != hlen || high < low {
                            cmap.damaged = true;
                            continue;
                        }
                        let dst = match dst {
                            Operand::Str(s) if !s.is_empty() => {
                                RangeDst::Incrementing(utf16_units(s))
                            }
                            Operand::Array(items) => RangeDst::Each(
                                items
                                    .iter()
                                    .map(|i| dst_string(i).unwrap_or_else(|| "\u{fffd}".into()))
                                    .collect(),
                            ),
                            _ => {
                                cmap.damaged = true;
                                continue;
                            }
                        };
                        cmap.add_range(len, low, high, dst);
                    }
                }
                b"endcidchar" => {
                    for pair in operands.chunks(2) {
                        entries += 1;
                        match pair {
                            [Operand::Str(src), Operand::Number(cid)] if entries < MAX_ENTRIES => {
                                if let Some((code, len)) = code_of(src) {
                                    cmap.cids.insert(key(code, len), *cid as u32);
                                } else {
                                    cmap.damaged = true;
                                }
                            }
                            _ => cmap.damaged = true,
                        }
                    }
                }
                b"endcidrange" => {
                    for triple in operands.chunks(3) {
                        entries += 1;
                        if entries >= MAX_ENTRIES {
                            cmap.damaged = true;
                            break;
                        }
                        match triple {
                            [Operand::Str(lo), Operand::Str(hi), Operand::Number(cid)] => {
                                match (code_of(lo), code_of(hi)) {
                                    (Some((low, len)), Some((high, hlen)))
                                        if len == hlen && high >= low && *cid >= 0.0 =>
                                    {
                                        cmap.add_range(len, low, high, RangeDst::Cid(*cid as u32));
                                    }
                                    _ => cmap.damaged = true,
                                }
                            }
                            _ => cmap.damaged = true,
                        }
                    }
                }
                _ => {}
            }
        }
        if lexer.problems.skips > 0 {
            cmap.damaged = true;
        }
        cmap
    }

    fn add_range(&mut self, len: usize, low: u32, high: u32, dst: RangeDst) {
        let count = high - low;
        if count < EXPAND_RANGE {
            for (i, code) in (low..=high).enumerate() {
                let k = key(code, len);
                match &dst {
                    RangeDst::Incrementing(units) => {
                        let mut units = units.clone();
                        if let Some(last) = units.last_mut() {
                            *last = last.wrapping_add(i as u16);
                        }
                        self.unicode.insert(k, utf16_to_string(&units));
                    }
                    RangeDst::Each(items) => {
                        if let Some(s) = items.get(i) {
                            self.unicode.insert(k, s.clone());
                        }
                    }
                    RangeDst::Cid(first) => {
                        self.cids.insert(k, first.saturating_add(i as u32));
                    }
                }
            }
        } else if self.ranges.len() >= MAX_RANGES {
            self.damaged = true;
        } else {
            self.ranges.push(Range {
                len: len as u8,
                low,
                high,
                dst,
            });
        }
    }

    /// Unicode text of a code, if mapped.
    pub(crate) fn unicode(&self, code: u32, len: usize) -> Option<String> {
        if let Some(s) = self.unicode.get(&key(code, len)) {
            return Some(s.clone());
        }
        for r in &self.ranges {
            if usize::from(r.len) == len && code >= r.low && code <= r.high {
                let off = code - r.low;
                match &r.dst {
                    RangeDst::Incrementing(units) => {
                        let mut units = units.clone();
                        if let Some(last) = units.last_mut() {
                            *last = last.wrapping_add(off as u16);
                        }
                        return Some(utf16_to_string(&units));
                    }
                    RangeDst::Each(items) => return items.get(off as usize).cloned(),
                    RangeDst::Cid(_) => {}
                }
            }
        }
        None
    }

    /// CID of a code, if mapped.
    pub(crate) fn cid(&self, code: u32, len: usize) -> Option<u32> {
        if let Some(c) = self.cids.get(&key(code, len)) {
            return Some(*c);
        }
        self.ranges.iter().find_map(|r| match r.dst {
            RangeDst::Cid(first)
                if usize::from(r.len) == len && code >= r.low && code <= r.high =>
            {
                Some(first.saturating_add(code - r.low))
            }
            _ => None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn damage_inside_a_section_costs_only_the_damaged_entry() {
        // A garbage word and a half entry inside bfchar, then the CMap is cut inside bfrange.
        let cmap = CMap::parse(
            b"1 begincodespacerange <00> <FF> endcodespacerange
4 beginbfchar <01> <0050> <02> <0068> <0G> garbage @@ <03> ] >> <04> <1EE5>
<05> <0020> endbfchar
2 beginbfrange <10> <12> <0041> <20> <21> [<0110> <01B0>] <30>",
        );
        assert!(cmap.damaged);
        for (code, text) in [
            (1, "P"),
            (2, "h"),
            (4, "\u{1ee5}"),
            (5, " "),
            (0x11, "B"),
            (0x21, "\u{1b0}"),
        ] {
            assert_eq!(
                cmap.unicode(code, 1).as_deref(),
                Some(text),
                "code {code:02x}"
            );
        }
        assert_eq!(cmap.unicode(3, 1), None);
    }

    const TO_UNICODE: &[u8] = b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap
/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def
/CMapName /Adobe-Identity-UCS def /CMapType 2 def
1 begincodespacerange <0000> <FFFF> endcodespacerange
2 beginbfchar <0003> <0020> <0011> <0054 0068> endbfchar
3 beginbfrange <0020> <0022> <0041>
<0030> <0032> [<1EA5> <01B0> <0110>]
<1000> <1FFF> <4E00>
endbfrange
1 begincidrange <0000> <00ff> 10 endcidrange
endcmap CMapName currentdict /CMap defineresource pop end end";

    #[test]
    fn bfchar_and_both_bfrange_forms() {
        let c = CMap::parse(TO_UNICODE);
        assert!(!c.damaged);
        assert_eq!(c.unicode(0x0003, 2).as_deref(), Some(" "));
        assert_eq!(c.unicode(0x0011, 2).as_deref(), Some("Th"));
        assert_eq!(c.unicode(0x0021, 2).as_deref(), Some("B"));
        assert_eq!(c.unicode(0x0022, 2).as_deref(), Some("C"));
        assert_eq!(c.unicode(0x0030, 2).as_deref(), Some("ấ"));
        assert_eq!(c.unicode(0x0031, 2).as_deref(), Some("ư"));
        assert_eq!(c.unicode(0x0032, 2).as_deref(), Some("Đ"));
        // The large range stays a range.
        assert_eq!(c.unicode(0x1001, 2).as_deref(), Some("\u{4E01}"));
        assert_eq!(c.unicode(0x0023, 2), None);
        // Byte length matters.
        assert_eq!(c.unicode(0x03, 1), None);
        assert_eq!(c.cid(0x0005, 2), Some(15));
    }

    #[test]
    fn codespaces_split_mixed_lengths() {
        let c = CMap::parse(b"2 begincodespacerange <00> <80> <8140> <9ffc> endcodespacerange");
        let bytes = [0x41, 0x81, 0x40, 0x42];
        assert_eq!(c.codespaces.next_code(&bytes), (0x41, 1));
        assert_eq!(c.codespaces.next_code(&bytes[1..]), (0x8140, 2));
        assert_eq!(c.codespaces.next_code(&bytes[3..]), (0x42, 1));
        // A lone lead byte at the end gives a 1-byte code.
        assert_eq!(c.codespaces.next_code(&[0x81]).1, 1);
    }

    #[test]
    fn surrogate_pairs_and_garbage() {
        let c =
            CMap::parse(b"1 beginbfchar <01> <D83DDE00> endbfchar 1 beginbfchar <02> endbfchar");
        assert_eq!(c.unicode(1, 1).as_deref(), Some("😀"));
        assert!(c.damaged);
    }
}
