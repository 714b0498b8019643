//! Rust source of a dynorm model from a table definition and the shape of
//! sampled items.

use super::infer::{Prefix, Shape};
use dynorm::backend::{IndexDefinition, IndexProjection, KeyAttribute, KeyType, TableDefinition};
use dynorm::ValueType;
use std::collections::BTreeSet;
use std::fmt::Write as _;

/// Maps with more keys than this, or with keys that are not names, are
/// read as dictionaries (`BTreeMap<String, _>`), not as nested structs.
const MAX_STRUCT_FIELDS: usize = 32;

/// What the generated source is made from.
pub struct Source<'a> {
    /// The table.
    pub definition: &'a TableDefinition,
    /// The attribute TTL is enabled on.
    pub ttl: Option<&'a str>,
    /// The sampled items' shape.
    pub shape: &'a Shape,
    /// The struct's name.
    pub name: &'a str,
}

/// One field of a generated struct.
struct Field {
    /// The attribute.
    attribute: String,
    /// The Rust name.
    ident: String,
    /// The Rust type.
    ty: String,
    /// `#[dynorm(..)]` options of the field.
    dynorm: Option<&'static str>,
    /// Whether an absent attribute reads as the type's default.
    default: bool,
}

/// The generated text: the top struct, nested structs, and the notes.
struct Writer {
    structs: Vec<String>,
    struct_names: BTreeSet<String>,
    notes: Vec<String>,
}

/// The Rust source of the model.
pub fn render(source: &Source<'_>) -> String {
    let mut w = Writer {
        structs: Vec::new(),
        struct_names: BTreeSet::new(),
        notes: Vec::new(),
    };
    w.struct_names.insert(source.name.to_owned());
    let def = source.definition;
    let samples = source.shape.maps;
    if samples == 0 {
        w.notes
            .push("no items were sampled: only the key and index attributes are known".to_owned());
    }

    // Key attributes first, then index keys, then the rest by name.
    let table_keys: Vec<&KeyAttribute> = std::iter::once(&def.partition_key)
        .chain(def.sort_key.as_ref())
        .collect();
    let mut order: Vec<&KeyAttribute> = table_keys.clone();
    for index in def.global_indexes.iter().chain(&def.local_indexes) {
        for key in index.key_attributes() {
            if !order.iter().any(|k| k.name == key.name) {
                order.push(key);
            }
        }
    }
    let mut fields = Vec::new();
    let mut idents = BTreeSet::new();
    for key in &order {
        let shape = source.shape.fields.get(&key.name);
        let is_table_key = table_keys.iter().any(|k| k.name == key.name);
        let mut field = w.key_field(key, shape, samples, is_table_key, &mut idents);
        if def.partition_key.name == key.name {
            field.dynorm = Some("partition_key");
        } else if def.sort_key.as_ref().is_some_and(|k| k.name == key.name) {
            field.dynorm = Some("sort_key");
        }
        fields.push(field);
    }
    for (attribute, shape) in &source.shape.fields {
        if order.iter().any(|k| &k.name == attribute) {
            continue;
        }
        let is_ttl = source.ttl == Some(attribute.as_str());
        let field = if is_ttl && ttl_compatible(shape) {
            w.field_of_type(
                attribute,
                "dynorm::attributes::Ttl",
                shape.seen < samples,
                &mut idents,
            )
        } else {
            if is_ttl {
                w.notes.push(format!(
                    "`{attribute}` has TTL enabled but holds {}: TTL needs epoch seconds (N); \
                     no `ttl` declared",
                    types_text(&shape.types)
                ));
            }
            w.field(
                attribute,
                attribute,
                shape,
                samples,
                source.name,
                &mut idents,
            )
        };
        fields.push(field);
    }
    let ttl_field = source.ttl.and_then(|ttl| {
        let shape = source.shape.fields.get(ttl);
        match shape {
            Some(s) if ttl_compatible(s) => fields.iter().find(|f| f.attribute == ttl),
            Some(_) => None,
            None => {
                w.notes.push(format!(
                    "TTL is enabled on `{ttl}`, which no sampled item has: add a field \
                     `dynorm::attributes::Ttl` for it and `#[dynorm(ttl = \"...\")]`"
                ));
                None
            }
        }
    });

    let mut options = vec![format!("table = {:?}", def.name)];
    if let Some(f) = ttl_field {
        options.push(format!("ttl = {:?}", f.ident));
    }
    let ident_of = |attribute: &str| {
        fields
            .iter()
            .find(|f| f.attribute == attribute)
            .map(|f| f.ident.clone())
            .unwrap_or_default()
    };
    let mut indexes = Vec::new();
    for (index, global) in def
        .global_indexes
        .iter()
        .map(|i| (i, true))
        .chain(def.local_indexes.iter().map(|i| (i, false)))
    {
        indexes.push(index_option(index, global, &ident_of));
    }
    w.key_template_notes(def, source.shape);

    let mut out = String::new();
    let _ = writeln!(
        out,
        "//! The dynorm model of DynamoDB table `{}`, generated by `dynorm generate-schema` \
         from the table's description and {samples} sampled item{}.",
        def.name,
        if samples == 1 { "" } else { "s" }
    );
    if w.notes.is_empty() {
        out.push_str("//!\n//! Every attribute's type was inferred from the samples.\n");
    } else {
        out.push_str("//!\n//! Not inferred (check these by hand):\n");
        for note in &w.notes {
            let _ = writeln!(out, "//! - {note}");
        }
    }
    out.push_str("\nuse dynorm::Model;\nuse serde::{Deserialize, Serialize};\n\n");
    out.push_str("#[derive(Debug, Clone, Serialize, Deserialize, Model)]\n");
    let _ = writeln!(out, "#[dynorm({})]", options.join(", "));
    for index in indexes {
        let _ = writeln!(out, "#[dynorm({index})]");
    }
    write_struct_body(&mut out, source.name, &fields);
    for nested in &w.structs {
        out.push('\n');
        out.push_str(nested);
    }
    out
}

fn write_struct_body(out: &mut String, name: &str, fields: &[Field]) {
    let _ = writeln!(out, "pub struct {name} {{");
    for f in fields {
        if let Some(option) = f.dynorm {
            let _ = writeln!(out, "    #[dynorm({option})]");
        }
        let mut serde = Vec::new();
        if f.ident.strip_prefix("r#").unwrap_or(&f.ident) != f.attribute {
            serde.push(format!("rename = {:?}", f.attribute));
        }
        if f.default {
            serde.push("default".to_owned());
        }
        if !serde.is_empty() {
            let _ = writeln!(out, "    #[serde({})]", serde.join(", "));
        }
        let _ = writeln!(out, "    pub {}: {},", f.ident, f.ty);
    }
    out.push_str("}\n");
}

/// `global_index(name = "..", pk_field = "..", sk_field = "..", projection = ..)`.
fn index_option(
    index: &IndexDefinition,
    global: bool,
    ident_of: &dyn Fn(&str) -> String,
) -> String {
    let mut parts = vec![format!("name = {:?}", index.name)];
    if global {
        parts.push(format!(
            "pk_field = {:?}",
            ident_of(&index.partition_key.name)
        ));
    }
    if let Some(sk) = &index.sort_key {
        parts.push(format!("sk_field = {:?}", ident_of(&sk.name)));
    }
    match &index.projection {
        IndexProjection::All => {}
        IndexProjection::KeysOnly => parts.push("projection = \"keys_only\"".to_owned()),
        IndexProjection::Include(names) => parts.push(format!(
            "projection = include({})",
            names
                .iter()
                .map(|n| format!("{n:?}"))
                .collect::<Vec<_>>()
                .join(", ")
        )),
    }
    format!(
        "{}({})",
        if global {
            "global_index"
        } else {
            "local_index"
        },
        parts.join(", ")
    )
}

/// Whether a TTL attribute's values can be a `Ttl` (whole epoch seconds).
fn ttl_compatible(shape: &Shape) -> bool {
    shape.types.iter().all(|t| *t == ValueType::N)
        && !shape.numbers.fraction
        && !shape.numbers.beyond_i64
}

fn types_text(types: &BTreeSet<ValueType>) -> String {
    let names: Vec<&str> = types.iter().map(|t| t.as_str()).collect();
    match names.as_slice() {
        [] => "no values".to_owned(),
        [one] => one.to_string(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

impl Writer {
    /// A key attribute's field: its type from the table (numbers as the
    /// samples need), never optional for the table's own keys.
    fn key_field(
        &mut self,
        key: &KeyAttribute,
        shape: Option<&Shape>,
        samples: usize,
        table_key: bool,
        idents: &mut BTreeSet<String>,
    ) -> Field {
        let ty = match key.key_type {
            KeyType::S => "String".to_owned(),
            KeyType::B => "dynorm::Bytes".to_owned(),
            KeyType::N => match shape {
                Some(s) => self.number_type(s, &key.name),
                None => "i64".to_owned(),
            },
        };
        let seen = shape.map_or(0, |s| s.seen);
        if !table_key && seen == 0 && samples > 0 {
            self.notes.push(format!(
                "index key `{}` is in no sampled item; typed from the index as {}",
                key.name, key.key_type
            ));
        }
        let optional = !table_key && seen < samples.max(1);
        self.field_of_type(&key.name, &ty, optional, idents)
    }

    fn field_of_type(
        &mut self,
        attribute: &str,
        ty: &str,
        optional: bool,
        idents: &mut BTreeSet<String>,
    ) -> Field {
        Field {
            attribute: attribute.to_owned(),
            ident: unique(field_ident(attribute), idents),
            ty: if optional {
                format!("Option<{ty}>")
            } else {
                ty.to_owned()
            },
            dynorm: None,
            default: false,
        }
    }

    /// A field for an attribute (at `path` in the item) seen in
    /// `shape.seen` of `samples` items (or maps).
    fn field(
        &mut self,
        attribute: &str,
        path: &str,
        shape: &Shape,
        samples: usize,
        parent: &str,
        idents: &mut BTreeSet<String>,
    ) -> Field {
        let ident = unique(field_ident(attribute), idents);
        let struct_hint = format!("{parent}{}", type_ident(attribute));
        let (ty, nullable) = self.value_type(shape, path, &struct_hint);
        let missing = shape.seen < samples;
        let is_set = shape.types.len() == 1
            && matches!(
                shape.types.first(),
                Some(ValueType::Ss | ValueType::Ns | ValueType::Bs)
            );
        if is_set {
            // An empty set is stored as no attribute: it reads back empty.
            return Field {
                attribute: attribute.to_owned(),
                ident,
                ty,
                dynorm: None,
                default: true,
            };
        }
        Field {
            attribute: attribute.to_owned(),
            ident,
            ty: if (missing || nullable) && ty != "dynorm::Value" {
                format!("Option<{ty}>")
            } else if missing {
                "Option<dynorm::Value>".to_owned()
            } else {
                ty
            },
            dynorm: None,
            default: false,
        }
    }

    /// The Rust type of the values of a shape, and whether NULL was among them.
    fn value_type(&mut self, shape: &Shape, path: &str, struct_hint: &str) -> (String, bool) {
        let mut types = shape.types.clone();
        let nullable = types.remove(&ValueType::Null);
        let ty = match types.len() {
            0 => {
                self.notes.push(if nullable {
                    format!("`{path}` was only seen as NULL; typed as `dynorm::Value`")
                } else {
                    format!("`{path}` holds no value in the samples; typed as `dynorm::Value`")
                });
                return ("dynorm::Value".to_owned(), false);
            }
            1 => match types.first().copied().unwrap_or(ValueType::Null) {
                ValueType::S => "String".to_owned(),
                ValueType::N => self.number_type(shape, path),
                ValueType::B => "dynorm::Bytes".to_owned(),
                ValueType::Bool => "bool".to_owned(),
                ValueType::M => self.map_type(shape, path, struct_hint),
                ValueType::L => match &shape.elements {
                    Some(e) => {
                        let (inner, nullable) =
                            self.value_type(e, &format!("{path}[]"), &format!("{struct_hint}Item"));
                        if nullable && inner != "dynorm::Value" {
                            format!("Vec<Option<{inner}>>")
                        } else {
                            format!("Vec<{inner}>")
                        }
                    }
                    None => {
                        self.notes.push(format!(
                            "`{path}` was only seen as an empty list; typed as `Vec<dynorm::Value>`"
                        ));
                        "Vec<dynorm::Value>".to_owned()
                    }
                },
                ValueType::Ss => "dynorm::StringSet".to_owned(),
                ValueType::Ns => "dynorm::NumberSet".to_owned(),
                ValueType::Bs => "dynorm::BinarySet".to_owned(),
                ValueType::Null => "dynorm::Value".to_owned(),
            },
            _ => {
                self.notes.push(format!(
                    "`{path}` was seen as {}; typed as `dynorm::Value`",
                    types_text(&shape.types)
                ));
                return ("dynorm::Value".to_owned(), false);
            }
        };
        (ty, nullable)
    }

    /// `i64`, `u64`, `f64` or `dynorm::Number`, as the numbers seen need.
    fn number_type(&mut self, shape: &Shape, path: &str) -> String {
        let n = shape.numbers;
        if n.fraction {
            if n.inexact_f64 {
                self.notes.push(format!(
                    "`{path}` has decimals an f64 cannot hold exactly; typed as `dynorm::Number`"
                ));
                "dynorm::Number".to_owned()
            } else {
                "f64".to_owned()
            }
        } else if !n.beyond_i64 {
            "i64".to_owned()
        } else if !n.beyond_u64 {
            "u64".to_owned()
        } else {
            self.notes.push(format!(
                "`{path}` has integers beyond 64 bits; typed as `dynorm::Number`"
            ));
            "dynorm::Number".to_owned()
        }
    }

    /// A nested struct for maps with a few named keys, a `BTreeMap` for
    /// dictionaries.
    fn map_type(&mut self, shape: &Shape, path: &str, struct_hint: &str) -> String {
        let named = !shape.fields.is_empty()
            && shape.fields.len() <= MAX_STRUCT_FIELDS
            && shape.fields.keys().all(|k| is_name(k));
        if !named {
            return match &shape.map_values {
                None => {
                    self.notes.push(format!(
                        "`{path}` was only seen as an empty map; typed as `dynorm::Item`"
                    ));
                    "dynorm::Item".to_owned()
                }
                Some(values) => {
                    let (v, nullable) = self.value_type(
                        values,
                        &format!("{path}.*"),
                        &format!("{struct_hint}Value"),
                    );
                    if nullable && v != "dynorm::Value" {
                        format!("std::collections::BTreeMap<String, Option<{v}>>")
                    } else {
                        format!("std::collections::BTreeMap<String, {v}>")
                    }
                }
            };
        }
        let name = unique_type(struct_hint.to_owned(), &mut self.struct_names);
        let mut idents = BTreeSet::new();
        let fields: Vec<Field> = shape
            .fields
            .iter()
            .map(|(k, s)| self.field(k, &format!("{path}.{k}"), s, shape.maps, &name, &mut idents))
            .collect();
        let mut text = String::new();
        text.push_str("#[derive(Debug, Clone, Serialize, Deserialize, dynorm::Attributes)]\n");
        write_struct_body(&mut text, &name, &fields);
        self.structs.push(text);
        name
    }

    /// Notes on string keys that look built from templates (`USER#1`).
    fn key_template_notes(&mut self, def: &TableDefinition, shape: &Shape) {
        for key in std::iter::once(&def.partition_key).chain(def.sort_key.as_ref()) {
            if let Some(Prefix::Common(prefix)) = shape.fields.get(&key.name).map(|s| &s.prefix) {
                self.notes.push(format!(
                    "`{}` values look like `{prefix}#...`: if they are built from other \
                     attributes, replace the field with a template (`{} = \"{prefix}#{{id}}\"`)",
                    key.name,
                    if def.partition_key.name == key.name {
                        "pk"
                    } else {
                        "sk"
                    }
                ));
            }
        }
    }
}

/// Whether a map key reads as a field name: a letter or `_`, then letters,
/// digits, `_` or `-`.
fn is_name(key: &str) -> bool {
    let mut chars = key.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
}

/// Rust's keywords; these become raw identifiers (`r#type`).
const KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "dyn", "else", "enum", "false", "fn",
    "for", "gen", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub", "ref",
    "return", "static", "struct", "trait", "true", "type", "unsafe", "use", "where", "while",
    "abstract", "become", "box", "do", "final", "macro", "override", "priv", "try", "typeof",
    "unsized", "virtual", "yield",
];

/// Keywords that cannot be raw identifiers; these get a `_` after them.
const NOT_RAW: &[&str] = &["crate", "self", "super", "Self"];

/// A snake_case field name for an attribute (`createdAt` -> `created_at`,
/// `type` -> `r#type`, `1st` -> `attr_1st`).
pub fn field_ident(attribute: &str) -> String {
    let chars: Vec<char> = attribute.chars().collect();
    let mut out = String::new();
    for (i, &c) in chars.iter().enumerate() {
        if c.is_ascii_alphanumeric() {
            if c.is_ascii_uppercase() {
                let prev = i.checked_sub(1).map(|p| chars[p]);
                let next = chars.get(i + 1);
                let boundary = prev.is_some_and(|p| {
                    p.is_ascii_lowercase()
                        || p.is_ascii_digit()
                        || (p.is_ascii_uppercase() && next.is_some_and(char::is_ascii_lowercase))
                });
                if boundary && !out.ends_with('_') {
                    out.push('_');
                }
                out.push(c.to_ascii_lowercase());
            } else {
                out.push(c);
            }
        } else if !out.is_empty() && !out.ends_with('_') {
            out.push('_');
        }
    }
    while out.ends_with('_') {
        out.pop();
    }
    if out.is_empty() {
        return "attr".to_owned();
    }
    if out.starts_with(|c: char| c.is_ascii_digit()) {
        return format!("attr_{out}");
    }
    if NOT_RAW.contains(&out.as_str()) {
        return format!("{out}_");
    }
    if KEYWORDS.contains(&out.as_str()) {
        return format!("r#{out}");
    }
    out
}

/// An UpperCamelCase type name (`user-events` -> `UserEvents`).
pub fn type_ident(text: &str) -> String {
    let mut out = String::new();
    let mut upper = true;
    let mut prev_lower = false;
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            if upper || (c.is_ascii_uppercase() && prev_lower) {
                out.push(c.to_ascii_uppercase());
            } else {
                out.push(c);
            }
            upper = false;
            prev_lower = c.is_ascii_lowercase() || c.is_ascii_digit();
        } else {
            upper = true;
            prev_lower = false;
        }
    }
    if out.is_empty() || out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert(0, 'T');
    }
    if NOT_RAW.contains(&out.as_str()) {
        out.push('_');
    }
    out
}

/// `name`, or `name_2`, `name_3`... when taken.
fn unique(name: String, taken: &mut BTreeSet<String>) -> String {
    let mut candidate = name.clone();
    let mut n = 2;
    while taken.contains(&candidate) {
        candidate = format!("{}_{n}", name.trim_start_matches("r#"));
        n += 1;
    }
    taken.insert(candidate.clone());
    candidate
}

/// `Name`, or `Name2`, `Name3`... when taken.
fn unique_type(name: String, taken: &mut BTreeSet<String>) -> String {
    let mut candidate = name.clone();
    let mut n = 2;
    while taken.contains(&candidate) {
        candidate = format!("{name}{n}");
        n += 1;
    }
    taken.insert(candidate.clone());
    candidate
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_names() {
        for (attribute, ident) in [
            ("createdAt", "created_at"),
            ("HTTPStatus", "http_status"),
            ("user-id", "user_id"),
            ("PK", "pk"),
            ("type", "r#type"),
            ("self", "self_"),
            ("1st", "attr_1st"),
            ("###", "attr"),
            ("a.b", "a_b"),
            ("gsi1pk", "gsi1pk"),
            ("GSI1PK", "gsi1_pk"),
        ] {
            assert_eq!(field_ident(attribute), ident, "{attribute}");
        }
    }

    #[test]
    fn type_names() {
        for (text, ident) in [
            ("users", "Users"),
            ("user-events.v2", "UserEventsV2"),
            ("orderItems", "OrderItems"),
            ("2024_logs", "T2024Logs"),
        ] {
            assert_eq!(type_ident(text), ident, "{text}");
        }
    }

    #[test]
    fn clashing_names_get_numbers() {
        let mut taken = BTreeSet::new();
        assert_eq!(unique("a_b".into(), &mut taken), "a_b");
        assert_eq!(unique("a_b".into(), &mut taken), "a_b_2");
        assert_eq!(unique("r#type".into(), &mut taken), "r#type");
        assert_eq!(unique("r#type".into(), &mut taken), "type_2");
    }
}
