//! The names serde gives fields: `#[serde(rename = "...")]` and the
//! container's `#[serde(rename_all = "...")]`; and whether serde writes a
//! field as an attribute of its own (`skip`, `flatten`).

use syn::meta::ParseNestedMeta;
use syn::{Attribute, Field, LitStr};

/// How serde writes one field.
pub struct SerdeField {
    /// The attribute name serde writes the field under.
    pub name: String,
    /// Whether serde writes the field as an attribute of its own: not
    /// `skip` / `skip_serializing`, not `flatten` (whose fields land among
    /// the container's).
    pub stored: bool,
}

impl SerdeField {
    /// Reads the serde options of the field called `rust_name` (without `r#`).
    pub fn read(field: &Field, rust_name: &str, rename_all: Option<RenameRule>) -> SerdeField {
        let name = field_rename(&field.attrs).unwrap_or_else(|| {
            rename_all.map_or_else(|| rust_name.to_owned(), |rule| rule.apply(rust_name))
        });
        let unstored = ["skip", "skip_serializing", "flatten"]
            .iter()
            .any(|flag| has_flag(&field.attrs, flag));
        SerdeField {
            name,
            stored: !unstored,
        }
    }
}

/// A container-level `rename_all` rule, applied the way serde applies it to
/// (snake_case) field names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RenameRule {
    /// `lowercase`
    Lower,
    /// `UPPERCASE`
    Upper,
    /// `PascalCase`
    Pascal,
    /// `camelCase`
    Camel,
    /// `snake_case`
    Snake,
    /// `SCREAMING_SNAKE_CASE`
    ScreamingSnake,
    /// `kebab-case`
    Kebab,
    /// `SCREAMING-KEBAB-CASE`
    ScreamingKebab,
}

impl RenameRule {
    fn parse(name: &str) -> Option<RenameRule> {
        Some(match name {
            "lowercase" => RenameRule::Lower,
            "UPPERCASE" => RenameRule::Upper,
            "PascalCase" => RenameRule::Pascal,
            "camelCase" => RenameRule::Camel,
            "snake_case" => RenameRule::Snake,
            "SCREAMING_SNAKE_CASE" => RenameRule::ScreamingSnake,
            "kebab-case" => RenameRule::Kebab,
            "SCREAMING-KEBAB-CASE" => RenameRule::ScreamingKebab,
            _ => return None,
        })
    }

    /// The serialized name of a field under this rule.
    pub fn apply(self, field: &str) -> String {
        match self {
            RenameRule::Lower | RenameRule::Snake => field.to_owned(),
            RenameRule::Upper | RenameRule::ScreamingSnake => field.to_ascii_uppercase(),
            RenameRule::Pascal => {
                let mut out = String::new();
                let mut capitalize = true;
                for c in field.chars() {
                    if c == '_' {
                        capitalize = true;
                    } else if capitalize {
                        out.push(c.to_ascii_uppercase());
                        capitalize = false;
                    } else {
                        out.push(c);
                    }
                }
                out
            }
            RenameRule::Camel => {
                let pascal = RenameRule::Pascal.apply(field);
                let mut chars = pascal.chars();
                match chars.next() {
                    Some(first) => first.to_ascii_lowercase().to_string() + chars.as_str(),
                    None => pascal,
                }
            }
            RenameRule::Kebab => field.replace('_', "-"),
            RenameRule::ScreamingKebab => field.replace('_', "-").to_ascii_uppercase(),
        }
    }
}

/// The container's `rename_all` rule for serialization, if any. Malformed
/// serde attributes are left for serde's own derive to report.
pub fn container_rename_rule(attrs: &[Attribute]) -> Option<RenameRule> {
    serialize_name_option(attrs, "rename_all").and_then(|name| RenameRule::parse(&name))
}

/// The field's `rename` for serialization, if any.
fn field_rename(attrs: &[Attribute]) -> Option<String> {
    serialize_name_option(attrs, "rename")
}

/// Whether `#[serde(<flag>)]` is written (a flag without a value).
pub fn has_flag(attrs: &[Attribute], flag: &str) -> bool {
    let mut found = false;
    for attr in attrs.iter().filter(|a| a.path().is_ident("serde")) {
        let _ = attr.parse_nested_meta(|meta| {
            if meta.path.is_ident(flag) && !meta.input.peek(syn::Token![=]) {
                found = true;
            }
            skip_value(&meta)
        });
    }
    found
}

/// Finds `#[serde(<key> = "x")]` or `#[serde(<key>(serialize = "x"))]`.
fn serialize_name_option(attrs: &[Attribute], key: &str) -> Option<String> {
    let mut found = None;
    for attr in attrs.iter().filter(|a| a.path().is_ident("serde")) {
        let _ = attr.parse_nested_meta(|meta| {
            if meta.path.is_ident(key) {
                if meta.input.peek(syn::Token![=]) {
                    found = Some(meta.value()?.parse::<LitStr>()?.value());
                } else {
                    meta.parse_nested_meta(|inner| {
                        if inner.path.is_ident("serialize") {
                            found = Some(inner.value()?.parse::<LitStr>()?.value());
                        } else {
                            skip_value(&inner)?;
                        }
                        Ok(())
                    })?;
                }
                Ok(())
            } else {
                skip_value(&meta)
            }
        });
    }
    found
}

/// Consumes the value of a nested option this macro does not read:
/// `= <expr>` or `( ... )`, or nothing for a flag.
pub fn skip_value(meta: &ParseNestedMeta<'_>) -> syn::Result<()> {
    if meta.input.peek(syn::Token![=]) {
        meta.value()?.parse::<syn::Expr>()?;
    } else if meta.input.peek(syn::token::Paren) {
        let content;
        syn::parenthesized!(content in meta.input);
        content.parse::<proc_macro2::TokenStream>()?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn applies_rules_like_serde() {
        let f = "order_number";
        assert_eq!(RenameRule::Lower.apply(f), "order_number");
        assert_eq!(RenameRule::Upper.apply(f), "ORDER_NUMBER");
        assert_eq!(RenameRule::Pascal.apply(f), "OrderNumber");
        assert_eq!(RenameRule::Camel.apply(f), "orderNumber");
        assert_eq!(RenameRule::Snake.apply(f), "order_number");
        assert_eq!(RenameRule::ScreamingSnake.apply(f), "ORDER_NUMBER");
        assert_eq!(RenameRule::Kebab.apply(f), "order-number");
        assert_eq!(RenameRule::ScreamingKebab.apply(f), "ORDER-NUMBER");
    }

    #[test]
    fn reads_serde_attributes() {
        let attrs: Vec<Attribute> = vec![
            syn::parse_quote!(#[serde(default, rename_all = "camelCase")]),
            syn::parse_quote!(#[serde(deny_unknown_fields)]),
        ];
        assert_eq!(container_rename_rule(&attrs), Some(RenameRule::Camel));
        let attrs: Vec<Attribute> = vec![syn::parse_quote!(
            #[serde(skip_serializing_if = "Option::is_none", rename(serialize = "a", deserialize = "b"))]
        )];
        assert_eq!(field_rename(&attrs).as_deref(), Some("a"));
        let attrs: Vec<Attribute> = vec![syn::parse_quote!(#[serde(with = "x", rename = "n")])];
        assert_eq!(field_rename(&attrs).as_deref(), Some("n"));
    }

    #[test]
    fn reads_whether_a_field_is_stored() {
        let stored = |field: Field| SerdeField::read(&field, "f", None).stored;
        assert!(!stored(syn::parse_quote!(#[serde(skip)] f: u32)));
        assert!(!stored(
            syn::parse_quote!(#[serde(default, skip_serializing)] f: u32)
        ));
        assert!(!stored(syn::parse_quote!(#[serde(flatten)] f: Extra)));
        assert!(stored(
            syn::parse_quote!(#[serde(skip_deserializing)] f: u32)
        ));
        assert!(stored(syn::parse_quote!(
            #[serde(skip_serializing_if = "Option::is_none")] f: Option<u32>
        )));
        assert!(stored(syn::parse_quote!(f: u32)));
        let renamed: Field = syn::parse_quote!(#[serde(rename = "F")] f: u32);
        assert_eq!(
            SerdeField::read(&renamed, "f", Some(RenameRule::Upper)).name,
            "F"
        );
        let plain: Field = syn::parse_quote!(order_no: u32);
        assert_eq!(
            SerdeField::read(&plain, "order_no", Some(RenameRule::Camel)).name,
            "orderNo"
        );
    }
}
