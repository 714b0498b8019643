//! The inherent `key(...)` and `partition(...)` functions.

use super::render::render;
use crate::model_def::{IndexDef, KeyDef, KeySource, ModelDef};
use proc_macro2::TokenStream;
use quote::{quote, quote_spanned};
use syn::spanned::Spanned;
use syn::Type;

/// `pub fn key(...) -> Key<Self>`, `pub fn partition(...) -> Partition<Self>` and
/// one `<index>_partition(...)` per secondary index.
pub fn constructors(model: &ModelDef) -> TokenStream {
    if model.conventions.is_some() {
        let index_partitions = model
            .indexes
            .iter()
            .map(|index| index_partition(model, index));
        let keys = super::field_list_keys::constructors(model);
        return quote! {
            #(#index_partitions)*
            #keys
        };
    }
    let name = model.ident.to_string();
    let key_fields = key_fields(model, true);
    let pk_fields = key_fields_of(model, &[&model.partition_key]);
    let key_params = params(model, &key_fields);
    let pk_params = params(model, &pk_fields);
    let pk_value = key_value(model, &model.partition_key);
    let pk_attr = &model.partition_key.attribute;
    let mut key_inserts = vec![quote!(__dynorm_item.insert(#pk_attr, #pk_value);)];
    if let Some(sk) = &model.sort_key {
        let attr = &sk.attribute;
        let value = key_value(model, sk);
        key_inserts.push(quote!(__dynorm_item.insert(#attr, #value);));
    }
    let key_doc = format!(
        "The primary key of a [`{name}`] built from its key fields{}, as a stored item holds it.",
        field_list(model, &key_fields)
    );
    let partition_doc = format!(
        "The partition key value of [`{name}`] items from {}, to query one partition.",
        if pk_fields.is_empty() {
            "the template alone".to_owned()
        } else {
            format!("the field{}", field_list(model, &pk_fields))
        }
    );
    let source_inserts = model.key_source_fields().into_iter().map(|i| {
        let field = &model.fields[i];
        let ident = &field.ident;
        let name = &field.serde_name;
        quote! {
            if let ::core::result::Result::Ok(__dynorm_value) = ::dynorm::to_value(&#ident) {
                __dynorm_fields.insert(#name, __dynorm_value);
            }
        }
    });
    let (key_params_decl, key_conversions) = key_params;
    let (pk_params_decl, pk_conversions) = pk_params;
    let index_partitions = model
        .indexes
        .iter()
        .map(|index| index_partition(model, index));
    quote! {
        #(#index_partitions)*

        #[doc = #key_doc]
        pub fn key(#(#key_params_decl),*) -> ::dynorm::Key<Self> {
            #(#key_conversions)*
            let mut __dynorm_item = ::dynorm::Item::new();
            #(#key_inserts)*
            let mut __dynorm_fields = ::dynorm::Item::new();
            #(#source_inserts)*
            ::dynorm::Key::with_source_fields(__dynorm_item, __dynorm_fields)
        }

        #[doc = #partition_doc]
        pub fn partition(#(#pk_params_decl),*) -> ::dynorm::Partition<Self> {
            #(#pk_conversions)*
            ::dynorm::Partition::new(#pk_attr, #pk_value)
        }
    }
}

/// `pub fn <index>_partition(...) -> Partition<Self>`: a partition of a secondary index.
fn index_partition(model: &ModelDef, index: &IndexDef) -> TokenStream {
    let fields = key_fields_of(model, &[&index.partition_key]);
    let (decl, conversions) = params(model, &fields);
    let value = key_value(model, &index.partition_key);
    let attr = &index.partition_key.attribute;
    let name = &index.name;
    let fn_name = syn::Ident::new(
        &format!("{}_partition", snake_case(name)),
        proc_macro2::Span::call_site(),
    );
    let doc = format!(
        "A partition of the `{name}` index of [`{}`]{}, to query it.",
        model.ident,
        field_list(model, &fields)
    );
    quote! {
        #[doc = #doc]
        pub fn #fn_name(#(#decl),*) -> ::dynorm::Partition<Self> {
            #(#conversions)*
            ::dynorm::Partition::for_index(#name, #attr, #value)
        }
    }
}

/// `TenantIndex` -> `tenant_index`, `by-email` -> `by_email`.
fn snake_case(name: &str) -> String {
    let mut out = String::with_capacity(name.len() + 4);
    let mut prev_lower = false;
    for c in name.chars() {
        if c.is_ascii_uppercase() {
            if prev_lower {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
            prev_lower = false;
        } else if c.is_ascii_alphanumeric() {
            out.push(c);
            prev_lower = c.is_ascii_lowercase() || c.is_ascii_digit();
        } else {
            if !out.ends_with('_') {
                out.push('_');
            }
            prev_lower = false;
        }
    }
    let trimmed = out.trim_matches('_');
    if trimmed.starts_with(|c: char| c.is_ascii_digit()) {
        format!("index_{trimmed}")
    } else {
        trimmed.to_owned()
    }
}

/// Fields of the primary key, partition key first, without repeats.
fn key_fields(model: &ModelDef, with_sort_key: bool) -> Vec<usize> {
    let mut keys = vec![&model.partition_key];
    if with_sort_key {
        keys.extend(model.sort_key.as_ref());
    }
    key_fields_of(model, &keys)
}

fn key_fields_of(model: &ModelDef, keys: &[&KeyDef]) -> Vec<usize> {
    let mut out = Vec::new();
    for key in keys {
        for index in key.field_indexes(&model.fields) {
            if !out.contains(&index) {
                out.push(index);
            }
        }
    }
    out
}

/// Parameter declarations (`id: impl Into<String>`) and the statements
/// converting them (`let id: String = id.into();`). Primitive integers are
/// taken as themselves, so that an unsuffixed literal (`Order::key("c1", 7)`)
/// infers the field's type.
pub(super) fn params(model: &ModelDef, fields: &[usize]) -> (Vec<TokenStream>, Vec<TokenStream>) {
    fields
        .iter()
        .map(|&i| {
            let field = &model.fields[i];
            let ident = &field.ident;
            let ty = field.value_type();
            if is_primitive_integer(ty) {
                return (quote!(#ident: #ty), quote!());
            }
            (
                quote!(#ident: impl ::core::convert::Into<#ty>),
                quote!(let #ident: #ty = ::core::convert::Into::into(#ident);),
            )
        })
        .unzip()
}

fn is_primitive_integer(ty: &Type) -> bool {
    const INTEGERS: [&str; 12] = [
        "i8", "i16", "i32", "i64", "i128", "isize", "u8", "u16", "u32", "u64", "u128", "usize",
    ];
    match ty {
        Type::Path(path) if path.qself.is_none() => path
            .path
            .get_ident()
            .is_some_and(|ident| INTEGERS.iter().any(|name| ident == name)),
        _ => false,
    }
}

/// The attribute value of a key, from the converted parameters.
fn key_value(model: &ModelDef, key: &KeyDef) -> TokenStream {
    match &key.source {
        KeySource::Template { template, .. } => {
            let value = render(template, |name| {
                match model.fields.iter().find(|f| f.name == name) {
                    Some(f) => {
                        let ident = &f.ident;
                        quote!(#ident)
                    }
                    None => quote!(""),
                }
            });
            quote!(::dynorm::Value::S(#value))
        }
        // Field-list keys are written by `field_list_keys::constructors`,
        // and an index key is a template or a field.
        KeySource::FieldList(_) => {
            quote!(::core::compile_error!(
                "field-list keys are written by the key conventions"
            ))
        }
        KeySource::Field(i) => {
            let field = &model.fields[*i];
            let ident = &field.ident;
            let ty = &field.ty;
            quote_spanned!(ty.span()=> ::dynorm::model::ToKeyValue::to_key_value(&#ident))
        }
    }
}

pub(super) fn field_list(model: &ModelDef, fields: &[usize]) -> String {
    if fields.is_empty() {
        return String::new();
    }
    let names: Vec<String> = fields
        .iter()
        .map(|&i| format!("`{}`", model.fields[i].name))
        .collect();
    format!(" ({})", names.join(", "))
}
