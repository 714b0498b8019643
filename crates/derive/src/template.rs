//! Key templates such as `"USER#{id}"`: literal text with `{field}` placeholders.

/// One piece of a template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Segment {
    /// Literal text, braces already unescaped.
    Literal(String),
    /// A placeholder naming a field.
    Field(String),
}

/// A parsed template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Template {
    /// The source text, as written.
    pub source: String,
    /// The pieces, in order.
    pub segments: Vec<Segment>,
}

impl Template {
    /// Parses a template; `{{` and `}}` stand for literal braces.
    pub fn parse(source: &str) -> Result<Template, String> {
        let mut segments = Vec::new();
        let mut literal = String::new();
        let mut chars = source.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '{' if chars.peek() == Some(&'{') => {
                    chars.next();
                    literal.push('{');
                }
                '}' if chars.peek() == Some(&'}') => {
                    chars.next();
                    literal.push('}');
                }
                '{' => {
                    let mut name = String::new();
                    let mut closed = false;
                    for c in chars.by_ref() {
                        if c == '}' {
                            closed = true;
                            break;
                        }
                        name.push(c);
                    }
                    if !closed {
                        return Err(format!(
                            "unclosed `{{` in template `{source}` (write `{{{{` for a literal brace)"
                        ));
                    }
                    let name = name.trim();
                    let name = name.strip_prefix("r#").unwrap_or(name);
                    if !is_identifier(name) {
                        return Err(format!(
                            "invalid placeholder `{{{name}}}` in template `{source}`: expected a field name"
                        ));
                    }
                    if !literal.is_empty() {
                        segments.push(Segment::Literal(std::mem::take(&mut literal)));
                    }
                    segments.push(Segment::Field(name.to_owned()));
                }
                '}' => {
                    return Err(format!(
                        "unmatched `}}` in template `{source}` (write `}}}}` for a literal brace)"
                    ));
                }
                other => literal.push(other),
            }
        }
        if !literal.is_empty() {
            segments.push(Segment::Literal(literal));
        }
        Ok(Template {
            source: source.to_owned(),
            segments,
        })
    }

    /// The field names used, in order of first appearance, without repeats.
    pub fn fields(&self) -> Vec<&str> {
        let mut out: Vec<&str> = Vec::new();
        for segment in &self.segments {
            if let Segment::Field(name) = segment {
                if !out.contains(&name.as_str()) {
                    out.push(name);
                }
            }
        }
        out
    }
}

fn is_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    match chars.next() {
        Some(c) if c == '_' || c.is_alphabetic() => {}
        _ => return false,
    }
    chars.all(|c| c == '_' || c.is_alphanumeric())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_fields_and_literals() {
        let t = Template::parse("USER#{id}#{ tenant }").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            t.segments,
            vec![
                Segment::Literal("USER#".into()),
                Segment::Field("id".into()),
                Segment::Literal("#".into()),
                Segment::Field("tenant".into()),
            ]
        );
        assert_eq!(t.fields(), vec!["id", "tenant"]);
    }

    #[test]
    fn unescapes_braces() {
        let t = Template::parse("{{x}}{a}}}").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            t.segments,
            vec![
                Segment::Literal("{x}".into()),
                Segment::Field("a".into()),
                Segment::Literal("}".into()),
            ]
        );
    }

    #[test]
    fn literal_only() {
        let t = Template::parse("PROFILE").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(t.segments, vec![Segment::Literal("PROFILE".into())]);
        assert!(t.fields().is_empty());
    }

    #[test]
    fn repeated_field_listed_once() {
        let t = Template::parse("{a}-{a}").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(t.fields(), vec!["a"]);
    }

    #[test]
    fn rejects_bad_templates() {
        let error = |source: &str| match Template::parse(source) {
            Ok(t) => panic!("accepted {t:?}"),
            Err(e) => e,
        };
        assert!(error("USER#{id").contains("unclosed"));
        assert!(error("USER#id}").contains("unmatched"));
        assert!(error("{}").contains("invalid placeholder"));
        assert!(error("{a b}").contains("invalid placeholder"));
        assert!(error("{1x}").contains("invalid placeholder"));
    }
}
