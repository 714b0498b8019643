//! Tokens of DynamoDB expressions.

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Tok {
    /// A name: a letter, then letters, digits and `_`. Keywords are names too.
    Ident,
    /// `#name`
    NamePlaceholder,
    /// `:value`
    ValuePlaceholder,
    /// A list index: `0` or digits not starting with `0`.
    Number,
    LParen,
    RParen,
    LBracket,
    RBracket,
    Comma,
    Dot,
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    Plus,
    Minus,
    /// Any other character (it is always a syntax error).
    Bad,
    /// The end of the text.
    Eof,
}

/// One token: its kind and its byte range in the text.
#[derive(Debug, Clone, Copy)]
pub(super) struct Token {
    pub(super) tok: Tok,
    pub(super) start: usize,
    pub(super) end: usize,
}

/// The keywords of the expression grammars: never attribute names, in any case.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Keyword {
    And,
    Or,
    Not,
    Between,
    In,
    Set,
    Remove,
    Add,
    Delete,
}

impl Keyword {
    pub(super) fn of(text: &str) -> Option<Keyword> {
        const WORDS: [(&str, Keyword); 9] = [
            ("AND", Keyword::And),
            ("OR", Keyword::Or),
            ("NOT", Keyword::Not),
            ("BETWEEN", Keyword::Between),
            ("IN", Keyword::In),
            ("SET", Keyword::Set),
            ("REMOVE", Keyword::Remove),
            ("ADD", Keyword::Add),
            ("DELETE", Keyword::Delete),
        ];
        if text.len() > 7 {
            return None;
        }
        WORDS
            .iter()
            .find(|(w, _)| w.eq_ignore_ascii_case(text))
            .map(|&(_, k)| k)
    }
}

fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// Splits the text into tokens; the last is always [`Tok::Eof`].
pub(super) fn tokenize(src: &str) -> Vec<Token> {
    let bytes = src.as_bytes();
    let mut out = Vec::with_capacity(src.len() / 3 + 2);
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if matches!(b, b' ' | b'\t' | b'\n' | b'\r') {
            i += 1;
            continue;
        }
        let start = i;
        let word_end = |mut j: usize| {
            while j < bytes.len() && is_word_byte(bytes[j]) {
                j += 1;
            }
            j
        };
        let (tok, end) = match b {
            b'a'..=b'z' | b'A'..=b'Z' => (Tok::Ident, word_end(i + 1)),
            b'#' | b':' => {
                let end = word_end(i + 1);
                if end == i + 1 {
                    (Tok::Bad, i + 1)
                } else if b == b'#' {
                    (Tok::NamePlaceholder, end)
                } else {
                    (Tok::ValuePlaceholder, end)
                }
            }
            b'0' => (Tok::Number, i + 1),
            b'1'..=b'9' => {
                let mut j = i + 1;
                while j < bytes.len() && bytes[j].is_ascii_digit() {
                    j += 1;
                }
                (Tok::Number, j)
            }
            b'(' => (Tok::LParen, i + 1),
            b')' => (Tok::RParen, i + 1),
            b'[' => (Tok::LBracket, i + 1),
            b']' => (Tok::RBracket, i + 1),
            b',' => (Tok::Comma, i + 1),
            b'.' => (Tok::Dot, i + 1),
            b'+' => (Tok::Plus, i + 1),
            b'-' => (Tok::Minus, i + 1),
            b'=' => (Tok::Eq, i + 1),
            b'<' => match bytes.get(i + 1) {
                Some(b'=') => (Tok::Le, i + 2),
                Some(b'>') => (Tok::Ne, i + 2),
                _ => (Tok::Lt, i + 1),
            },
            b'>' => match bytes.get(i + 1) {
                Some(b'=') => (Tok::Ge, i + 2),
                _ => (Tok::Gt, i + 1),
            },
            _ => {
                // One character, whatever its UTF-8 length.
                let len = src[i..].chars().next().map_or(1, char::len_utf8);
                (Tok::Bad, i + len)
            }
        };
        out.push(Token { tok, start, end });
        i = end;
    }
    out.push(Token {
        tok: Tok::Eof,
        start: src.len(),
        end: src.len(),
    });
    out
}
