//! The PartiQL lexer: statement text into one token vector.

/// One token of a statement.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Token {
    /// A bare word: a keyword or an attribute name (case kept).
    Word(String),
    /// A `"quoted"` identifier (table, index or attribute name).
    Quoted(String),
    /// A `'string'` literal.
    Str(String),
    /// A number literal, as written.
    Number(String),
    /// `?`
    Param,
    /// Punctuation and operators: `( ) [ ] { } , . : * = <> != < <= > >= + - << >>`.
    Sym(&'static str),
}

impl Token {
    /// Whether the token is the keyword `kw` (case-insensitive).
    pub(crate) fn is_keyword(&self, kw: &str) -> bool {
        matches!(self, Token::Word(w) if w.eq_ignore_ascii_case(kw))
    }
}

const SYMBOLS: [&str; 21] = [
    "<<", ">>", "<>", "!=", "<=", ">=", "(", ")", "[", "]", "{", "}", ",", ".", ":", "*", "=", "<",
    ">", "+", "-",
];

/// Splits `text` into tokens; `None` when a character starts no token or a
/// quote is not closed.
pub(crate) fn tokens(text: &str) -> Option<Vec<Token>> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        if c.is_ascii_whitespace() {
            i += 1;
        } else if c == b'\'' || c == b'"' {
            let (s, next) = quoted(text, i, c)?;
            out.push(if c == b'\'' {
                Token::Str(s)
            } else {
                Token::Quoted(s)
            });
            i = next;
        } else if c.is_ascii_digit()
            || (c == b'.' && bytes.get(i + 1).is_some_and(u8::is_ascii_digit))
        {
            let start = i;
            while i < bytes.len() && (bytes[i].is_ascii_digit() || bytes[i] == b'.') {
                i += 1;
            }
            if i < bytes.len() && (bytes[i] == b'e' || bytes[i] == b'E') {
                i += 1;
                if i < bytes.len() && (bytes[i] == b'+' || bytes[i] == b'-') {
                    i += 1;
                }
                while i < bytes.len() && bytes[i].is_ascii_digit() {
                    i += 1;
                }
            }
            out.push(Token::Number(text[start..i].to_owned()));
        } else if c.is_ascii_alphabetic() || c == b'_' || c == b'$' {
            let start = i;
            while i < bytes.len()
                && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_' || bytes[i] == b'$')
            {
                i += 1;
            }
            out.push(Token::Word(text[start..i].to_owned()));
        } else if c == b'?' {
            out.push(Token::Param);
            i += 1;
        } else {
            let sym = SYMBOLS.iter().find(|s| text[i..].starts_with(**s))?;
            out.push(Token::Sym(sym));
            i += sym.len();
        }
    }
    Some(out)
}

/// The text of the quoted token starting at `start` (a doubled quote stands
/// for itself) and the index after it.
fn quoted(text: &str, start: usize, quote: u8) -> Option<(String, usize)> {
    let bytes = text.as_bytes();
    let mut s = String::new();
    let mut i = start + 1;
    let mut run = i;
    loop {
        let c = *bytes.get(i)?;
        if c == quote {
            s.push_str(&text[run..i]);
            if bytes.get(i + 1) == Some(&quote) {
                s.push(quote as char);
                i += 2;
                run = i;
            } else {
                return Some((s, i + 1));
            }
        } else {
            i += 1;
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn splits_words_quotes_numbers_and_symbols() {
        let t = tokens(r#"SELECT a FROM "t"."i" WHERE x <= 'it''s' AND n >= -1.5e3 AND s = <<?>>"#)
            .unwrap();
        assert_eq!(t[0], Token::Word("SELECT".into()));
        assert_eq!(t[3], Token::Quoted("t".into()));
        assert_eq!(t[4], Token::Sym("."));
        assert!(t.contains(&Token::Str("it's".into())));
        assert!(t.contains(&Token::Sym("<=")));
        assert!(t.contains(&Token::Number("1.5e3".into())));
        assert!(t.contains(&Token::Sym("<<")));
        assert!(t.contains(&Token::Param));
        assert!(tokens("SELECT 'open").is_none());
        assert!(tokens("SELECT #").is_none());
    }
}
