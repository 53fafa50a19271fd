//! A tolerant tokenizer for content streams.
//!
//! lopdf's `Content::decode` stops silently at the first token it cannot parse and drops the
//! rest of the page. This lexer instead skips what it cannot read (a stray `)`, a lone `>`, a
//! broken name …), counts it, and goes on; the interpreter turns the count into a
//! `ContentTruncated` warning. It borrows from the stream's bytes wherever it can, so showing a
//! string allocates only when the string has escapes.

use std::borrow::Cow;

/// Deepest nesting of arrays and dictionaries inside one operand.
pub(crate) const MAX_OPERAND_DEPTH: usize = 32;
/// Most operands kept before an operator; more are junk and dropped.
const MAX_OPERANDS: usize = 4096;

/// One operand of a content-stream operator.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Operand<'a> {
    Number(f64),
    /// A name, without the slash, `#xx` escapes still in (see [`decode_name`]).
    Name(&'a [u8]),
    /// A string's bytes (literal or hex), escapes resolved.
    Str(Cow<'a, [u8]>),
    Array(Vec<Operand<'a>>),
    /// A dictionary (marked-content properties, inline image parameters): its contents are not
    /// needed and are dropped.
    Dict,
    Bool(bool),
    Null,
}

impl Operand<'_> {
    pub(crate) fn as_f64(&self) -> Option<f64> {
        match self {
            Operand::Number(n) => Some(*n),
            _ => None,
        }
    }
}

/// What the lexer met that it had to skip.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct LexProblems {
    /// How many times bytes were skipped.
    pub skips: usize,
    /// Offset of the first skip.
    pub first_offset: Option<usize>,
    /// What the first problem was.
    pub first_what: Option<&'static str>,
}

impl LexProblems {
    fn note(&mut self, offset: usize, what: &'static str) {
        self.skips += 1;
        if self.first_offset.is_none() {
            self.first_offset = Some(offset);
            self.first_what = Some(what);
        }
    }
}

/// Streams `(operator, operands)` pairs out of a content stream.
pub(crate) struct Lexer<'a> {
    data: &'a [u8],
    pos: usize,
    max_operands: usize,
    pub problems: LexProblems,
}

fn is_white(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | b'\x0c' | b'\0')
}

fn is_delim(b: u8) -> bool {
    matches!(
        b,
        b'(' | b')' | b'<' | b'>' | b'[' | b']' | b'{' | b'}' | b'/' | b'%'
    )
}

fn is_regular(b: u8) -> bool {
    !is_white(b) && !is_delim(b)
}

fn hex_val(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

/// Resolves `#xx` escapes of a name.
pub(crate) fn decode_name(raw: &[u8]) -> Cow<'_, [u8]> {
    if !raw.contains(&b'#') {
        return Cow::Borrowed(raw);
    }
    let mut out = Vec::with_capacity(raw.len());
    let mut i = 0;
    while i < raw.len() {
        let b = raw[i];
        if b == b'#' && i + 2 < raw.len() {
            if let (Some(h), Some(l)) = (hex_val(raw[i + 1]), hex_val(raw[i + 2])) {
                out.push(h * 16 + l);
                i += 3;
                continue;
            }
        }
        out.push(b);
        i += 1;
    }
    Cow::Owned(out)
}

/// Parses a number token tolerantly (`--5`, `1.2.3`, `5.` …). `None` when it is no number.
pub(crate) fn parse_number(tok: &[u8]) -> Option<f64> {
    let first = *tok.first()?;
    if !(first.is_ascii_digit() || matches!(first, b'+' | b'-' | b'.')) {
        return None;
    }
    // Fast path: plain integer or decimal.
    let mut neg = false;
    let mut i = 0;
    // Tolerate repeated signs as some producers write them ("--1" or "-+1").
    while i < tok.len() && matches!(tok[i], b'+' | b'-') {
        if tok[i] == b'-' {
            neg = !neg;
        }
        i += 1;
    }
    let mut int: f64 = 0.0;
    let mut digits = 0usize;
    while i < tok.len() && tok[i].is_ascii_digit() {
        int = int * 10.0 + f64::from(tok[i] - b'0');
        i += 1;
        digits += 1;
    }
    let mut frac = 0.0;
    if i < tok.len() && tok[i] == b'.' {
        i += 1;
        let mut scale = 0.1;
        while i < tok.len() && tok[i].is_ascii_digit() {
            frac += f64::from(tok[i] - b'0') * scale;
            scale *= 0.1;
            i += 1;
            digits += 1;
        }
    }
    // A trailing remainder ("1.2.3", "12-3") is ignored like PDF readers do, but a token that
    // has no digit at all ("-", ".", "+") is 0 only if it is short of any letter.
    if i < tok.len() && tok[i..].iter().any(|b| b.is_ascii_alphabetic()) {
        return None;
    }
    let v = int + frac;
    if digits == 0 {
        return Some(0.0);
    }
    let v = if neg { -v } else { v };
    if v.is_finite() {
        Some(v)
    } else {
        Some(0.0)
    }
}

/// The result of one [`Lexer::next_op`] call.
pub(crate) enum Token<'a> {
    /// An operator with the operands collected in the caller's vector.
    Op(&'a [u8]),
    /// An inline image was skipped (`BI … ID … EI`).
    InlineImage,
}

impl<'a> Lexer<'a> {
    pub(crate) fn new(data: &'a [u8]) -> Self {
        Lexer {
            data,
            pos: 0,
            max_operands: MAX_OPERANDS,
            problems: LexProblems::default(),
        }
    }

    /// A lexer that keeps up to `max` operands before an operator (CMaps hold long lists).
    pub(crate) fn with_max_operands(data: &'a [u8], max: usize) -> Self {
        Lexer {
            max_operands: max,
            ..Lexer::new(data)
        }
    }

    fn skip_white_and_comments(&mut self) {
        while let Some(&b) = self.data.get(self.pos) {
            if is_white(b) {
                self.pos += 1;
            } else if b == b'%' {
                while let Some(&c) = self.data.get(self.pos) {
                    if c == b'\n' || c == b'\r' {
                        break;
                    }
                    self.pos += 1;
                }
            } else {
                break;
            }
        }
    }

    fn regular_token(&mut self) -> &'a [u8] {
        let start = self.pos;
        while let Some(&b) = self.data.get(self.pos) {
            if !is_regular(b) {
                break;
            }
            self.pos += 1;
        }
        &self.data[start..self.pos]
    }

    /// Reads the next operator, filling `operands` (cleared first). `None` at the end.
    /// The offset of the next byte to read.
    pub(crate) fn pos(&self) -> usize {
        self.pos
    }

    pub(crate) fn next_op(&mut self, operands: &mut Vec<Operand<'a>>) -> Option<Token<'a>> {
        operands.clear();
        loop {
            self.skip_white_and_comments();
            let b = *self.data.get(self.pos)?;
            if is_regular(b) {
                let start = self.pos;
                let tok = self.regular_token();
                if let Some(n) = parse_number(tok) {
                    self.push(operands, Operand::Number(n), start);
                    continue;
                }
                match tok {
                    b"true" => self.push(operands, Operand::Bool(true), start),
                    b"false" => self.push(operands, Operand::Bool(false), start),
                    b"null" => self.push(operands, Operand::Null, start),
                    b"BI" => {
                        self.skip_inline_image();
                        operands.clear();
                        return Some(Token::InlineImage);
                    }
                    _ => return Some(Token::Op(tok)),
                }
                continue;
            }
            let start = self.pos;
            match self.operand(0) {
                Some(op) => self.push(operands, op, start),
                None => {
                    // An unreadable token: skip a byte and go on.
                    if self.pos == start {
                        self.pos += 1;
                    }
                }
            }
        }
    }

    fn push(&mut self, operands: &mut Vec<Operand<'a>>, op: Operand<'a>, at: usize) {
        if operands.len() >= self.max_operands {
            self.problems.note(at, "too many operands");
            operands.clear();
        }
        operands.push(op);
    }

    /// Reads one operand starting at a delimiter or a regular token (numbers only inside arrays).
    fn operand(&mut self, depth: usize) -> Option<Operand<'a>> {
        let start = self.pos;
        let b = *self.data.get(self.pos)?;
        match b {
            b'/' => {
                self.pos += 1;
                let tok = self.regular_token();
                Some(Operand::Name(tok))
            }
            b'(' => self.literal_string(),
            b'<' => {
                if self.data.get(self.pos + 1) == Some(&b'<') {
                    self.dict(depth)
                } else {
                    self.hex_string()
                }
            }
            b'[' => self.array(depth),
            _ if is_regular(b) => {
                let tok = self.regular_token();
                if let Some(n) = parse_number(tok) {
                    Some(Operand::Number(n))
                } else {
                    match tok {
                        b"true" => Some(Operand::Bool(true)),
                        b"false" => Some(Operand::Bool(false)),
                        b"null" => Some(Operand::Null),
                        _ => {
                            self.problems
                                .note(start, "operator inside an array or dictionary");
                            None
                        }
                    }
                }
            }
            _ => {
                // ')', '>', ']', '{', '}' out of place.
                self.problems.note(start, "stray delimiter");
                self.pos += 1;
                None
            }
        }
    }

    fn array(&mut self, depth: usize) -> Option<Operand<'a>> {
        let start = self.pos;
        if depth >= MAX_OPERAND_DEPTH {
            self.problems.note(start, "arrays nested too deep");
            self.skip_nested(b'[', b']');
            return None;
        }
        self.pos += 1;
        let mut items = Vec::new();
        loop {
            self.skip_white_and_comments();
            let Some(&b) = self.data.get(self.pos) else {
                self.problems.note(start, "unterminated array");
                return Some(Operand::Array(items));
            };
            if b == b']' {
                self.pos += 1;
                return Some(Operand::Array(items));
            }
            let before = self.pos;
            if let Some(op) = self.operand(depth + 1) {
                if items.len() < MAX_OPERANDS {
                    items.push(op);
                }
            } else if self.pos == before {
                self.pos += 1;
            }
        }
    }

    fn dict(&mut self, depth: usize) -> Option<Operand<'a>> {
        let start = self.pos;
        if depth >= MAX_OPERAND_DEPTH {
            self.problems.note(start, "dictionaries nested too deep");
            self.skip_dict_nested();
            return None;
        }
        self.pos += 2;
        loop {
            self.skip_white_and_comments();
            let Some(&b) = self.data.get(self.pos) else {
                self.problems.note(start, "unterminated dictionary");
                return Some(Operand::Dict);
            };
            if b == b'>' {
                self.pos += 1;
                if self.data.get(self.pos) == Some(&b'>') {
                    self.pos += 1;
                }
                return Some(Operand::Dict);
            }
            let before = self.pos;
            if self.operand(depth + 1).is_none() && self.pos == before {
                self.pos += 1;
            }
        }
    }

    /// Skips a too-deep nested array without recursion.
    fn skip_nested(&mut self, open: u8, close: u8) {
        let mut level = 0usize;
        while let Some(&b) = self.data.get(self.pos) {
            self.pos += 1;
            if b == b'(' {
                self.pos -= 1;
                let _ = self.literal_string();
                continue;
            }
            if b == open {
                level += 1;
            } else if b == close {
                level = level.saturating_sub(1);
                if level == 0 {
                    return;
                }
            }
        }
    }

    fn skip_dict_nested(&mut self) {
        let mut level = 0usize;
        while self.pos < self.data.len() {
            let rest = &self.data[self.pos..];
            if rest.starts_with(b"<<") {
                level += 1;
                self.pos += 2;
            } else if rest.starts_with(b">>") {
                level = level.saturating_sub(1);
                self.pos += 2;
                if level == 0 {
                    return;
                }
            } else if rest.first() == Some(&b'(') {
                let _ = self.literal_string();
            } else {
                self.pos += 1;
            }
        }
    }

    fn literal_string(&mut self) -> Option<Operand<'a>> {
        let start = self.pos;
        self.pos += 1;
        let body_start = self.pos;
        // Fast scan: no backslash and balanced parentheses → borrow.
        let mut level = 1usize;
        let mut i = self.pos;
        let mut has_escape = false;
        while let Some(&b) = self.data.get(i) {
            match b {
                b'\\' => {
                    has_escape = true;
                    i += 2;
                    continue;
                }
                b'(' => level += 1,
                b')' => {
                    level -= 1;
                    if level == 0 {
                        break;
                    }
                }
                _ => {}
            }
            i += 1;
        }
        if level != 0 || i > self.data.len() {
            self.problems.note(start, "unterminated string");
        }
        let end = i.min(self.data.len());
        let body = &self.data[body_start..end];
        self.pos = (end + 1).min(self.data.len());
        if !has_escape {
            return Some(Operand::Str(Cow::Borrowed(body)));
        }
        let mut out = Vec::with_capacity(body.len());
        let mut j = 0;
        while j < body.len() {
            let b = body[j];
            j += 1;
            if b != b'\\' {
                if b == b'\r' {
                    // EOL is normalized to \n.
                    out.push(b'\n');
                    if body.get(j) == Some(&b'\n') {
                        j += 1;
                    }
                } else {
                    out.push(b);
                }
                continue;
            }
            let Some(&e) = body.get(j) else { break };
            j += 1;
            match e {
                b'n' => out.push(b'\n'),
                b'r' => out.push(b'\r'),
                b't' => out.push(b'\t'),
                b'b' => out.push(8),
                b'f' => out.push(12),
                b'\r' => {
                    if body.get(j) == Some(&b'\n') {
                        j += 1;
                    }
                }
                b'\n' => {}
                b'0'..=b'7' => {
                    let mut v = u32::from(e - b'0');
                    for _ in 0..2 {
                        match body.get(j) {
                            Some(&d @ b'0'..=b'7') => {
                                v = v * 8 + u32::from(d - b'0');
                                j += 1;
                            }
                            _ => break,
                        }
                    }
                    out.push((v & 0xff) as u8);
                }
                other => out.push(other),
            }
        }
        Some(Operand::Str(Cow::Owned(out)))
    }

    fn hex_string(&mut self) -> Option<Operand<'a>> {
        let start = self.pos;
        self.pos += 1;
        let mut out = Vec::new();
        let mut hi: Option<u8> = None;
        loop {
            let Some(&b) = self.data.get(self.pos) else {
                self.problems.note(start, "unterminated hex string");
                break;
            };
            self.pos += 1;
            if b == b'>' {
                break;
            }
            if is_white(b) {
                continue;
            }
            match hex_val(b) {
                Some(v) => match hi.take() {
                    Some(h) => out.push(h * 16 + v),
                    None => hi = Some(v),
                },
                None => {
                    self.problems.note(self.pos - 1, "bad hex digit");
                }
            }
        }
        if let Some(h) = hi {
            out.push(h * 16);
        }
        Some(Operand::Str(Cow::Owned(out)))
    }

    /// Skips an inline image: the parameters up to `ID`, one white byte, then the data up to an
    /// `EI` that stands alone between white space (or the end).
    fn skip_inline_image(&mut self) {
        let start = self.pos;
        // Parameters: operands up to the ID keyword.
        loop {
            self.skip_white_and_comments();
            let Some(&b) = self.data.get(self.pos) else {
                self.problems.note(start, "unterminated inline image");
                return;
            };
            if is_regular(b) {
                let tok = self.regular_token();
                if tok == b"ID" {
                    break;
                }
                continue;
            }
            let before = self.pos;
            if self.operand(0).is_none() && self.pos == before {
                self.pos += 1;
            }
        }
        // One white-space byte after ID.
        if self.data.get(self.pos).is_some_and(|&b| is_white(b)) {
            self.pos += 1;
        }
        let mut i = self.pos;
        while i + 1 < self.data.len() {
            if self.data[i] == b'E'
                && self.data[i + 1] == b'I'
                && (i == 0 || is_white(self.data[i - 1]))
                && self.data.get(i + 2).is_none_or(|&b| is_white(b))
            {
                self.pos = i + 2;
                return;
            }
            i += 1;
        }
        self.problems.note(start, "inline image without EI");
        self.pos = self.data.len();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ops(src: &[u8]) -> (Vec<(String, Vec<Operand<'_>>)>, LexProblems) {
        let mut lx = Lexer::new(src);
        let mut out = Vec::new();
        let mut operands = Vec::new();
        while let Some(t) = lx.next_op(&mut operands) {
            match t {
                Token::Op(op) => {
                    out.push((String::from_utf8_lossy(op).into_owned(), operands.clone()))
                }
                Token::InlineImage => out.push(("BI".into(), vec![])),
            }
        }
        (out, lx.problems)
    }

    #[test]
    fn numbers_names_strings() {
        let (o, p) = ops(b"1 -2.5 .5 /F1 12 Tf (a\\(b\\)c\\101) Tj <48 65 6> Tj");
        assert_eq!(p.skips, 0);
        assert_eq!(o[0].0, "Tf");
        assert_eq!(
            o[0].1,
            vec![
                Operand::Number(1.0),
                Operand::Number(-2.5),
                Operand::Number(0.5),
                Operand::Name(b"F1"),
                Operand::Number(12.0)
            ]
        );
        assert_eq!(o[1].1, vec![Operand::Str(Cow::Owned(b"a(b)cA".to_vec()))]);
        assert_eq!(
            o[2].1,
            vec![Operand::Str(Cow::Owned(vec![0x48, 0x65, 0x60]))]
        );
    }

    #[test]
    fn tj_array_and_dict() {
        let (o, p) = ops(b"[(A) -120 (B)] TJ /P <</MCID 0 /X [1 2]>> BDC EMC");
        assert_eq!(p.skips, 0);
        assert_eq!(o[0].0, "TJ");
        assert_eq!(
            o[0].1,
            vec![Operand::Array(vec![
                Operand::Str(Cow::Borrowed(b"A")),
                Operand::Number(-120.0),
                Operand::Str(Cow::Borrowed(b"B")),
            ])]
        );
        assert_eq!(o[1].0, "BDC");
        assert_eq!(o[1].1, vec![Operand::Name(b"P"), Operand::Dict]);
        assert_eq!(o[2].0, "EMC");
    }

    #[test]
    fn junk_is_skipped_and_counted() {
        let (o, p) = ops(b"1 0 0 1 0 0 cm ) } 10 20 m 30 20 l S");
        assert_eq!(p.skips, 2);
        let names: Vec<_> = o.iter().map(|x| x.0.as_str()).collect();
        assert_eq!(names, ["cm", "m", "l", "S"]);
    }

    #[test]
    fn inline_image_skipped() {
        let (o, p) = ops(b"q BI /W 2 /H 1 /BPC 8 /CS /G ID \xffEI\xff EI Q 1 g");
        assert_eq!(p.skips, 0);
        let names: Vec<_> = o.iter().map(|x| x.0.as_str()).collect();
        // The "EI" inside the data is not between white space; the image ends at the second.
        assert_eq!(names, ["q", "BI", "Q", "g"]);
    }

    #[test]
    fn deep_arrays_do_not_overflow() {
        let mut src = Vec::new();
        src.extend(std::iter::repeat_n(b'[', 100_000));
        src.extend(std::iter::repeat_n(b']', 100_000));
        src.extend_from_slice(b" TJ");
        let (o, p) = ops(&src);
        assert!(p.skips >= 1);
        assert_eq!(o.last().map(|x| x.0.as_str()), Some("TJ"));
    }

    #[test]
    fn tolerant_numbers() {
        assert_eq!(parse_number(b"--5"), Some(5.0));
        assert_eq!(parse_number(b"-.5"), Some(-0.5));
        assert_eq!(parse_number(b"5."), Some(5.0));
        assert_eq!(parse_number(b"1.2.3"), Some(1.2));
        assert_eq!(parse_number(b"Tf"), None);
        assert_eq!(parse_number(b"-"), Some(0.0));
    }

    #[test]
    fn unterminated_string_is_reported() {
        let (_, p) = ops(b"BT (abc Tj ET");
        assert_eq!(p.skips, 1);
    }

    #[test]
    fn name_escapes() {
        assert_eq!(&*decode_name(b"A#20B"), b"A B");
        assert_eq!(&*decode_name(b"AB#"), b"AB#");
    }
}
