//! `Model::derived_attributes`: template keys, index keys and the entity type.

use super::render::{binding, render};
use crate::model_def::{KeyDef, KeySource, ModelDef};
use proc_macro2::TokenStream;
use quote::quote;

/// `fn derived_attributes(&self) -> Result<Item>`.
pub fn derived_attributes_fn(model: &ModelDef) -> TokenStream {
    let mut written: Vec<&str> = Vec::new();
    let mut inserts = Vec::new();
    inserts.extend(super::field_list_keys::write_keys(model));
    let primary = std::iter::once(&model.partition_key).chain(model.sort_key.as_ref());
    for key in primary {
        if let Some(code) = template_insert(model, key, true, &mut written) {
            inserts.push(code);
        }
    }
    for index in &model.indexes {
        // A local index's partition key is the table's, written above.
        let partition = index.global.then_some(&index.partition_key);
        for key in partition.into_iter().chain(index.sort_key.as_ref()) {
            if let Some(code) = template_insert(model, key, false, &mut written) {
                inserts.push(code);
            }
        }
    }
    if let Some(entity) = &model.entity {
        let attribute = &entity.attribute;
        let name = &entity.name;
        inserts.push(quote! {
            __dynorm_item.insert(
                #attribute,
                ::dynorm::Value::S(::std::string::String::from(#name)),
            );
        });
    }
    let mutability = if inserts.is_empty() {
        quote!()
    } else {
        quote!(mut)
    };
    quote! {
        fn derived_attributes(&self) -> ::dynorm::Result<::dynorm::Item> {
            let #mutability __dynorm_item = ::dynorm::Item::new();
            #(#inserts)*
            ::core::result::Result::Ok(__dynorm_item)
        }
    }
}

/// The statements writing one template key, or `None` for a plain-field key
/// (serde writes it) or an attribute already written.
///
/// An `Option` field that is `None` makes a primary key an error and leaves an
/// index key out (the item is then absent from that sparse index).
fn template_insert<'a>(
    model: &ModelDef,
    key: &'a KeyDef,
    primary: bool,
    written: &mut Vec<&'a str>,
) -> Option<TokenStream> {
    let KeySource::Template { template, .. } = &key.source else {
        return None;
    };
    if written.contains(&key.attribute.as_str()) {
        return None;
    }
    written.push(&key.attribute);
    let attribute = &key.attribute;
    let mut bindings = Vec::new();
    let mut has_optional = false;
    for index in key.field_indexes(&model.fields) {
        let field = &model.fields[index];
        let ident = &field.ident;
        let local = binding(field);
        if field.option_inner.is_none() {
            bindings.push(quote!(let #local = &self.#ident;));
            continue;
        }
        has_optional = true;
        let on_none = if primary {
            let message = format!(
                "{}: key field `{}` is None, but the key attribute `{}` is built from it \
                 (template `{}`)",
                model.ident, field.name, attribute, template.source
            );
            let table = &model.table;
            quote! {
                return ::core::result::Result::Err(::dynorm::Error::validation_in(#table, #message))
            }
        } else {
            quote!(break '__dynorm_key)
        };
        bindings.push(quote! {
            let #local = match &self.#ident {
                ::core::option::Option::Some(value) => value,
                ::core::option::Option::None => #on_none,
            };
        });
    }
    let value = render(template, |name| {
        let field = model.fields.iter().find(|f| f.name == name);
        match field {
            Some(f) => {
                let local = binding(f);
                quote!(#local)
            }
            None => quote!(""),
        }
    });
    let label = (has_optional && !primary).then(|| quote!('__dynorm_key:));
    Some(quote! {
        #label {
            #(#bindings)*
            __dynorm_item.insert(#attribute, ::dynorm::Value::S(#value));
        }
    })
}
