//! Keys made of field lists (`partition_key = [a, b]`, `sort_key = [c]`) and
//! the model's own key conventions (`key_separator = "_"`, ...), checked
//! against the fields and the other key options.

use crate::container_attrs::{FieldListOption, ModelOptions};
use crate::errors::Errors;
use crate::fields::FieldDef;
use crate::model_def::{KeyDef, KeySource};
use syn::{Ident, LitBool, LitStr};

/// The model's own convention settings (`None`: left to the levels below).
#[derive(Clone, Default)]
pub struct ConventionsDef {
    /// `partition_key_name`.
    pub partition_key_name: Option<String>,
    /// `sort_key_name`.
    pub sort_key_name: Option<String>,
    /// `key_separator`.
    pub key_separator: Option<String>,
    /// `suffix_partition_key`.
    pub suffix_partition_key: Option<bool>,
    /// `prefix_sort_key`.
    pub prefix_sort_key: Option<bool>,
    /// `table_has_sort_key`.
    pub table_has_sort_key: Option<bool>,
}

/// A model keyed by field lists: its keys (attribute names are the
/// defaults', resolved at run time) and its own settings.
pub struct FieldLists {
    /// The partition key (`KeySource::FieldList`).
    pub partition_key: KeyDef,
    /// The sort key (`KeySource::FieldList`, possibly of no field).
    pub sort_key: KeyDef,
    /// The model's own settings.
    pub conventions: ConventionsDef,
}

/// The field lists of a model, or `None` when it has none (errors pushed
/// for every mistake, then `None` too).
pub fn resolve(
    ident: &Ident,
    fields: &[FieldDef],
    options: &ModelOptions,
    errors: &mut Errors,
) -> Option<FieldLists> {
    let Some(partition) = &options.partition_key else {
        settings_without_lists(options, errors);
        if let Some(sort) = &options.sort_key {
            errors.at(
                sort.span,
                "`sort_key = [...]` needs `partition_key = [...]`: both keys are written by \
                 the key conventions",
            );
        }
        return None;
    };
    let mut ok = true;
    let conflicts: [(Option<&LitStr>, &str); 4] = [
        (options.pk.as_ref(), "pk"),
        (options.sk.as_ref(), "sk"),
        (options.pk_attr.as_ref(), "pk_attr"),
        (options.sk_attr.as_ref(), "sk_attr"),
    ];
    for (lit, name) in conflicts {
        if let Some(lit) = lit {
            let hint = if name.ends_with("_attr") {
                "name the key attributes with `partition_key_name` / `sort_key_name`"
            } else {
                "keep one way of writing the keys"
            };
            errors.spanned(
                lit,
                format!("`{name}` cannot be combined with `partition_key = [...]`: {hint}"),
            );
            ok = false;
        }
    }
    for field in fields {
        for (marker, which) in [(field.partition_key, "partition"), (field.sort_key, "sort")] {
            if let Some(span) = marker {
                errors.at(
                    span,
                    format!(
                        "the keys of this model are field lists (`partition_key = [...]`): list \
                         `{}` in `{which}_key = [...]` instead of marking it",
                        field.name
                    ),
                );
                ok = false;
            }
        }
    }
    if let Some(v) = &options.versioned {
        errors.at(
            v.span,
            "a versioned model is keyed by its `entity_id` field: it cannot have \
             `partition_key = [...]`",
        );
        ok = false;
    }
    for index in options.indexes.iter().filter(|i| !i.global) {
        errors.at(
            index.span,
            "a local index shares the table's keys, which field lists leave to the key \
             conventions at run time: use a global index",
        );
        ok = false;
    }
    let mut seen: Vec<usize> = Vec::new();
    let partition_fields = field_indexes(ident, fields, partition, &mut seen, errors);
    let sort_fields = match &options.sort_key {
        Some(sort) => field_indexes(ident, fields, sort, &mut seen, errors),
        None => Some(Vec::new()),
    };
    let conventions = conventions(options, errors)?;
    let key_names = [
        conventions.partition_key_name.as_deref().unwrap_or("pk"),
        conventions.sort_key_name.as_deref().unwrap_or("sk"),
    ];
    for field in fields.iter().filter(|f| f.stored) {
        if key_names.contains(&field.serde_name.as_str()) {
            errors.spanned(
                &field.ident,
                format!(
                    "field `{}` is stored in `{}`, a key attribute of this model; rename it or name the keys with `partition_key_name` / `sort_key_name`",
                    field.name, field.serde_name
                ),
            );
            ok = false;
        }
    }
    let (Some(partition_fields), Some(sort_fields)) = (partition_fields, sort_fields) else {
        return None;
    };
    ok.then(|| FieldLists {
        partition_key: KeyDef {
            attribute: "pk".to_owned(),
            source: KeySource::FieldList(partition_fields),
        },
        sort_key: KeyDef {
            attribute: "sk".to_owned(),
            source: KeySource::FieldList(sort_fields),
        },
        conventions,
    })
}

/// The fields a list names, each once across both lists, stored and not optional.
fn field_indexes(
    ident: &Ident,
    fields: &[FieldDef],
    list: &FieldListOption,
    seen: &mut Vec<usize>,
    errors: &mut Errors,
) -> Option<Vec<usize>> {
    let mut out = Vec::new();
    let mut ok = true;
    for name in &list.fields {
        let text = name.to_string();
        let text = text.strip_prefix("r#").unwrap_or(&text);
        let Some(index) = fields.iter().position(|f| f.name == text) else {
            let names: Vec<&str> = fields.iter().map(|f| f.name.as_str()).collect();
            errors.spanned(
                name,
                format!(
                    "`{text}` is not a field of `{ident}` (fields: {})",
                    names.join(", ")
                ),
            );
            ok = false;
            continue;
        };
        let field = &fields[index];
        if seen.contains(&index) {
            errors.spanned(name, format!("field `{text}` is listed twice in the keys"));
            ok = false;
        } else if field.option_inner.is_some() {
            errors.spanned(
                name,
                format!("key field `{text}` cannot be an Option: every item needs its key"),
            );
            ok = false;
        } else if !field.stored {
            errors.spanned(
                name,
                format!("key field `{text}` must be stored (not skipped or flattened)"),
            );
            ok = false;
        }
        seen.push(index);
        out.push(index);
    }
    ok.then_some(out)
}

/// The settings options that only field-list keys use.
fn setting_spans(options: &ModelOptions) -> Vec<(proc_macro2::Span, &'static str)> {
    let strings = [
        (options.partition_key_name.as_ref(), "partition_key_name"),
        (options.sort_key_name.as_ref(), "sort_key_name"),
        (options.key_separator.as_ref(), "key_separator"),
    ];
    let bools = [
        (
            options.suffix_partition_key.as_ref(),
            "suffix_partition_key",
        ),
        (options.prefix_sort_key.as_ref(), "prefix_sort_key"),
        (options.table_has_sort_key.as_ref(), "table_has_sort_key"),
    ];
    strings
        .into_iter()
        .filter_map(|(lit, name)| lit.map(|l| (l.span(), name)))
        .chain(
            bools
                .into_iter()
                .filter_map(|(lit, name)| lit.map(|l| (l.span, name))),
        )
        .collect()
}

fn settings_without_lists(options: &ModelOptions, errors: &mut Errors) {
    for (span, name) in setting_spans(options) {
        errors.at(
            span,
            format!(
                "`{name}` sets how keys made of field lists are written: it needs \
                 `partition_key = [field, ...]`"
            ),
        );
    }
}

fn conventions(options: &ModelOptions, errors: &mut Errors) -> Option<ConventionsDef> {
    let mut ok = true;
    let mut text = |lit: &Option<LitStr>, what: &str| {
        let value = lit.as_ref()?.value();
        if value.is_empty() {
            errors.spanned(lit.as_ref()?, format!("`{what}` must not be empty"));
            ok = false;
        }
        Some(value)
    };
    let def = ConventionsDef {
        partition_key_name: text(&options.partition_key_name, "partition_key_name"),
        sort_key_name: text(&options.sort_key_name, "sort_key_name"),
        key_separator: text(&options.key_separator, "key_separator"),
        suffix_partition_key: options.suffix_partition_key.as_ref().map(LitBool::value),
        prefix_sort_key: options.prefix_sort_key.as_ref().map(LitBool::value),
        table_has_sort_key: options.table_has_sort_key.as_ref().map(LitBool::value),
    };
    if let (Some(pk), Some(sk), Some(lit)) = (
        &def.partition_key_name,
        &def.sort_key_name,
        &options.sort_key_name,
    ) {
        if pk == sk {
            errors.spanned(
                lit,
                format!("partition and sort key both use attribute `{pk}`"),
            );
            ok = false;
        }
    }
    ok.then_some(def)
}
